package io.slipway.core.serving;

import io.slipway.core.SlipwayException;

/**
 * When a candidate is rolled back: its error rate above {@code maxErrorRate} (0 to 1) or its p99
 * latency above {@code maxP99Millis}, measured over {@code windowMillis} once it has answered at
 * least {@code minRequests}. A null bound is no bound, but a policy has at least one.
 */
public record RollbackPolicy(Double maxErrorRate, Double maxP99Millis, int minRequests, long windowMillis) {
    public RollbackPolicy {
        if (maxErrorRate == null && maxP99Millis == null) {
            throw SlipwayException.invalidParameter(
                    "Parameter 'rollback' needs at least one bound: 'rollback.max_error_rate' or 'rollback.max_p99_millis'.");
        }
        if (maxErrorRate != null && !(maxErrorRate >= 0 && maxErrorRate <= 1)) {
            throw SlipwayException.invalidParameter(
                    "Invalid value %s for parameter 'rollback.max_error_rate': a fraction from 0 to 1.", maxErrorRate);
        }
        if (maxP99Millis != null && !(maxP99Millis > 0 && Double.isFinite(maxP99Millis))) {
            throw SlipwayException.invalidParameter(
                    "Invalid value %s for parameter 'rollback.max_p99_millis': a finite number of milliseconds above 0.", maxP99Millis);
        }
        if (minRequests < 1) {
            throw SlipwayException.invalidParameter("Invalid value %d for parameter 'rollback.min_requests': at least 1.", minRequests);
        }
        if (windowMillis <= 0) {
            throw SlipwayException.invalidParameter(
                    "Invalid value %d for parameter 'rollback.window_millis': a number of milliseconds above 0.", windowMillis);
        }
    }
}
