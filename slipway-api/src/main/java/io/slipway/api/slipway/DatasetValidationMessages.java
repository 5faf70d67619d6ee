package io.slipway.api.slipway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.core.data.DatasetValidation;
import io.slipway.core.data.validation.ValidationReport;
import java.util.List;

/**
 * Stored dataset versions checked against expectation suites, under {@code
 * /api/2.0/slipway/datasets/} (see docs/data.md): create a validation, list and read them, and
 * suggest a suite from a version's profile. Versions are named as in {@link DatasetMessages}.
 */
public final class DatasetValidationMessages {
    private DatasetValidationMessages() {}

    /** POST datasets/validations/create: the version (null: the latest) and the suite, as YAML text. */
    public record CreateValidation(String name, Integer version, String suite) {}

    /** GET datasets/validations/list: of one version, or of every version when {@code version} is null; newest first. */
    public record ListValidations(String name, Integer version, Integer maxResults) {}

    /** GET datasets/validations/get. */
    public record ValidationRef(String id) {}

    /**
     * A validation on the wire: the stored one with its report as JSON rather than text. {@code
     * suite} and {@code report} are left out when validations are listed.
     */
    public record ValidationView(String id, String name, int version, boolean passed, int failedErrors, int failedWarnings,
            ValidationReport report, String suite, String createdBy, long creationTimestamp) {
        /** {@code json} reads the stored report: the wire API's own mapping, which wrote it. */
        public static ValidationView of(DatasetValidation v, ObjectMapper json) {
            ValidationReport report;
            try {
                report = v.report() == null ? null : json.readValue(v.report(), ValidationReport.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("The stored report of validation " + v.id() + " cannot be read", e);
            }
            return new ValidationView(v.id(), v.name(), v.version(), v.passed(), v.failedErrors(), v.failedWarnings(), report, v.suite(),
                    v.createdBy(), v.creationTimestamp());
        }

        /** {@code name@version}, the version it checked. */
        public String reference() {
            return name + "@" + version;
        }
    }

    public record ValidationResponse(ValidationView validation) {}

    public record ValidationsResponse(List<ValidationView> validations) {}

    /** GET datasets/suggest: the proposed suite as YAML text, for a person to review. */
    public record SuggestResponse(String suite) {}
}
