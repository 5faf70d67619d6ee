package io.slipway.core.serving;

import io.slipway.core.SlipwayException;
import java.util.regex.Pattern;

/** Checks shared by the deployment records; each names the offending field in its error. */
final class DeploymentValidation {
    static final int MAX_REASON_LENGTH = 5000;
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,8}");

    private DeploymentValidation() {}

    /** Registered model versions are positive integers, sent as strings. */
    static void validateVersion(String version, String field) {
        if (version == null || version.isEmpty()) {
            throw SlipwayException.missingParameter(field);
        }
        if (!VERSION.matcher(version).matches()) {
            throw SlipwayException.invalidParameter("Invalid value '%s' for parameter '%s': model versions are positive integers.",
                    version, field);
        }
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw SlipwayException.missingParameter(field);
        }
    }

    static void validateTimestamp(long timestamp, String field) {
        if (timestamp < 0) {
            throw SlipwayException.invalidParameter("Invalid value %d for parameter '%s': milliseconds since the epoch.", timestamp, field);
        }
    }

    static void validateLength(String value, int max, String field) {
        if (value != null && value.length() > max) {
            throw SlipwayException.invalidParameter("Parameter '%s' had length %d, which exceeded length limit of %d.",
                    field, value.length(), max);
        }
    }
}
