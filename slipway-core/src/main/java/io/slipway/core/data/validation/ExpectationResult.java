package io.slipway.core.data.validation;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one expectation of a suite fared against a dataset.
 *
 * @param kind the expectation, as the suite names it: {@code not_null}, {@code between}, ...
 * @param column the column it is about; null for dataset-wide expectations like {@code row_count_between}
 * @param observed what was found, as text: a null fraction, a range, a mean, the column's type
 * @param failingCount the rows that broke a row-level expectation; 0 for the others
 * @param failingExamples up to {@link #MAX_EXAMPLES} of those rows, column name to value as text (null for SQL NULL)
 */
public record ExpectationResult(String kind, String column, Severity severity, boolean passed, String observed, long failingCount,
        List<Map<String, String>> failingExamples) {
    public static final int MAX_EXAMPLES = 5;

    public ExpectationResult {
        requireNonNull(kind, "kind is null");
        requireNonNull(severity, "severity is null");
        if (failingCount < 0) {
            throw new IllegalArgumentException("negative failing count: " + failingCount);
        }
        failingExamples = failingExamples == null ? List.of()
                // rows hold SQL NULLs, which Map.copyOf refuses
                : failingExamples.stream().map(row -> Collections.unmodifiableMap(new LinkedHashMap<>(row))).toList();
        if (failingExamples.size() > MAX_EXAMPLES) {
            throw new IllegalArgumentException("more than " + MAX_EXAMPLES + " failing examples");
        }
    }

    /** Whether this result fails the validation: a failed expectation of error severity. */
    public boolean failsValidation() {
        return !passed && severity == Severity.ERROR;
    }
}
