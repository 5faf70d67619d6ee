package io.slipway.ml.eval;

/**
 * sklearn's {@code precision_recall_curve}: recall decreasing to a last point (recall 0, precision 1)
 * that has no threshold, so {@code thresholds} is one shorter than the two rates.
 */
public record PrecisionRecallCurve(double[] precision, double[] recall, double[] thresholds) {
    public int size() {
        return precision.length;
    }
}
