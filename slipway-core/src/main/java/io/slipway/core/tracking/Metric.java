package io.slipway.core.tracking;

import static java.util.Objects.requireNonNull;

/** One point of a metric's history. NaN and the infinities are legal values. */
public record Metric(String key, double value, long timestamp, long step) {
    public Metric {
        requireNonNull(key, "key is null");
    }

    /** MLflow's order for "latest": the greatest (step, timestamp, value). */
    public boolean isLaterThan(Metric other) {
        if (step != other.step) {
            return step > other.step;
        }
        if (timestamp != other.timestamp) {
            return timestamp > other.timestamp;
        }
        return Double.compare(value, other.value) > 0;
    }
}
