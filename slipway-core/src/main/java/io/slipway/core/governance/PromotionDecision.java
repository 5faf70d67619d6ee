package io.slipway.core.governance;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** One reviewer's decision on a request, with the check results seen when it was made. */
public record PromotionDecision(String username, Verdict verdict, String comment, long timestamp, List<CheckResult> checkResults) {
    public PromotionDecision {
        requireNonNull(username, "username is null");
        requireNonNull(verdict, "verdict is null");
        comment = comment == null ? "" : comment;
        checkResults = List.copyOf(requireNonNull(checkResults, "checkResults is null"));
    }
}
