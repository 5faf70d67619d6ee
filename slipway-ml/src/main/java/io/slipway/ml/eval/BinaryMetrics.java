package io.slipway.ml.eval;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scores of a binary classifier on labelled rows, each defined as its scikit-learn 1.2 namesake
 * (docs/ml.md, "Evaluation", has every definition).
 *
 * <p>A row is predicted positive when its probability is at least {@code threshold}. Precision, recall and
 * F1 are 0 when their denominator is (sklearn's {@code zero_division} answer). {@code rocAuc} and
 * {@code prAuc} are null only in {@link #allowingOneClass} results whose labels hold one class.
 */
public record BinaryMetrics(
        int rows,
        int positives,
        double threshold,
        Double rocAuc,
        Double prAuc,
        double logLoss,
        double accuracy,
        double precision,
        double recall,
        double f1,
        ConfusionMatrix confusion,
        double expectedCalibrationError) {

    /**
     * Probabilities are clipped to {@code [eps, 1 - eps]} before the log loss, as sklearn 1.2's
     * {@code eps='auto'} does for float64: eps is the machine epsilon, not the 1e-15 of sklearn &lt; 1.2.
     */
    public static final double LOG_LOSS_EPS = Math.ulp(1.0);

    public BinaryMetrics {
        requireNonNull(confusion, "confusion is null");
    }

    /** All metrics; throws when the labels hold one class, for which sklearn's AUCs are undefined. */
    public static BinaryMetrics of(boolean[] labels, double[] probabilities, double threshold) {
        check(labels, probabilities, threshold);
        Inputs.checkBothClasses("roc_auc", labels);
        return compute(labels, probabilities, threshold);
    }

    /** {@link #of(boolean[], double[], double)} with labels 0 and 1. */
    public static BinaryMetrics of(int[] labels, double[] probabilities, double threshold) {
        return of(Inputs.binaryLabels("labels", labels), probabilities, threshold);
    }

    /** Like {@link #of(boolean[], double[], double)}, but one class only leaves both AUCs null instead of throwing. */
    public static BinaryMetrics allowingOneClass(boolean[] labels, double[] probabilities, double threshold) {
        check(labels, probabilities, threshold);
        return compute(labels, probabilities, threshold);
    }

    /** sklearn {@code roc_auc_score}: the trapezoidal area under {@link BinaryCurves#roc}; ties count as half. */
    public static double rocAuc(boolean[] labels, double[] scores) {
        RocCurve roc = BinaryCurves.roc(labels, scores);
        double[] x = roc.falsePositiveRate();
        double[] y = roc.truePositiveRate();
        double[] areas = new double[x.length - 1];
        for (int i = 0; i < areas.length; i++) {
            areas[i] = (x[i + 1] - x[i]) * (y[i + 1] + y[i]) / 2.0;
        }
        return NumpySum.sum(areas);
    }

    /** sklearn {@code average_precision_score}: precision weighted by each step in recall, no interpolation. */
    public static double averagePrecision(boolean[] labels, double[] scores) {
        PrecisionRecallCurve pr = BinaryCurves.precisionRecall(labels, scores);
        double[] steps = new double[pr.size() - 1];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = (pr.recall()[i + 1] - pr.recall()[i]) * pr.precision()[i];
        }
        return -NumpySum.sum(steps);
    }

    /** sklearn 1.2 {@code log_loss(labels, probabilities, labels=[0, 1])}: clipped, renormalized, averaged. */
    public static double logLoss(boolean[] labels, double[] probabilities) {
        requireNonNull(labels, "labels is null");
        Inputs.probabilities("probabilities", probabilities);
        Inputs.checkRows("labels", labels.length, "probabilities", probabilities.length);
        double[] losses = new double[labels.length];
        for (int i = 0; i < losses.length; i++) {
            double p = Math.min(Math.max(probabilities[i], LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
            double sum = (1 - p) + p;
            losses[i] = -Math.log((labels[i] ? p : 1 - p) / sum);
        }
        return NumpySum.mean(losses);
    }

    /** The decisions at {@code threshold}: a row is predicted positive when its probability is at least the threshold. */
    public static ConfusionMatrix confusion(boolean[] labels, double[] probabilities, double threshold) {
        check(labels, probabilities, threshold);
        long tn = 0;
        long fp = 0;
        long fn = 0;
        long tp = 0;
        for (int i = 0; i < labels.length; i++) {
            boolean predicted = probabilities[i] >= threshold;
            if (labels[i]) {
                tp += predicted ? 1 : 0;
                fn += predicted ? 0 : 1;
            } else {
                fp += predicted ? 1 : 0;
                tn += predicted ? 0 : 1;
            }
        }
        return new ConfusionMatrix(tn, fp, fn, tp);
    }

    /** sum over the non-empty bins of (rows in bin / rows) * |mean predicted - fraction positive|. */
    public static double expectedCalibrationError(CalibrationCurve curve) {
        long rows = 0;
        for (long count : curve.counts()) {
            rows += count;
        }
        double error = 0;
        for (int k = 0; k < curve.size(); k++) {
            error += (double) curve.counts()[k] / rows * Math.abs(curve.meanPredicted()[k] - curve.fractionPositive()[k]);
        }
        return error;
    }

    /** The scalar metrics by snake_case name, in a fixed order; what a {@link Comparison} subtracts. */
    public Map<String, Double> scalars() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("roc_auc", rocAuc);
        m.put("pr_auc", prAuc);
        m.put("log_loss", logLoss);
        m.put("accuracy", accuracy);
        m.put("precision", precision);
        m.put("recall", recall);
        m.put("f1", f1);
        m.put("expected_calibration_error", expectedCalibrationError);
        m.put("true_negatives", (double) confusion.trueNegatives());
        m.put("false_positives", (double) confusion.falsePositives());
        m.put("false_negatives", (double) confusion.falseNegatives());
        m.put("true_positives", (double) confusion.truePositives());
        return Collections.unmodifiableMap(m);
    }

    private static void check(boolean[] labels, double[] probabilities, double threshold) {
        requireNonNull(labels, "labels is null");
        Inputs.probabilities("probabilities", probabilities);
        Inputs.checkRows("labels", labels.length, "probabilities", probabilities.length);
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold is " + threshold + ": it must be a finite number");
        }
    }

    private static BinaryMetrics compute(boolean[] labels, double[] probabilities, double threshold) {
        int positives = Inputs.positives(labels);
        boolean bothClasses = positives > 0 && positives < labels.length;
        ConfusionMatrix c = confusion(labels, probabilities, threshold);
        double precision = ratio(c.truePositives(), c.truePositives() + c.falsePositives());
        double recall = ratio(c.truePositives(), c.truePositives() + c.falseNegatives());
        // sklearn 1.2 derives F1 from precision and recall (not from counts), 0 when both are 0.
        double f1 = precision + recall == 0 ? 0 : 2.0 * precision * recall / (precision + recall);
        return new BinaryMetrics(
                labels.length,
                positives,
                threshold,
                bothClasses ? rocAuc(labels, probabilities) : null,
                bothClasses ? averagePrecision(labels, probabilities) : null,
                logLoss(labels, probabilities),
                (double) (c.truePositives() + c.trueNegatives()) / labels.length,
                precision,
                recall,
                f1,
                c,
                expectedCalibrationError(BinaryCurves.calibration(labels, probabilities, BinaryCurves.CALIBRATION_BINS)));
    }

    /** sklearn's zero_division=0: a ratio over nothing is 0. */
    static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }
}
