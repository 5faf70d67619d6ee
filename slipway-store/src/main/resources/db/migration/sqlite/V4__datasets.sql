-- Versioned datasets, SQLite dialect. Keep in step with ../postgresql/V4__datasets.sql.
-- (MLflow's run inputs already use the table name `datasets`; these are Slipway's own.)

CREATE TABLE versioned_datasets (
    dataset_pk        INTEGER PRIMARY KEY AUTOINCREMENT,
    name              TEXT    NOT NULL UNIQUE,
    creation_time     INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL,
    -- the highest version number handed out; it only grows
    last_version      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE dataset_versions (
    dataset_pk    INTEGER NOT NULL REFERENCES versioned_datasets (dataset_pk) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    digest        TEXT    NOT NULL,
    file_count    INTEGER NOT NULL,
    total_size    INTEGER NOT NULL,
    format        TEXT    NOT NULL DEFAULT '',
    schema        TEXT,
    row_count     INTEGER,
    -- per-column statistics (JSON), the reference for validation and drift; null for non-tabular data
    profile       TEXT,
    source        TEXT    NOT NULL DEFAULT '',
    description   TEXT    NOT NULL DEFAULT '',
    created_by    TEXT    NOT NULL DEFAULT '',
    creation_time INTEGER NOT NULL,
    PRIMARY KEY (dataset_pk, version)
) WITHOUT ROWID;

CREATE INDEX dataset_versions_by_digest ON dataset_versions (digest);

CREATE TABLE dataset_version_files (
    dataset_pk INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    path       TEXT    NOT NULL,
    sha256     TEXT    NOT NULL,
    size       INTEGER NOT NULL,
    PRIMARY KEY (dataset_pk, version, path),
    FOREIGN KEY (dataset_pk, version) REFERENCES dataset_versions (dataset_pk, version) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX dataset_version_files_by_sha256 ON dataset_version_files (sha256);

CREATE TABLE dataset_version_tags (
    dataset_pk INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    key        TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    PRIMARY KEY (dataset_pk, version, key),
    FOREIGN KEY (dataset_pk, version) REFERENCES dataset_versions (dataset_pk, version) ON DELETE CASCADE
) WITHOUT ROWID;

-- a version being added: invisible until committed
CREATE TABLE dataset_uploads (
    upload_id     TEXT    NOT NULL PRIMARY KEY,
    name          TEXT    NOT NULL,
    format        TEXT    NOT NULL DEFAULT '',
    schema        TEXT,
    row_count     INTEGER,
    profile       TEXT,
    source        TEXT    NOT NULL DEFAULT '',
    description   TEXT    NOT NULL DEFAULT '',
    created_by    TEXT    NOT NULL DEFAULT '',
    creation_time INTEGER NOT NULL
);

CREATE INDEX dataset_uploads_by_time ON dataset_uploads (creation_time);

CREATE TABLE dataset_upload_files (
    upload_id TEXT    NOT NULL REFERENCES dataset_uploads (upload_id) ON DELETE CASCADE,
    path      TEXT    NOT NULL,
    sha256    TEXT    NOT NULL,
    size      INTEGER NOT NULL,
    PRIMARY KEY (upload_id, path)
) WITHOUT ROWID;

CREATE TABLE dataset_upload_tags (
    upload_id TEXT NOT NULL REFERENCES dataset_uploads (upload_id) ON DELETE CASCADE,
    key       TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (upload_id, key)
) WITHOUT ROWID;

-- datasets get permissions like experiments and models: widen the resource types (SQLite cannot alter a CHECK)
CREATE TABLE permissions_v4 (
    user_pk       INTEGER NOT NULL REFERENCES users (user_pk) ON DELETE CASCADE,
    resource_type TEXT    NOT NULL CHECK (resource_type IN ('experiment', 'registered_model', 'dataset')),
    resource_id   TEXT    NOT NULL,
    permission    TEXT    NOT NULL CHECK (permission IN ('NO_PERMISSIONS', 'READ', 'EDIT', 'MANAGE')),
    PRIMARY KEY (user_pk, resource_type, resource_id)
) WITHOUT ROWID;

INSERT INTO permissions_v4 (user_pk, resource_type, resource_id, permission)
SELECT user_pk, resource_type, resource_id, permission FROM permissions;

DROP TABLE permissions;

ALTER TABLE permissions_v4 RENAME TO permissions;

CREATE INDEX permissions_by_resource ON permissions (resource_type, resource_id);
