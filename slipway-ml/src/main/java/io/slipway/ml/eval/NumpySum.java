package io.slipway.ml.eval;

/**
 * Sums in the order numpy's {@code np.sum} / {@code np.mean} add a contiguous float64 array (pairwise
 * summation, 8 accumulators per block of at most 128), so that our metrics match scikit-learn's to the
 * last bits rather than only to about 1e-13 on long inputs.
 */
final class NumpySum {
    private static final int BLOCK = 128;

    private NumpySum() {
    }

    static double sum(double[] values) {
        return pairwise(values, 0, values.length);
    }

    static double mean(double[] values) {
        return sum(values) / values.length;
    }

    private static double pairwise(double[] a, int from, int n) {
        if (n < 8) {
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                sum += a[from + i];
            }
            return sum;
        }
        if (n <= BLOCK) {
            double[] r = new double[8];
            for (int j = 0; j < 8; j++) {
                r[j] = a[from + j];
            }
            int i = 8;
            for (; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                sum += a[from + i];
            }
            return sum;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwise(a, from, half) + pairwise(a, from + half, n - half);
    }
}
