package io.slipway.core.data;

import static java.util.Objects.requireNonNull;

/**
 * A dataset version checked against an expectation suite, as stored with the version: the suite
 * as written (YAML) and the report as JSON text (what the version's profile is too), with its
 * verdict and counts pulled out so that listing validations reads neither. {@code suite} and
 * {@code report} are null when validations are listed and set when one is read.
 *
 * @param id 32 hexadecimal characters
 * @param passed no expectation of error severity failed
 * @param failedErrors failed expectations of error severity
 * @param failedWarnings failed expectations of warning severity (they do not fail the validation)
 */
public record DatasetValidation(
        String id,
        String name,
        int version,
        boolean passed,
        int failedErrors,
        int failedWarnings,
        String suite,
        String report,
        String createdBy,
        long creationTimestamp) {
    public DatasetValidation {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        createdBy = createdBy == null ? "" : createdBy;
        if (passed != (failedErrors == 0)) {
            throw new IllegalArgumentException("passed is " + passed + " with " + failedErrors + " failed errors");
        }
    }

    /** Without the suite and the report: how validations are listed. */
    public DatasetValidation summary() {
        return new DatasetValidation(id, name, version, passed, failedErrors, failedWarnings, null, null, createdBy, creationTimestamp);
    }

    /** {@code name@version}, the version it checked. */
    public String reference() {
        return name + "@" + version;
    }
}
