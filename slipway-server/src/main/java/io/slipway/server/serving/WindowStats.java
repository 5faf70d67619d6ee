package io.slipway.server.serving;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Requests, errors and latencies of one model version over a sliding window, for the rollback
 * bounds: the window is ten slices that are reused as time moves on; latencies go into
 * logarithmic bins (10 % wide from 10 µs), so the p99 is known within 10 %.
 */
final class WindowStats {
    private static final int SLICES = 10;
    private static final int BINS = 200;
    private static final double FIRST_BIN_MICROS = 10;
    private static final double GROWTH = Math.log(1.1);

    private final long sliceNanos;
    private final LongSupplier nanoTime;
    private final long[] sliceEpoch = new long[SLICES];
    private final long[] requests = new long[SLICES];
    private final long[] errors = new long[SLICES];
    private final long[][] bins = new long[SLICES][BINS];

    WindowStats(long windowMillis, LongSupplier nanoTime) {
        this.sliceNanos = Math.max(1, windowMillis * 1_000_000 / SLICES);
        this.nanoTime = nanoTime;
        Arrays.fill(sliceEpoch, -1);
    }

    /** One request's latency and whether it failed. */
    synchronized void record(long latencyNanos, boolean error) {
        int slice = current();
        requests[slice]++;
        if (error) {
            errors[slice]++;
        }
        bins[slice][bin(latencyNanos)]++;
    }

    /** The window's totals now. */
    synchronized Snapshot snapshot() {
        long epoch = nanoTime.getAsLong() / sliceNanos;
        long total = 0;
        long failed = 0;
        long[] merged = new long[BINS];
        for (int slice = 0; slice < SLICES; slice++) {
            if (sliceEpoch[slice] < 0 || epoch - sliceEpoch[slice] >= SLICES) {
                continue;
            }
            total += requests[slice];
            failed += errors[slice];
            for (int bin = 0; bin < BINS; bin++) {
                merged[bin] += bins[slice][bin];
            }
        }
        double p99 = 0;
        long needed = (long) Math.ceil(total * 0.99);
        long seen = 0;
        for (int bin = 0; bin < BINS && total > 0; bin++) {
            seen += merged[bin];
            if (seen >= needed) {
                p99 = upperMillis(bin);
                break;
            }
        }
        return new Snapshot(total, failed, p99);
    }

    private int current() {
        long epoch = nanoTime.getAsLong() / sliceNanos;
        int slice = (int) (epoch % SLICES);
        if (sliceEpoch[slice] != epoch) {
            sliceEpoch[slice] = epoch;
            requests[slice] = 0;
            errors[slice] = 0;
            Arrays.fill(bins[slice], 0);
        }
        return slice;
    }

    static int bin(long latencyNanos) {
        double micros = latencyNanos / 1000.0;
        if (micros <= FIRST_BIN_MICROS) {
            return 0;
        }
        return (int) Math.min(BINS - 1, Math.ceil(Math.log(micros / FIRST_BIN_MICROS) / GROWTH));
    }

    /** The upper bound of {@code bin}, in milliseconds. */
    static double upperMillis(int bin) {
        return FIRST_BIN_MICROS * Math.exp(GROWTH * bin) / 1000.0;
    }

    /** Requests and errors in the window, and the p99 latency in milliseconds (an upper bound within 10 %). */
    record Snapshot(long requests, long errors, double p99Millis) {
        double errorRate() {
            return requests == 0 ? 0 : (double) errors / requests;
        }
    }
}
