package io.slipway.core.governance;

import static java.util.Objects.requireNonNull;

/** One check evaluated: whether it passed, what was observed, and when. */
public record CheckResult(PromotionCheck check, boolean passed, String observed, long timestamp) {
    public CheckResult {
        requireNonNull(check, "check is null");
        observed = observed == null ? "" : observed;
    }
}
