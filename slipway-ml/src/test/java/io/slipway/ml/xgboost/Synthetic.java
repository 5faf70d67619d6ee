package io.slipway.ml.xgboost;

import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** Synthetic training data with missing values, and models XGBoost4J trains on it, for the tests. */
final class Synthetic {
    final int rows;
    final int features;
    final float[] x;
    final float[] y;

    private Synthetic(int rows, int features, float[] x, float[] y) {
        this.rows = rows;
        this.features = features;
        this.x = x;
        this.y = y;
    }

    /** {@code rows} rows of {@code features} features, a tenth missing; labels in {@code 0..classes-1}, or a number when classes is 0. */
    static Synthetic data(int rows, int features, int classes, long seed) {
        Random random = new Random(seed);
        float[] x = new float[rows * features];
        float[] y = new float[rows];
        for (int row = 0; row < rows; row++) {
            double score = 0;
            for (int f = 0; f < features; f++) {
                float value = (float) random.nextGaussian();
                x[row * features + f] = random.nextInt(10) == 0 ? Float.NaN : value;
                score += (f % 3 == 0 ? value * value : value) / (f + 1) + (Float.isNaN(x[row * features + f]) ? 0.3 : 0);
            }
            score += random.nextGaussian() * 0.3;
            y[row] = classes == 0 ? (float) score : (float) Math.floorMod((long) Math.floor(score * 2), classes);
        }
        return new Synthetic(rows, features, x, y);
    }

    DMatrix matrix() throws XGBoostError {
        DMatrix matrix = new DMatrix(x, rows, features, Float.NaN);
        matrix.setLabel(y);
        return matrix;
    }

    Booster train(Map<String, Object> params, int rounds) throws XGBoostError {
        DMatrix matrix = matrix();
        try {
            return XGBoost.train(matrix, params, rounds, Map.of(), null, null);
        } finally {
            matrix.dispose();
        }
    }

    /** What XGBoost predicts for every row, row-major. */
    float[] predictions(Booster booster, boolean margin) throws XGBoostError {
        DMatrix matrix = new DMatrix(x, rows, features, Float.NaN);
        try {
            float[][] predictions = booster.predict(matrix, margin);
            int outputs = predictions[0].length;
            float[] flat = new float[rows * outputs];
            for (int row = 0; row < rows; row++) {
                System.arraycopy(predictions[row], 0, flat, row * outputs, outputs);
            }
            return flat;
        } finally {
            matrix.dispose();
        }
    }
}
