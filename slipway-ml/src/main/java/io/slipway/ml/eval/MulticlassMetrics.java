package io.slipway.ml.eval;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scores of a classifier over {@code k} classes, numbered 0..k-1 (the columns of the probabilities).
 * The predicted class is the likeliest, the first on ties (numpy's argmax). Macro averages run over all
 * {@code k} classes, as sklearn does when given {@code labels=range(k)}; a class never predicted has
 * precision 0 ({@code zero_division=0}).
 *
 * @param rocAucOvrMacro null when a class has no rows among the labels, where sklearn raises: the other
 *                       metrics are still worth reporting for such data
 * @param confusion {@code confusion[true][predicted]} counts, sklearn's {@code confusion_matrix} layout
 */
public record MulticlassMetrics(
        int rows,
        int classes,
        double accuracy,
        double logLoss,
        double macroPrecision,
        double macroRecall,
        double macroF1,
        Double rocAucOvrMacro,
        long[][] confusion) {

    /** sklearn's {@code np.allclose(1, row_sum)} check before a one-vs-rest AUC. */
    private static final double SUM_RTOL = 1e-5;
    private static final double SUM_ATOL = 1e-8;

    public MulticlassMetrics {
        requireNonNull(confusion, "confusion is null");
    }

    /**
     * @param labels        the true class of each row, in {@code 0..k-1}
     * @param probabilities one row of {@code k} class probabilities per label, each summing to 1
     */
    public static MulticlassMetrics of(int[] labels, double[][] probabilities) {
        requireNonNull(labels, "labels is null");
        requireNonNull(probabilities, "probabilities is null");
        Inputs.checkRows("labels", labels.length, "probabilities", probabilities.length);
        int k = requireNonNull(probabilities[0], "probabilities[0] is null").length;
        if (k < 2) {
            throw new IllegalArgumentException("probabilities have " + k + " columns: a classifier needs at least 2 classes");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("labels[" + i + "] is " + labels[i] + ": classes are 0.." + (k - 1));
            }
            double[] row = requireNonNull(probabilities[i], "probabilities[" + i + "] is null");
            if (row.length != k) {
                throw new IllegalArgumentException("probabilities[" + i + "] has " + row.length + " columns, expected " + k);
            }
            Inputs.probabilities("probabilities[" + i + "]", row);
            double sum = 0;
            for (double p : row) {
                sum += p;
            }
            if (Math.abs(sum - 1) > SUM_ATOL + SUM_RTOL * Math.abs(sum)) {
                throw new IllegalArgumentException("probabilities[" + i + "] sum to " + sum + ", not 1");
            }
        }

        long[][] confusion = new long[k][k];
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int predicted = argmax(probabilities[i]);
            confusion[labels[i]][predicted]++;
            correct += predicted == labels[i] ? 1 : 0;
        }
        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        for (int c = 0; c < k; c++) {
            long predicted = 0;
            long actual = 0;
            for (int j = 0; j < k; j++) {
                predicted += confusion[j][c];
                actual += confusion[c][j];
            }
            precision[c] = BinaryMetrics.ratio(confusion[c][c], predicted);
            recall[c] = BinaryMetrics.ratio(confusion[c][c], actual);
            f1[c] = precision[c] + recall[c] == 0 ? 0 : 2.0 * precision[c] * recall[c] / (precision[c] + recall[c]);
        }
        return new MulticlassMetrics(labels.length, k, (double) correct / labels.length, logLoss(labels, probabilities),
                NumpySum.mean(precision), NumpySum.mean(recall), NumpySum.mean(f1), rocAucOvrMacro(labels, probabilities, k), confusion);
    }

    /** The scalar metrics by snake_case name, in a fixed order. */
    public Map<String, Double> scalars() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy);
        m.put("log_loss", logLoss);
        m.put("macro_precision", macroPrecision);
        m.put("macro_recall", macroRecall);
        m.put("macro_f1", macroF1);
        m.put("roc_auc_ovr_macro", rocAucOvrMacro);
        return Collections.unmodifiableMap(m);
    }

    /** sklearn 1.2 {@code log_loss}: each probability clipped to [eps, 1 - eps], the row renormalized. */
    private static double logLoss(int[] labels, double[][] probabilities) {
        double[] losses = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            double sum = 0;
            for (double p : probabilities[i]) {
                sum += clip(p);
            }
            losses[i] = -Math.log(clip(probabilities[i][labels[i]]) / sum);
        }
        return NumpySum.mean(losses);
    }

    /**
     * sklearn {@code roc_auc_score(multi_class='ovr', average='macro')}: every class against the rest,
     * averaged; null when a class (or every class but one) has no rows.
     */
    private static Double rocAucOvrMacro(int[] labels, double[][] probabilities, int k) {
        double[] aucs = new double[k];
        for (int c = 0; c < k; c++) {
            boolean[] isClass = new boolean[labels.length];
            double[] scores = new double[labels.length];
            for (int i = 0; i < labels.length; i++) {
                isClass[i] = labels[i] == c;
                scores[i] = probabilities[i][c];
            }
            int members = Inputs.positives(isClass);
            if (members == 0 || members == labels.length) {
                return null;
            }
            aucs[c] = BinaryMetrics.rocAuc(isClass, scores);
        }
        return NumpySum.mean(aucs);
    }

    private static double clip(double p) {
        return Math.min(Math.max(p, BinaryMetrics.LOG_LOSS_EPS), 1 - BinaryMetrics.LOG_LOSS_EPS);
    }

    private static int argmax(double[] row) {
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[best]) {
                best = c;
            }
        }
        return best;
    }
}
