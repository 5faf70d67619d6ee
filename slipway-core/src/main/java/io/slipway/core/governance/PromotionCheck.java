package io.slipway.core.governance;

import io.slipway.core.SlipwayException;
import java.util.Set;

/**
 * A condition a promotion must meet, recorded with the request and evaluated when it is made and
 * again at every approval. Three kinds:
 * <ul>
 *   <li>{@code metric_threshold}: the candidate run's {@code metric} compared with {@code op}
 *       ({@code >=, >, <=, <}) against {@code threshold};</li>
 *   <li>{@code no_regression}: the candidate's {@code metric} is not worse than that of the version
 *       the alias points at now (by more than {@code tolerance}; {@code higher_is_better} says
 *       which way is worse; passes when the alias is not set yet);</li>
 *   <li>{@code version_tag}: the candidate version carries tag {@code key} with {@code value}
 *       (e.g. {@code validation_status = passed}).</li>
 * </ul>
 */
public record PromotionCheck(
        String type,
        String metric,
        String op,
        Double threshold,
        Boolean higherIsBetter,
        Double tolerance,
        String key,
        String value) {
    public static final String METRIC_THRESHOLD = "metric_threshold";
    public static final String NO_REGRESSION = "no_regression";
    public static final String VERSION_TAG = "version_tag";
    private static final Set<String> OPS = Set.of(">=", ">", "<=", "<");

    public static PromotionCheck metricThreshold(String metric, String op, double threshold) {
        return new PromotionCheck(METRIC_THRESHOLD, metric, op, threshold, null, null, null, null);
    }

    public static PromotionCheck noRegression(String metric, boolean higherIsBetter, double tolerance) {
        return new PromotionCheck(NO_REGRESSION, metric, null, null, higherIsBetter, tolerance, null, null);
    }

    public static PromotionCheck versionTag(String key, String value) {
        return new PromotionCheck(VERSION_TAG, null, null, null, null, null, key, value);
    }

    /** Checks that the fields this kind needs are present and sane; {@code field} names it in errors. */
    public void validate(String field) {
        if (type == null || type.isEmpty()) {
            throw SlipwayException.missingParameter(field + ".type");
        }
        switch (type) {
            case METRIC_THRESHOLD -> {
                require(metric, field + ".metric");
                require(op, field + ".op");
                if (!OPS.contains(op)) {
                    throw SlipwayException.invalidParameter("Invalid value '%s' for parameter '%s.op': expected one of >=, >, <=, <.", op, field);
                }
                if (threshold == null || !Double.isFinite(threshold)) {
                    throw SlipwayException.invalidParameter("Parameter '%s.threshold' must be a finite number.", field);
                }
            }
            case NO_REGRESSION -> {
                require(metric, field + ".metric");
                if (tolerance != null && (!Double.isFinite(tolerance) || tolerance < 0)) {
                    throw SlipwayException.invalidParameter("Parameter '%s.tolerance' must be a finite number >= 0.", field);
                }
            }
            case VERSION_TAG -> {
                require(key, field + ".key");
                require(value, field + ".value");
            }
            default -> throw SlipwayException.invalidParameter(
                    "Invalid value '%s' for parameter '%s.type': expected metric_threshold, no_regression or version_tag.", type, field);
        }
    }

    /** One line a reviewer can read, e.g. {@code val_auc >= 0.9}. */
    public String describe() {
        return switch (type) {
            case METRIC_THRESHOLD -> metric + " " + op + " " + threshold;
            case NO_REGRESSION -> metric + " no worse than the current alias holder"
                    + (tolerance == null || tolerance == 0 ? "" : " (tolerance " + tolerance + ")")
                    + (Boolean.FALSE.equals(higherIsBetter) ? ", lower is better" : "");
            case VERSION_TAG -> "version tag " + key + " = " + value;
            default -> type;
        };
    }

    private static void require(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw SlipwayException.missingParameter(field);
        }
    }
}
