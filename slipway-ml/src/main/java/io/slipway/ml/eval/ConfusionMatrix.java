package io.slipway.ml.eval;

/** Counts of a binary decision at a threshold; the layout of sklearn's {@code confusion_matrix(...).ravel()}. */
public record ConfusionMatrix(long trueNegatives, long falsePositives, long falseNegatives, long truePositives) {
    public ConfusionMatrix {
        if (trueNegatives < 0 || falsePositives < 0 || falseNegatives < 0 || truePositives < 0) {
            throw new IllegalArgumentException("confusion counts must not be negative");
        }
    }

    public long total() {
        return trueNegatives + falsePositives + falseNegatives + truePositives;
    }
}
