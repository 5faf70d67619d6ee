package io.slipway.ml.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The errors of a regression, each defined as its scikit-learn 1.2 namesake (docs/ml.md, "Evaluation").
 *
 * @param r2   sklearn {@code r2_score}; with a constant target it is 1 for exact predictions and 0 otherwise
 * @param mape sklearn {@code mean_absolute_percentage_error}: a fraction, not a percentage, and a zero
 *             target divides by the float64 machine epsilon, so it can be enormous
 */
public record RegressionMetrics(int rows, double rmse, double mae, double r2, double mape) {
    /** sklearn's {@code np.finfo(np.float64).eps}, the floor of MAPE's denominator. */
    public static final double MAPE_EPS = Math.ulp(1.0);

    public static RegressionMetrics of(double[] actual, double[] predicted) {
        Inputs.finite("actual", actual);
        Inputs.finite("predicted", predicted);
        Inputs.checkRows("actual", actual.length, "predicted", predicted.length);
        int n = actual.length;
        double[] squared = new double[n];
        double[] absolute = new double[n];
        double[] percentage = new double[n];
        for (int i = 0; i < n; i++) {
            double error = actual[i] - predicted[i];
            squared[i] = error * error;
            absolute[i] = Math.abs(error);
            percentage[i] = absolute[i] / Math.max(Math.abs(actual[i]), MAPE_EPS);
        }
        double mean = NumpySum.mean(actual);
        double[] spread = new double[n];
        for (int i = 0; i < n; i++) {
            double d = actual[i] - mean;
            spread[i] = d * d;
        }
        return new RegressionMetrics(n, Math.sqrt(NumpySum.mean(squared)), NumpySum.mean(absolute),
                r2(NumpySum.sum(squared), NumpySum.sum(spread)), NumpySum.mean(percentage));
    }

    /** The scalar metrics by snake_case name, in a fixed order; what a {@link Comparison} subtracts. */
    public Map<String, Double> scalars() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("rmse", rmse);
        m.put("mae", mae);
        m.put("r2", r2);
        m.put("mape", mape);
        return Collections.unmodifiableMap(m);
    }

    /** sklearn's force_finite: a constant target scores 1 if predicted exactly, else 0, rather than NaN or -inf. */
    private static double r2(double residual, double total) {
        if (total == 0) {
            return residual == 0 ? 1.0 : 0.0;
        }
        return residual == 0 ? 1.0 : 1 - residual / total;
    }
}
