package io.slipway.core.data.profile;

/**
 * The 1st, 5th, 25th, 50th, 75th, 95th and 99th percentiles of a numeric column's non-null values.
 * They may be approximate (the profiler says how it computes them); they never decrease.
 */
public record Quantiles(double p01, double p05, double p25, double p50, double p75, double p95, double p99) {
    /** The probabilities, in component order. */
    public static final double[] PROBABILITIES = {0.01, 0.05, 0.25, 0.50, 0.75, 0.95, 0.99};

    public Quantiles {
        double[] values = {p01, p05, p25, p50, p75, p95, p99};
        for (int i = 1; i < values.length; i++) {
            if (!(values[i - 1] <= values[i]) && !Double.isNaN(values[i - 1]) && !Double.isNaN(values[i])) {
                throw new IllegalArgumentException("quantiles decrease: p" + PROBABILITIES[i - 1] + " = " + values[i - 1]
                        + " > p" + PROBABILITIES[i] + " = " + values[i]);
            }
        }
    }

    /** From values in {@link #PROBABILITIES} order. */
    public static Quantiles of(double[] values) {
        if (values.length != PROBABILITIES.length) {
            throw new IllegalArgumentException("expected " + PROBABILITIES.length + " quantiles, got " + values.length);
        }
        return new Quantiles(values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
    }
}
