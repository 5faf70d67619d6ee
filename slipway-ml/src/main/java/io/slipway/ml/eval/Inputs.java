package io.slipway.ml.eval;

import static java.util.Objects.requireNonNull;

/** Argument checks shared by the metrics, so every metric rejects bad input with the same words. */
final class Inputs {
    private Inputs() {
    }

    static void checkRows(String field, int length, String otherField, int otherLength) {
        if (length == 0) {
            throw new IllegalArgumentException(field + " is empty: metrics need at least one row");
        }
        if (length != otherLength) {
            throw new IllegalArgumentException(field + " has " + length + " rows but " + otherField + " has " + otherLength);
        }
    }

    static double[] finite(String field, double[] values) {
        requireNonNull(values, field + " is null");
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(field + "[" + i + "] is " + values[i] + ": values must be finite numbers");
            }
        }
        return values;
    }

    static double[] probabilities(String field, double[] values) {
        finite(field, values);
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 1) {
                throw new IllegalArgumentException(field + "[" + i + "] is " + values[i] + ": probabilities must lie in [0, 1]");
            }
        }
        return values;
    }

    static boolean[] binaryLabels(String field, int[] labels) {
        requireNonNull(labels, field + " is null");
        boolean[] positive = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException(field + "[" + i + "] is " + labels[i] + ": binary labels are 0 or 1");
            }
            positive[i] = labels[i] == 1;
        }
        return positive;
    }

    static int positives(boolean[] labels) {
        int count = 0;
        for (boolean label : labels) {
            if (label) {
                count++;
            }
        }
        return count;
    }

    /** sklearn raises for an AUC over one class; so do we, naming the metric. */
    static void checkBothClasses(String metric, boolean[] labels) {
        int positives = positives(labels);
        if (positives == 0 || positives == labels.length) {
            throw new IllegalArgumentException(metric + " is undefined when labels hold only one class (all "
                    + (positives == 0 ? "negative" : "positive") + ", " + labels.length + " rows)");
        }
    }
}
