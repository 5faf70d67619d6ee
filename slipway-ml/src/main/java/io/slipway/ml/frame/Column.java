package io.slipway.ml.frame;

import static java.util.Objects.requireNonNull;

/**
 * One column of a {@link Frame}: numbers, where NaN is a missing value, or text, where null is.
 * Booleans are numbers (1 and 0), as models take them. The arrays are the frame's own: a column
 * is not copied on the way from a request or a file to a model, and must not be changed after.
 */
public sealed interface Column permits Column.Numbers, Column.Texts {
    int size();

    boolean isMissing(int row);

    /** The value of {@code row} as text, for error messages and reports; null when missing. */
    String text(int row);

    record Numbers(double[] values) implements Column {
        public Numbers {
            requireNonNull(values, "values is null");
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public boolean isMissing(int row) {
            return Double.isNaN(values[row]);
        }

        @Override
        public String text(int row) {
            double value = values[row];
            if (Double.isNaN(value)) {
                return null;
            }
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
        }
    }

    record Texts(String[] values) implements Column {
        public Texts {
            requireNonNull(values, "values is null");
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public boolean isMissing(int row) {
            return values[row] == null;
        }

        @Override
        public String text(int row) {
            return values[row];
        }
    }
}
