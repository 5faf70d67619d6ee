package io.slipway.core.data.profile;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Counts of a numeric column's non-null values in bins: bin {@code i} holds the values in
 * {@code [binEdges[i], binEdges[i + 1])}, the last bin also its upper edge. The edges are fixed
 * when the reference is profiled, so live traffic can be binned the same way for PSI or
 * chi-square; values outside the edges then fall into neither (the drift check counts them apart).
 */
public record Histogram(List<Double> binEdges, List<Long> counts) {
    public Histogram {
        binEdges = List.copyOf(requireNonNull(binEdges, "binEdges is null"));
        counts = List.copyOf(requireNonNull(counts, "counts is null"));
        if (counts.isEmpty() || binEdges.size() != counts.size() + 1) {
            throw new IllegalArgumentException("a histogram has n >= 1 bins and n + 1 edges, got " + counts.size() + " bins and "
                    + binEdges.size() + " edges");
        }
        for (int i = 1; i < binEdges.size(); i++) {
            if (!(binEdges.get(i - 1) <= binEdges.get(i))) {
                throw new IllegalArgumentException("bin edges must not decrease: " + binEdges);
            }
        }
        if (counts.stream().anyMatch(c -> c < 0)) {
            throw new IllegalArgumentException("negative bin count: " + counts);
        }
    }

    public long total() {
        return counts.stream().mapToLong(Long::longValue).sum();
    }
}
