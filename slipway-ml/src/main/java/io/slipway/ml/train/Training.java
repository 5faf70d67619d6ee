package io.slipway.ml.train;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import io.slipway.ml.eval.Evaluation;
import io.slipway.ml.eval.Plots;
import io.slipway.ml.features.FeatureSpec;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.Predictor;
import io.slipway.ml.predict.Predictors;
import io.slipway.ml.predict.Task;
import io.slipway.ml.xgboost.XgboostPackage;
import io.slipway.ml.xgboost.XgboostTrainer;
import io.slipway.ml.xgboost.XgboostTrainer.Rows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A {@link TrainSpec} checked against its data and made ready to train: every column named
 * exists, the target fits the task, the split leaves rows on both sides, the rows are encoded and
 * XGBoost accepts the parameters. {@link #prepare} does all of that before anything is recorded,
 * so a bad spec or bad data fails in seconds and leaves no run behind.
 *
 * @param classes     the target's values, sorted (numerically for a number column); the second of
 *                    two is the positive class. Empty for a regression
 * @param trainFrame  the raw training rows, what the feature spec was fitted on
 * @param params      the XGBoost parameters as trained: the spec's, with the task's objective, the
 *                    split's seed and a fixed thread count filled in where the spec is silent
 */
public record Training(
        TrainSpec spec,
        FeatureSpec features,
        List<String> classes,
        Frame trainFrame,
        Frame validationFrame,
        Rows train,
        Rows validation,
        Map<String, Object> params) {

    /**
     * XGBoost's thread count unless the spec sets one. Fixed rather than the machine's cores:
     * histogram sums are added up per thread, so the thread count is part of what makes the bytes.
     */
    public static final int DEFAULT_NTHREAD = 4;
    /** Rows {@link #prepare} trains one round on to have XGBoost check the parameters' values. */
    private static final int PROBE_ROWS = 64;

    public Training {
        requireNonNull(spec, "spec is null");
        requireNonNull(features, "features is null");
        classes = List.copyOf(classes);
        params = Map.copyOf(params);
    }

    /**
     * Checks {@code spec} against its data and encodes the rows.
     *
     * @param validationData the rows of {@code data.validation}; null to split {@code trainData}
     */
    public static Training prepare(TrainSpec spec, Frame trainData, Frame validationData) {
        requireNonNull(spec, "spec is null");
        requireNonNull(trainData, "trainData is null");
        if (trainData.rowCount() == 0) {
            throw SlipwayException.invalidParameter("data.train: dataset %s has no rows.", spec.train());
        }
        if (validationData != null && validationData.rowCount() == 0) {
            throw SlipwayException.invalidParameter("data.validation: dataset %s has no rows.", spec.validation());
        }
        requireColumn(trainData, "target", spec.target());
        List<String> featureNames = featureNames(spec, trainData);
        List<String> classes = classes(spec, trainData);
        if (spec.split().column() != null && validationData == null) {
            requireColumn(trainData, "split.column", spec.split().column());
        }

        Frame trainFrame;
        Frame validationFrame;
        if (validationData == null) {
            Split split = Split.of(trainData, spec.split(), spec.target());
            trainFrame = trainData.select(split.train());
            validationFrame = trainData.select(split.validation());
        } else {
            requireColumn(validationData, "target", spec.target());
            trainFrame = trainData;
            validationFrame = validationData;
        }
        FeatureSpec features = FeatureSpec.fit(trainFrame, featureNames);
        Rows train = rows(features, trainFrame, spec, classes, "data.train");
        Rows validation = rows(features, validationFrame, spec, classes, validationData == null ? "data.train" : "data.validation");
        Map<String, Object> params = params(spec, classes);
        Training training = new Training(spec, features, classes, trainFrame, validationFrame, train, validation, params);
        training.probe();
        return training;
    }

    /** The trainer for this training: {@link #params}, the spec's rounds and early stopping. */
    public XgboostTrainer trainer() {
        try {
            return new XgboostTrainer(params, spec.rounds(), spec.earlyStoppingRounds());
        } catch (IllegalArgumentException e) {
            throw SlipwayException.invalidParameter("xgboost.params: %s", e.getMessage());
        }
    }

    /**
     * Trains (the long part), writes the model with its preprocessing and an input example into
     * {@code directory}, and scores the written model on the validation rows: {@link #trainAndPackage}
     * then {@link #score}.
     */
    public TrainedModel fit(Path directory, Consumer<XgboostTrainer.Iteration> onIteration) {
        return score(trainAndPackage(directory, onIteration));
    }

    /**
     * A model trained and written, not yet scored.
     *
     * @param importance XGBoost's gain per feature, in the model's feature order
     */
    public record Packaged(Path directory, int bestRound, List<XgboostTrainer.Iteration> iterations, Map<String, Double> importance,
            long trainingMillis) {
        public Packaged {
            requireNonNull(directory, "directory is null");
            iterations = List.copyOf(iterations);
            importance = Map.copyOf(importance);
        }
    }

    /** Trains (the long part) and writes the model with its preprocessing and an input example into {@code directory}. */
    public Packaged trainAndPackage(Path directory, Consumer<XgboostTrainer.Iteration> onIteration) {
        requireNonNull(directory, "directory is null");
        long start = System.nanoTime();
        XgboostTrainer.Trained trained = trainer().train(train, validation, onIteration);
        long trainingMillis = (System.nanoTime() - start) / 1_000_000;
        Map<String, Double> importance = new LinkedHashMap<>();
        try {
            Map<String, Double> gains = trained.booster().getScore(features.names().toArray(String[]::new), "gain");
            features.names().forEach(name -> importance.put(name, gains.getOrDefault(name, 0.0)));
            XgboostPackage.write(directory, trained.booster(), features, spec.task(), classes);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not report the feature importance: " + e.getMessage(), e);
        } finally {
            trained.booster().dispose();
        }
        InputExample.write(directory, trainFrame, features.names());
        return new Packaged(directory, trained.bestRound(), trained.iterations(), importance, trainingMillis);
    }

    /**
     * Scores the written model on the validation rows, loaded back through {@link Predictors}: the
     * metrics are those of the model as it will be served.
     */
    public TrainedModel score(Packaged packaged) {
        requireNonNull(packaged, "packaged is null");
        Map<String, Double> importance = new LinkedHashMap<>();
        features.names().forEach(name -> importance.put(name, packaged.importance().get(name)));
        Map<String, String> plots = new LinkedHashMap<>();
        plots.put("feature_importance.svg", Plots.featureImportance("Feature importance (gain)", importance));
        Evaluation evaluation;
        try (Predictor predictor = Predictors.load(packaged.directory())) {
            evaluation = Evaluation.of(predictor, validationFrame, spec.target(), Evaluation.DEFAULT_THRESHOLD, "validation");
        }
        plots.putAll(evaluation.plots());
        return new TrainedModel(packaged.directory(), packaged.bestRound(), packaged.iterations(), evaluation, importance, plots,
                packaged.trainingMillis());
    }

    /**
     * Trains one round on a few rows: XGBoost checks parameter values ({@code max_depth: -3}) only
     * when it trains, and a refusal should come before the run is recorded, not after.
     */
    private void probe() {
        int rows = Math.min(PROBE_ROWS, train.rows());
        float[] values = Arrays.copyOf(train.values(), rows * train.features());
        float[] labels = Arrays.copyOf(train.labels(), rows);
        try {
            new XgboostTrainer(params, 1, 0).train(new Rows(values, rows, train.features(), labels), null, iteration -> { })
                    .booster().dispose();
        } catch (IllegalArgumentException e) {
            throw SlipwayException.invalidParameter("xgboost.params: %s", e.getMessage());
        }
    }

    private static void requireColumn(Frame frame, String field, String name) {
        if (frame.column(name).isEmpty()) {
            throw SlipwayException.invalidParameter("%s: unknown column '%s'; the data has %s.", field, name,
                    String.join(", ", frame.columnNames()));
        }
    }

    private static List<String> featureNames(TrainSpec spec, Frame frame) {
        for (int i = 0; i < spec.exclude().size(); i++) {
            requireColumn(frame, "exclude[" + i + "]", spec.exclude().get(i));
        }
        List<String> names = new ArrayList<>();
        if (spec.features().isEmpty()) {
            for (String column : frame.columnNames()) {
                if (!column.equals(spec.target()) && !spec.exclude().contains(column)) {
                    names.add(column);
                }
            }
        } else {
            for (int i = 0; i < spec.features().size(); i++) {
                String name = spec.features().get(i);
                requireColumn(frame, "features[" + i + "]", name);
                if (name.equals(spec.target())) {
                    throw SlipwayException.invalidParameter("features[%d]: '%s' is the target; a model cannot take its own answer.", i, name);
                }
                if (!spec.exclude().contains(name)) {
                    names.add(name);
                }
            }
        }
        if (names.isEmpty()) {
            throw SlipwayException.invalidParameter("features: none left once the target and exclude are taken out.");
        }
        return names;
    }

    /** The target's classes, checked against the task: two for binary, three or more for multiclass, none for a regression. */
    private static List<String> classes(TrainSpec spec, Frame frame) {
        Column target = frame.require(spec.target());
        if (spec.task() == Task.REGRESSION) {
            if (!(target instanceof Column.Numbers)) {
                throw SlipwayException.invalidParameter("target: column '%s' holds text; a regression needs numbers.", spec.target());
            }
            return List.of();
        }
        Set<String> values = new LinkedHashSet<>();
        for (int row = 0; row < target.size(); row++) {
            String value = target.text(row);
            if (value == null) {
                throw SlipwayException.invalidParameter("target: column '%s' has no value at row %d; every training row needs one.",
                        spec.target(), row);
            }
            values.add(value);
        }
        List<String> classes = new ArrayList<>(values);
        classes.sort(target instanceof Column.Numbers ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder());
        if (spec.task() == Task.BINARY && classes.size() != 2) {
            throw SlipwayException.invalidParameter("target: column '%s' has %d class(es) %s; task binary needs exactly 2.", spec.target(),
                    classes.size(), shown(classes));
        }
        if (spec.task() == Task.MULTICLASS && classes.size() < 3) {
            throw SlipwayException.invalidParameter("target: column '%s' has %d class(es) %s; task multiclass needs 3 or more (binary for"
                    + " 2).", spec.target(), classes.size(), shown(classes));
        }
        return classes;
    }

    private static String shown(List<String> classes) {
        return classes.size() <= 10 ? classes.toString() : classes.subList(0, 10) + "...";
    }

    private static Rows rows(FeatureSpec features, Frame frame, TrainSpec spec, List<String> classes, String field) {
        float[] values;
        try {
            values = features.encode(frame);
        } catch (SlipwayException e) {
            throw SlipwayException.invalidParameter("%s: %s", field, e.getMessage());
        }
        Column target = frame.require(spec.target());
        float[] labels = new float[frame.rowCount()];
        for (int row = 0; row < labels.length; row++) {
            if (classes.isEmpty()) {
                double value = ((Column.Numbers) target).values()[row];
                if (Double.isNaN(value)) {
                    throw SlipwayException.invalidParameter("%s: target '%s' has no value at row %d; every training row needs one.", field,
                            spec.target(), row);
                }
                labels[row] = (float) value;
            } else {
                int index = classes.indexOf(target.text(row));
                if (index < 0) {
                    throw SlipwayException.invalidParameter("%s: target '%s' has value '%s' at row %d, not one of the training classes %s.",
                            field, spec.target(), target.text(row), row, shown(classes));
                }
                labels[row] = index;
            }
        }
        return new Rows(values, frame.rowCount(), features.size(), labels);
    }

    /** The spec's parameters with what the task and reproducibility need; an objective that does not fit the task is refused. */
    private static Map<String, Object> params(TrainSpec spec, List<String> classes) {
        Map<String, Object> params = new TreeMap<>(spec.params());
        Set<String> objectives = switch (spec.task()) {
            case BINARY -> Set.of("binary:logistic", "reg:logistic");
            case MULTICLASS -> Set.of("multi:softprob");
            case REGRESSION -> Set.of("reg:squarederror", "reg:absoluteerror", "reg:pseudohubererror", "count:poisson", "reg:gamma",
                    "reg:tweedie");
        };
        Object objective = params.get("objective");
        if (objective != null && !objectives.contains(objective.toString())) {
            throw SlipwayException.invalidParameter("xgboost.params.objective: '%s' does not fit task %s; use one of %s.", objective,
                    spec.task().wireName(), String.join(", ", objectives.stream().sorted().toList()));
        }
        switch (spec.task()) {
            case BINARY -> {
                params.putIfAbsent("objective", "binary:logistic");
                params.putIfAbsent("eval_metric", "logloss");
            }
            case MULTICLASS -> {
                params.putIfAbsent("objective", "multi:softprob");
                params.putIfAbsent("eval_metric", "mlogloss");
                Object numClass = params.get("num_class");
                if (numClass != null && !numClass.toString().equals(Integer.toString(classes.size()))) {
                    throw SlipwayException.invalidParameter("xgboost.params.num_class: %s, but target '%s' has %d classes.", numClass,
                            spec.target(), classes.size());
                }
                params.put("num_class", (long) classes.size());
            }
            case REGRESSION -> {
                params.putIfAbsent("objective", "reg:squarederror");
                params.putIfAbsent("eval_metric", "rmse");
            }
        }
        params.putIfAbsent("seed", spec.split().seed());
        params.putIfAbsent("nthread", (long) DEFAULT_NTHREAD);
        Map<String, Object> ordered = new LinkedHashMap<>(params);
        try {
            new XgboostTrainer(ordered, spec.rounds(), spec.earlyStoppingRounds());
        } catch (IllegalArgumentException e) {
            throw SlipwayException.invalidParameter("xgboost.params: %s", e.getMessage());
        }
        return ordered;
    }
}
