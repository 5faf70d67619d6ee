package io.slipway.ml.eval;

/**
 * sklearn's {@code calibration_curve(strategy='uniform')}: one point per non-empty bin of equal width,
 * with the rows that fell in it ({@code counts}, which sklearn does not return but the ECE needs).
 */
public record CalibrationCurve(double[] meanPredicted, double[] fractionPositive, long[] counts) {
    public int size() {
        return meanPredicted.length;
    }
}
