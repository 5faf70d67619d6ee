package io.slipway.bench;

import io.slipway.ml.features.FeatureSpec;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.Predictor;
import io.slipway.ml.predict.Predictors;
import io.slipway.ml.predict.Task;
import io.slipway.ml.xgboost.XgboostPackage;
import io.slipway.ml.xgboost.XgboostTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The serving benchmark's model: binary:logistic, 300 trees of depth 6 on 30 numeric features,
 * trained by Slipway's XGBoost trainer on 100,000 synthetic rows and written as a Slipway model
 * directory. The Python peers load the directory's own {@code model.json} (XGBoost 1.7 reads
 * the JSON XGBoost4J 3.x writes), so both serve the same trees. Trained once and kept in
 * {@code bench/target}.
 */
final class ServeModel {
    static final int FEATURES = 30;
    static final int TREES = 300;
    static final int DEPTH = 6;
    static final int TRAIN_ROWS = 100_000;
    static final Map<String, Object> PARAMS = Map.of("objective", "binary:logistic", "max_depth", DEPTH, "eta", 0.1,
            "tree_method", "hist", "eval_metric", "logloss", "seed", 1, "nthread", 2);
    static final Path DIRECTORY = Path.of("bench/target/serve-model");

    private ServeModel() {
    }

    /** The model directory, trained and written on first use. */
    static Path directory() throws Exception {
        if (!Files.exists(DIRECTORY.resolve("MLmodel"))) {
            train();
        }
        return DIRECTORY;
    }

    /** The booster file Python loads with {@code xgb.Booster(model_file=...)}. */
    static Path boosterFile() throws Exception {
        return directory().resolve(XgboostPackage.MODEL_FILE);
    }

    static Predictor load() throws Exception {
        return Predictors.load(directory());
    }

    private static void train() throws Exception {
        System.err.printf("training the serving model: %d trees of depth %d on %,d rows of %d features...%n", TREES, DEPTH, TRAIN_ROWS,
                FEATURES);
        Frame frame = frame(TRAIN_ROWS, 1);
        FeatureSpec features = FeatureSpec.fit(frame, featureNames());
        XgboostTrainer.Trained trained = new XgboostTrainer(PARAMS, TREES, 0)
                .train(new XgboostTrainer.Rows(features.encode(frame), TRAIN_ROWS, FEATURES, labels(frame)), null, iteration -> { });
        XgboostPackage.write(DIRECTORY, trained.booster(), features, Task.BINARY, List.of("negative", "positive"));
        trained.booster().dispose();
    }

    static List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            names.add("f" + f);
        }
        return names;
    }

    /**
     * {@code rows} rows of 30 numbers, rounded to 4 decimals so a request's JSON is what a client
     * would send (about 8 characters a value), not 17 digits of noise.
     */
    static double[][] rows(int rows, long seed) {
        Random random = new Random(seed);
        double[][] values = new double[rows][FEATURES];
        for (double[] row : values) {
            for (int f = 0; f < FEATURES; f++) {
                row[f] = Math.round(random.nextGaussian() * (1 + f % 4) * 1e4) / 1e4;
            }
        }
        return values;
    }

    static Frame frame(double[][] rows) {
        Map<String, Column> columns = new LinkedHashMap<>();
        for (int f = 0; f < FEATURES; f++) {
            double[] column = new double[rows.length];
            for (int row = 0; row < rows.length; row++) {
                column[row] = rows[row][f];
            }
            columns.put("f" + f, new Column.Numbers(column));
        }
        return Frame.of(columns);
    }

    static Frame frame(int rows, long seed) {
        return frame(rows(rows, seed));
    }

    /** Positive when a noisy non-linear score of the row is high (about three rows in four: XGBoost's intercept is 0.755). */
    private static float[] labels(Frame frame) {
        Random random = new Random(3);
        double[][] v = new double[FEATURES][];
        for (int f = 0; f < FEATURES; f++) {
            v[f] = ((Column.Numbers) frame.columns().get("f" + f)).values();
        }
        float[] labels = new float[frame.rowCount()];
        for (int row = 0; row < labels.length; row++) {
            double score = 0;
            for (int f = 0; f < FEATURES; f++) {
                double x = v[f][row];
                score += (f % 3 == 0 ? Math.abs(x) : f % 3 == 1 ? x : Math.sin(x)) / (1 + f % 7);
            }
            score += v[0][row] * v[1][row] > 1 ? 1 : 0;
            labels[row] = score + random.nextGaussian() > 3.5 ? 1 : 0;
        }
        return labels;
    }
}
