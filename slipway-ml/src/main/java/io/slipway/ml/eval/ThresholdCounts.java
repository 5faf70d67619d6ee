package io.slipway.ml.eval;

import java.util.Arrays;

/**
 * Cumulative true and false positives at each distinct score, highest first: scikit-learn's
 * {@code _binary_clf_curve}, from which the ROC and precision-recall curves are read.
 *
 * <p>Tied scores form one threshold, which is how ties are handled in both AUCs. Positives and negatives
 * are sorted apart (primitive sorts, no boxing) and merged from the top.
 */
record ThresholdCounts(double[] thresholds, long[] truePositives, long[] falsePositives) {
    static ThresholdCounts of(boolean[] labels, double[] scores) {
        int positives = Inputs.positives(labels);
        double[] pos = new double[positives];
        double[] neg = new double[labels.length - positives];
        int p = 0;
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            double score = scores[i] + 0.0; // -0.0 and 0.0 are one threshold, as in numpy
            if (labels[i]) {
                pos[p++] = score;
            } else {
                neg[n++] = score;
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);

        double[] thresholds = new double[labels.length];
        long[] tps = new long[labels.length];
        long[] fps = new long[labels.length];
        int count = 0;
        int pi = pos.length - 1;
        int ni = neg.length - 1;
        long tp = 0;
        long fp = 0;
        while (pi >= 0 || ni >= 0) {
            double threshold = Math.max(pi >= 0 ? pos[pi] : Double.NEGATIVE_INFINITY, ni >= 0 ? neg[ni] : Double.NEGATIVE_INFINITY);
            while (pi >= 0 && pos[pi] == threshold) {
                tp++;
                pi--;
            }
            while (ni >= 0 && neg[ni] == threshold) {
                fp++;
                ni--;
            }
            thresholds[count] = threshold;
            tps[count] = tp;
            fps[count] = fp;
            count++;
        }
        return new ThresholdCounts(Arrays.copyOf(thresholds, count), Arrays.copyOf(tps, count), Arrays.copyOf(fps, count));
    }

    int size() {
        return thresholds.length;
    }
}
