package io.slipway.bench;

import io.slipway.ml.features.FeatureSpec;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.Predictors;
import io.slipway.ml.predict.Task;
import io.slipway.ml.xgboost.XgboostPackage;
import io.slipway.ml.xgboost.XgboostPredictor;
import io.slipway.ml.xgboost.XgboostTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The prediction benchmark's model: a fraud-style binary classifier of 300 trees of depth 6 on 30
 * features (28 numbers with missing values, 2 categories), trained by XGBoost4J on synthetic rows
 * and written as a Slipway model package. Trained once and kept in {@code bench/target}, so JMH's
 * forks load the same model; every fork checks it against XGBoost on 100,000 rows first.
 */
final class FraudModel {
    static final int NUMBERS = 28;
    static final int FEATURES = NUMBERS + 2;
    static final int TREES = 300;
    static final int DEPTH = 6;
    static final int TRAIN_ROWS = 50_000;
    static final int CHECKED_ROWS = 100_000;
    static final Map<String, Object> PARAMS = Map.of("objective", "binary:logistic", "max_depth", DEPTH, "eta", 0.1,
            "tree_method", "hist", "eval_metric", "logloss", "seed", 1);
    private static final Path DIRECTORY = Path.of("bench/target/predict-model");
    private static final String[] COUNTRIES = {"FR", "DE", "US", "GB", "ES", "IT", "NL", "BE", "PL", "SE", "JP", "BR", "IN", "CN", "CA"};

    final XgboostPredictor predictor;
    final Booster booster;
    /** What the check found: the largest difference from XGBoost, and how many of the rows match it bit for bit. */
    final double maxDifference;
    final int exactRows;

    private FraudModel(XgboostPredictor predictor, Booster booster, double maxDifference, int exactRows) {
        this.predictor = predictor;
        this.booster = booster;
        this.maxDifference = maxDifference;
        this.exactRows = exactRows;
    }

    /** The model, trained on first use; fails if Slipway's predictions differ from XGBoost's by more than 1e-6. */
    static FraudModel load() throws Exception {
        if (!Files.exists(DIRECTORY.resolve("MLmodel"))) {
            train();
        }
        XgboostPredictor predictor = (XgboostPredictor) Predictors.load(DIRECTORY);
        Booster booster = XGBoost.loadModel(DIRECTORY.resolve(XgboostPackage.MODEL_FILE).toString());
        if (predictor.ensemble().treeCount() != TREES || booster.getNumFeature() != FEATURES) {
            throw new IllegalStateException(DIRECTORY + " holds another model; delete it");
        }
        float[] rows = predictor.features().encode(frame(CHECKED_ROWS, 2));
        float[] slipway = predictor.ensemble().predictBatch(rows, CHECKED_ROWS, 1);
        float[][] xgboost = predict(booster, rows, CHECKED_ROWS);
        double max = 0;
        int exact = 0;
        for (int row = 0; row < CHECKED_ROWS; row++) {
            max = Math.max(max, Math.abs((double) slipway[row] - xgboost[row][0]));
            exact += Float.compare(slipway[row], xgboost[row][0]) == 0 ? 1 : 0;
        }
        if (!(max <= 1e-6)) {
            throw new IllegalStateException("Slipway's predictions differ from XGBoost's by up to " + max + " on " + CHECKED_ROWS + " rows");
        }
        return new FraudModel(predictor, booster, max, exact);
    }

    private static void train() throws Exception {
        System.err.printf("training the benchmark model: %d trees of depth %d on %,d rows of %d features...%n", TREES, DEPTH, TRAIN_ROWS,
                FEATURES);
        Frame frame = frame(TRAIN_ROWS, 1);
        FeatureSpec features = FeatureSpec.fit(frame, featureNames());
        float[] labels = labels(frame);
        XgboostTrainer.Trained trained = new XgboostTrainer(PARAMS, TREES, 0)
                .train(new XgboostTrainer.Rows(features.encode(frame), TRAIN_ROWS, FEATURES, labels), null, iteration -> { });
        XgboostPackage.write(DIRECTORY, trained.booster(), features, Task.BINARY, List.of("legit", "fraud"));
        trained.booster().dispose();
    }

    static float[][] predict(Booster booster, float[] rows, int rowCount) throws XGBoostError {
        DMatrix matrix = new DMatrix(rows, rowCount, FEATURES, Float.NaN);
        try {
            return booster.predict(matrix);
        } finally {
            matrix.dispose();
        }
    }

    static List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (int f = 0; f < NUMBERS; f++) {
            names.add("v" + f);
        }
        names.add("country");
        names.add("merchant");
        return names;
    }

    /** {@code rows} raw rows: 28 numbers (about 5 % missing), a country and a merchant category (some missing). */
    static Frame frame(int rows, long seed) {
        Random random = new Random(seed);
        Map<String, Column> columns = new LinkedHashMap<>();
        for (int f = 0; f < NUMBERS; f++) {
            double[] values = new double[rows];
            for (int row = 0; row < rows; row++) {
                values[row] = random.nextInt(20) == 0 ? Double.NaN : random.nextGaussian() * (1 + f % 4);
            }
            columns.put("v" + f, new Column.Numbers(values));
        }
        String[] countries = new String[rows];
        String[] merchants = new String[rows];
        for (int row = 0; row < rows; row++) {
            countries[row] = random.nextInt(50) == 0 ? null : COUNTRIES[Math.min(COUNTRIES.length - 1, (int) Math.abs(random.nextGaussian() * 4))];
            merchants[row] = random.nextInt(50) == 0 ? null : "mcc" + random.nextInt(60);
        }
        columns.put("country", new Column.Texts(countries));
        columns.put("merchant", new Column.Texts(merchants));
        return Frame.of(columns);
    }

    /** Fraud when a noisy non-linear score of the row is high (about 10 % of rows). */
    private static float[] labels(Frame frame) {
        Random random = new Random(3);
        float[] labels = new float[frame.rowCount()];
        double[][] v = new double[NUMBERS][];
        for (int f = 0; f < NUMBERS; f++) {
            v[f] = ((Column.Numbers) frame.columns().get("v" + f)).values();
        }
        String[] countries = ((Column.Texts) frame.columns().get("country")).values();
        String[] merchants = ((Column.Texts) frame.columns().get("merchant")).values();
        for (int row = 0; row < labels.length; row++) {
            double score = 0;
            for (int f = 0; f < NUMBERS; f++) {
                double x = Double.isNaN(v[f][row]) ? 0.5 : v[f][row];
                score += (f % 3 == 0 ? Math.abs(x) : f % 3 == 1 ? x : Math.sin(x)) / (1 + f % 7);
            }
            score += v[0][row] * v[1][row] > 1 ? 1 : 0;
            score += "US".equals(countries[row]) || "BR".equals(countries[row]) ? 0.8 : 0;
            score += merchants[row] != null && merchants[row].endsWith("7") ? 1.2 : 0;
            labels[row] = score + random.nextGaussian() > 3.5 ? 1 : 0;
        }
        return labels;
    }
}
