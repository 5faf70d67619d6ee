-- Deployments (issue 6: serving) and their history, SQLite dialect.
-- Keep in step with ../postgresql/V6__deployments.sql.

-- no foreign key to registered_models: a deployment names versions, and deleting a model must
-- not silently take a serving deployment with it
CREATE TABLE deployments (
    name                    TEXT    NOT NULL PRIMARY KEY,
    model_uri               TEXT    NOT NULL,
    description             TEXT,
    stable_model            TEXT    NOT NULL,
    stable_version          INTEGER NOT NULL,
    candidate_model         TEXT,
    candidate_version       INTEGER,
    candidate_mode          TEXT    CHECK (candidate_mode IN ('CANARY', 'SHADOW')),
    candidate_percent       INTEGER CHECK (candidate_percent BETWEEN 0 AND 100),
    rollback_max_error_rate REAL,
    rollback_max_p99_millis REAL,
    rollback_min_requests   INTEGER,
    rollback_window_millis  INTEGER,
    created_by              TEXT    NOT NULL,
    creation_time           INTEGER NOT NULL,
    last_updated_time       INTEGER NOT NULL,
    CHECK ((candidate_model IS NULL) = (candidate_version IS NULL)
        AND (candidate_model IS NULL) = (candidate_mode IS NULL)
        AND (candidate_model IS NULL) = (candidate_percent IS NULL)),
    CHECK ((rollback_min_requests IS NULL) = (rollback_window_millis IS NULL))
) WITHOUT ROWID;

-- a name's history, numbered from 1; kept when the deployment is deleted
CREATE TABLE deployment_events (
    deployment_name TEXT    NOT NULL,
    seq             INTEGER NOT NULL,
    event_time      INTEGER NOT NULL,
    actor           TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('CREATED', 'CANDIDATE_SET', 'PERCENT_CHANGED', 'PROMOTED', 'ROLLED_BACK',
                                                     'MODEL_MOVED', 'DELETED')),
    from_version    INTEGER,
    to_version      INTEGER,
    reason          TEXT,
    PRIMARY KEY (deployment_name, seq)
) WITHOUT ROWID;
