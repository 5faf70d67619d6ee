package io.slipway.ml.eval;

import static java.util.Objects.requireNonNull;

/** The curves of a binary classifier, computed as scikit-learn 1.2 computes them (see docs/ml.md, "Evaluation"). */
public final class BinaryCurves {
    /** Bins of the calibration curve and of the expected calibration error. */
    public static final int CALIBRATION_BINS = 10;

    private BinaryCurves() {
    }

    /** sklearn {@code roc_curve(y, scores, drop_intermediate=True)}; both classes must be present. */
    public static RocCurve roc(boolean[] labels, double[] scores) {
        checkScores(labels, scores);
        Inputs.checkBothClasses("the ROC curve", labels);
        ThresholdCounts counts = ThresholdCounts.of(labels, scores);
        int n = counts.size();
        // Keep the ends and every corner: drop points collinear with both neighbours (sklearn's second differences).
        int[] kept = new int[n];
        int size = 0;
        long[] tps = counts.truePositives();
        long[] fps = counts.falsePositives();
        for (int i = 0; i < n; i++) {
            boolean corner = n <= 2 || i == 0 || i == n - 1
                    || fps[i + 1] - 2 * fps[i] + fps[i - 1] != 0 || tps[i + 1] - 2 * tps[i] + tps[i - 1] != 0;
            if (corner) {
                kept[size++] = i;
            }
        }
        double[] fpr = new double[size + 1];
        double[] tpr = new double[size + 1];
        double[] thresholds = new double[size + 1];
        double allFalse = fps[n - 1];
        double allTrue = tps[n - 1];
        thresholds[0] = counts.thresholds()[0] + 1;
        for (int k = 0; k < size; k++) {
            int i = kept[k];
            fpr[k + 1] = fps[i] / allFalse;
            tpr[k + 1] = tps[i] / allTrue;
            thresholds[k + 1] = counts.thresholds()[i];
        }
        return new RocCurve(fpr, tpr, thresholds);
    }

    /** sklearn {@code precision_recall_curve(y, scores)}; both classes must be present. */
    public static PrecisionRecallCurve precisionRecall(boolean[] labels, double[] scores) {
        checkScores(labels, scores);
        Inputs.checkBothClasses("the precision-recall curve", labels);
        ThresholdCounts counts = ThresholdCounts.of(labels, scores);
        int n = counts.size();
        double[] precision = new double[n + 1];
        double[] recall = new double[n + 1];
        double[] thresholds = new double[n];
        double allTrue = counts.truePositives()[n - 1];
        for (int i = 0; i < n; i++) {
            int j = n - 1 - i; // reversed: recall decreasing
            long tp = counts.truePositives()[j];
            precision[i] = (double) tp / (tp + counts.falsePositives()[j]);
            recall[i] = tp / allTrue;
            thresholds[i] = counts.thresholds()[j];
        }
        precision[n] = 1;
        recall[n] = 0;
        return new PrecisionRecallCurve(precision, recall, thresholds);
    }

    /**
     * sklearn {@code calibration_curve(y, probabilities, n_bins=bins, strategy='uniform')}: bin {@code k} holds
     * the probabilities in {@code (k/bins, (k+1)/bins]} (the first bin also holds 0), with numpy's edges
     * {@code k * (1.0 / bins)}; empty bins are left out.
     */
    public static CalibrationCurve calibration(boolean[] labels, double[] probabilities, int bins) {
        requireNonNull(labels, "labels is null");
        Inputs.probabilities("probabilities", probabilities);
        Inputs.checkRows("labels", labels.length, "probabilities", probabilities.length);
        if (bins < 1) {
            throw new IllegalArgumentException("bins is " + bins + ": a calibration curve needs at least one bin");
        }
        double step = 1.0 / bins;
        double[] sums = new double[bins];
        long[] positives = new long[bins];
        long[] totals = new long[bins];
        for (int i = 0; i < probabilities.length; i++) {
            int bin = 0;
            while (bin < bins - 1 && (bin + 1) * step < probabilities[i]) {
                bin++;
            }
            sums[bin] += probabilities[i];
            totals[bin]++;
            if (labels[i]) {
                positives[bin]++;
            }
        }
        int nonEmpty = 0;
        for (long total : totals) {
            nonEmpty += total > 0 ? 1 : 0;
        }
        double[] meanPredicted = new double[nonEmpty];
        double[] fractionPositive = new double[nonEmpty];
        long[] counts = new long[nonEmpty];
        int k = 0;
        for (int bin = 0; bin < bins; bin++) {
            if (totals[bin] > 0) {
                meanPredicted[k] = sums[bin] / totals[bin];
                fractionPositive[k] = (double) positives[bin] / totals[bin];
                counts[k] = totals[bin];
                k++;
            }
        }
        return new CalibrationCurve(meanPredicted, fractionPositive, counts);
    }

    static void checkScores(boolean[] labels, double[] scores) {
        requireNonNull(labels, "labels is null");
        Inputs.finite("scores", scores);
        Inputs.checkRows("labels", labels.length, "scores", scores.length);
    }
}
