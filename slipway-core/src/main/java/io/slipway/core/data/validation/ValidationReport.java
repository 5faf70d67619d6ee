package io.slipway.core.data.validation;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The outcome of validating a dataset against an expectation suite, one result per expectation in
 * the suite's order. It {@code passed} when no expectation of error severity failed; failed warnings
 * are reported but do not fail it (a CI job exits non-zero only on errors).
 */
public record ValidationReport(boolean passed, List<ExpectationResult> expectations) {
    public ValidationReport {
        expectations = List.copyOf(requireNonNull(expectations, "expectations is null"));
        if (passed != expectations.stream().noneMatch(ExpectationResult::failsValidation)) {
            throw new IllegalArgumentException("passed is " + passed + " but the results say otherwise");
        }
    }

    public static ValidationReport of(List<ExpectationResult> expectations) {
        return new ValidationReport(expectations.stream().noneMatch(ExpectationResult::failsValidation), expectations);
    }

    public List<ExpectationResult> failed() {
        return expectations.stream().filter(r -> !r.passed()).toList();
    }
}
