-- Validations of dataset versions against expectation suites, SQLite dialect.
-- Keep in step with ../postgresql/V5__dataset_validations.sql.

CREATE TABLE dataset_validations (
    validation_id   TEXT    NOT NULL PRIMARY KEY,
    dataset_pk      INTEGER NOT NULL,
    version         INTEGER NOT NULL,
    -- the suite as the caller wrote it (YAML), so a report can be read against what was asked
    suite           TEXT    NOT NULL,
    -- the ValidationReport as JSON: each expectation's outcome, observed value and failing row examples
    report          TEXT    NOT NULL,
    passed          INTEGER NOT NULL CHECK (passed IN (0, 1)),
    failed_errors   INTEGER NOT NULL,
    failed_warnings INTEGER NOT NULL,
    created_by      TEXT    NOT NULL DEFAULT '',
    creation_time   INTEGER NOT NULL,
    FOREIGN KEY (dataset_pk, version) REFERENCES dataset_versions (dataset_pk, version) ON DELETE CASCADE
);

CREATE INDEX dataset_validations_by_version ON dataset_validations (dataset_pk, version, creation_time);
