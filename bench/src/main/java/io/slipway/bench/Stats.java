package io.slipway.bench;

import java.util.Arrays;
import java.util.List;

/** Summary of repeated timings, in milliseconds. */
record Stats(int samples, double median, double p95, double min, double max) {
    static Stats ofNanos(List<Long> nanos) {
        double[] ms = nanos.stream().mapToDouble(n -> n / 1e6).sorted().toArray();
        if (ms.length == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Stats(ms.length, percentile(ms, 50), percentile(ms, 95), ms[0], ms[ms.length - 1]);
    }

    private static double percentile(double[] sorted, double p) {
        double rank = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    @Override
    public String toString() {
        return String.format("median %.1f ms, p95 %.1f ms, min %.1f ms, max %.1f ms (n=%d)", median, p95, min, max, samples);
    }

    static String fmt(double value) {
        return String.format("%,.0f", value);
    }

    static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return percentile(sorted, 50);
    }
}
