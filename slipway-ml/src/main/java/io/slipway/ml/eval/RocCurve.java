package io.slipway.ml.eval;

/**
 * sklearn's {@code roc_curve(drop_intermediate=True)}: points from (0, 0) to (1, 1); {@code thresholds[0]}
 * is the highest score plus one (scikit-learn 1.2; later versions write infinity there).
 */
public record RocCurve(double[] falsePositiveRate, double[] truePositiveRate, double[] thresholds) {
    public int size() {
        return falsePositiveRate.length;
    }
}
