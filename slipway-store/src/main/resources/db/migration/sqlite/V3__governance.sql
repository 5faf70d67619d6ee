-- Identity, audit trail, promotions, alias history and MLmodel descriptors, SQLite dialect.
-- Keep in step with ../postgresql/V3__governance.sql.

ALTER TABLE model_versions ADD COLUMN mlmodel TEXT;

CREATE TABLE users (
    user_pk       INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT    NOT NULL UNIQUE,
    is_admin      INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    creation_time INTEGER NOT NULL
);

-- only the SHA-256 of a token's secret is kept
CREATE TABLE api_tokens (
    token_id        TEXT    NOT NULL PRIMARY KEY,
    user_pk         INTEGER NOT NULL REFERENCES users (user_pk) ON DELETE CASCADE,
    name            TEXT    NOT NULL DEFAULT '',
    token_hash      TEXT    NOT NULL UNIQUE,
    creation_time   INTEGER NOT NULL,
    expiration_time INTEGER,
    revoked_time    INTEGER
);

CREATE INDEX api_tokens_by_user ON api_tokens (user_pk);

CREATE TABLE permissions (
    user_pk       INTEGER NOT NULL REFERENCES users (user_pk) ON DELETE CASCADE,
    resource_type TEXT    NOT NULL CHECK (resource_type IN ('experiment', 'registered_model')),
    resource_id   TEXT    NOT NULL,
    permission    TEXT    NOT NULL CHECK (permission IN ('NO_PERMISSIONS', 'READ', 'EDIT', 'MANAGE')),
    PRIMARY KEY (user_pk, resource_type, resource_id)
) WITHOUT ROWID;

CREATE INDEX permissions_by_resource ON permissions (resource_type, resource_id);

-- the hash chain: each event carries the hash of the one before it
CREATE TABLE audit_events (
    seq        INTEGER PRIMARY KEY,
    event_time INTEGER NOT NULL,
    actor      TEXT    NOT NULL,
    source_ip  TEXT    NOT NULL DEFAULT '',
    action     TEXT    NOT NULL,
    target     TEXT    NOT NULL DEFAULT '',
    request_id TEXT    NOT NULL DEFAULT '',
    status     INTEGER NOT NULL,
    digest     TEXT    NOT NULL DEFAULT '',
    prev_hash  TEXT    NOT NULL,
    hash       TEXT    NOT NULL
);

CREATE INDEX audit_events_by_actor ON audit_events (actor, seq);
CREATE INDEX audit_events_by_target ON audit_events (target, seq);
CREATE INDEX audit_events_by_time ON audit_events (event_time);

-- one row: the last event's sequence number and hash; appends lock it, so the chain stays one line
CREATE TABLE audit_head (
    id   INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT    NOT NULL
);

INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE promotion_requests (
    request_id         TEXT    NOT NULL PRIMARY KEY,
    model_pk           INTEGER NOT NULL REFERENCES registered_models (model_pk) ON DELETE CASCADE,
    version            INTEGER NOT NULL,
    alias              TEXT    NOT NULL,
    requested_by       TEXT    NOT NULL,
    comment            TEXT    NOT NULL DEFAULT '',
    status             TEXT    NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED')),
    required_approvals INTEGER NOT NULL,
    previous_version   TEXT    NOT NULL DEFAULT '',
    creation_time      INTEGER NOT NULL,
    last_updated_time  INTEGER NOT NULL
);

CREATE INDEX promotion_requests_by_model ON promotion_requests (model_pk, creation_time);

-- the checks a request must pass, in order
CREATE TABLE promotion_checks (
    request_id       TEXT    NOT NULL REFERENCES promotion_requests (request_id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    check_type       TEXT    NOT NULL,
    metric           TEXT,
    op               TEXT,
    threshold        REAL,
    higher_is_better INTEGER,
    tolerance        REAL,
    tag_key          TEXT,
    tag_value        TEXT,
    PRIMARY KEY (request_id, position)
) WITHOUT ROWID;

CREATE TABLE promotion_decisions (
    request_id    TEXT    NOT NULL REFERENCES promotion_requests (request_id) ON DELETE CASCADE,
    username      TEXT    NOT NULL,
    verdict       TEXT    NOT NULL CHECK (verdict IN ('APPROVE', 'REJECT', 'CANCEL')),
    comment       TEXT    NOT NULL DEFAULT '',
    decision_time INTEGER NOT NULL,
    PRIMARY KEY (request_id, username)
) WITHOUT ROWID;

-- check results, as evaluated at request time (evaluated_by = '') and at each approval (the approver)
CREATE TABLE promotion_check_results (
    request_id   TEXT    NOT NULL REFERENCES promotion_requests (request_id) ON DELETE CASCADE,
    evaluated_by TEXT    NOT NULL,
    position     INTEGER NOT NULL,
    passed       INTEGER NOT NULL CHECK (passed IN (0, 1)),
    observed     TEXT    NOT NULL DEFAULT '',
    result_time  INTEGER NOT NULL,
    PRIMARY KEY (request_id, evaluated_by, position)
) WITHOUT ROWID;

CREATE TABLE model_alias_events (
    event_pk         INTEGER PRIMARY KEY AUTOINCREMENT,
    model_pk         INTEGER NOT NULL REFERENCES registered_models (model_pk) ON DELETE CASCADE,
    alias            TEXT    NOT NULL,
    version          TEXT    NOT NULL DEFAULT '',
    previous_version TEXT    NOT NULL DEFAULT '',
    actor            TEXT    NOT NULL DEFAULT '',
    event_time       INTEGER NOT NULL,
    promotion_id     TEXT    NOT NULL DEFAULT ''
);

CREATE INDEX model_alias_events_by_model ON model_alias_events (model_pk, event_pk);
