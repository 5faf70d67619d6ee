-- Experiment tracking, SQLite dialect. Keep in step with ../postgresql/V1__tracking.sql.
-- Child rows of runs carry no foreign key on the hot metrics table: the store checks, inside
-- each write transaction, that the run exists and is active, and runs are never hard-deleted.

CREATE TABLE experiments (
    experiment_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    name              TEXT    NOT NULL UNIQUE,
    artifact_location TEXT    NOT NULL,
    lifecycle_stage   TEXT    NOT NULL DEFAULT 'active' CHECK (lifecycle_stage IN ('active', 'deleted')),
    creation_time     INTEGER NOT NULL,
    last_update_time  INTEGER NOT NULL
);

CREATE TABLE experiment_tags (
    experiment_id INTEGER NOT NULL REFERENCES experiments (experiment_id),
    key           TEXT    NOT NULL,
    value         TEXT    NOT NULL,
    PRIMARY KEY (experiment_id, key)
) WITHOUT ROWID;

-- run_pk is the compact key child rows use; run_uuid is the id clients see.
CREATE TABLE runs (
    run_pk          INTEGER PRIMARY KEY AUTOINCREMENT,
    run_uuid        TEXT    NOT NULL UNIQUE,
    experiment_id   INTEGER NOT NULL REFERENCES experiments (experiment_id),
    name            TEXT    NOT NULL,
    user_id         TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED')),
    start_time      INTEGER NOT NULL,
    end_time        INTEGER,
    artifact_uri    TEXT    NOT NULL,
    lifecycle_stage TEXT    NOT NULL DEFAULT 'active' CHECK (lifecycle_stage IN ('active', 'deleted')),
    deleted_time    INTEGER
);

CREATE INDEX runs_by_experiment ON runs (experiment_id, start_time DESC, run_uuid);

CREATE TABLE params (
    run_pk   INTEGER NOT NULL REFERENCES runs (run_pk),
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (run_pk, key)
) WITHOUT ROWID;

CREATE INDEX params_by_key ON params (key, value);

CREATE TABLE tags (
    run_pk   INTEGER NOT NULL REFERENCES runs (run_pk),
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (run_pk, key)
) WITHOUT ROWID;

CREATE INDEX tags_by_key ON tags (key, value);

-- Every logged point. The key makes an identical re-send a no-op and serves history reads in order.
CREATE TABLE metrics (
    run_pk    INTEGER NOT NULL,
    key       TEXT    NOT NULL,
    step      INTEGER NOT NULL,
    timestamp INTEGER NOT NULL,
    value     REAL    NOT NULL,  -- 0 when is_nan: SQLite would store NaN as NULL
    is_nan    INTEGER NOT NULL,
    PRIMARY KEY (run_pk, key, step, timestamp, value, is_nan)
) WITHOUT ROWID;

-- The latest point of each metric of each run (greatest step, timestamp, value): what search reads.
CREATE TABLE latest_metrics (
    run_pk    INTEGER NOT NULL REFERENCES runs (run_pk),
    key       TEXT    NOT NULL,
    step      INTEGER NOT NULL,
    timestamp INTEGER NOT NULL,
    value     REAL    NOT NULL,
    is_nan    INTEGER NOT NULL,
    PRIMARY KEY (run_pk, key)
) WITHOUT ROWID;

CREATE INDEX latest_metrics_by_key ON latest_metrics (key, value);

CREATE TABLE datasets (
    dataset_uuid  TEXT    NOT NULL PRIMARY KEY,
    experiment_id INTEGER NOT NULL REFERENCES experiments (experiment_id),
    name          TEXT    NOT NULL,
    digest        TEXT    NOT NULL,
    source_type   TEXT    NOT NULL,
    source        TEXT    NOT NULL,
    schema        TEXT,
    profile       TEXT,
    UNIQUE (experiment_id, name, digest)
);

CREATE TABLE run_inputs (
    run_pk       INTEGER NOT NULL REFERENCES runs (run_pk),
    dataset_uuid TEXT NOT NULL REFERENCES datasets (dataset_uuid),
    PRIMARY KEY (run_pk, dataset_uuid)
) WITHOUT ROWID;

CREATE TABLE run_input_tags (
    run_pk       INTEGER NOT NULL,
    dataset_uuid TEXT NOT NULL,
    key          TEXT NOT NULL,
    value        TEXT NOT NULL,
    PRIMARY KEY (run_pk, dataset_uuid, key),
    FOREIGN KEY (run_pk, dataset_uuid) REFERENCES run_inputs (run_pk, dataset_uuid)
) WITHOUT ROWID;

INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
VALUES (0, 'Default', '${default_artifact_root}0', 'active',
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
