package io.slipway.ml.xgboost;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains an XGBoost booster from encoded rows (what {@link io.slipway.ml.features.FeatureSpec#encode}
 * makes), round by round, reporting each round's metrics and stopping early on a validation set.
 * Deterministic: the same rows, parameters (with their {@code seed}) and rounds train the same
 * model bytes. With early stopping the booster keeps the rounds up to the best one only, so what
 * is saved and served is the model that scored best on the validation rows.
 */
public final class XgboostTrainer {
    /**
     * XGBoost's parameters for tree boosters and their objectives. XGBoost only logs a warning for
     * a name it does not know, so a misspelt one would be silently ignored; here it is refused.
     */
    static final Set<String> PARAMETERS = Set.of("objective", "num_class", "base_score", "eval_metric", "seed", "seed_per_iteration",
            "nthread", "verbosity", "booster", "tree_method", "device", "eta", "learning_rate", "gamma", "min_split_loss", "max_depth",
            "min_child_weight", "max_delta_step", "subsample", "sampling_method", "colsample_bytree", "colsample_bylevel",
            "colsample_bynode", "lambda", "reg_lambda", "alpha", "reg_alpha", "scale_pos_weight", "max_leaves", "max_bin",
            "grow_policy", "num_parallel_tree", "monotone_constraints", "interaction_constraints", "disable_default_eval_metric",
            "huber_slope", "tweedie_variance_power", "validate_parameters", "max_cached_hist_node", "multi_strategy", "refresh_leaf",
            "process_type", "boost_from_average");
    private static final List<String> MAXIMIZED_METRICS = List.of("auc", "aucpr", "map", "ndcg", "pre");
    /**
     * Reads XGBoost's floats as doubles and writes them back as doubles ({@code 0E0} as {@code 0.0}:
     * XGBoost wants a real there, not an integer); every float survives the round trip.
     */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> params;
    private final int rounds;
    private final int earlyStoppingRounds;

    /**
     * @param params XGBoost parameters; the objective must be one {@link TreeEnsemble} scores
     * @param earlyStoppingRounds stop when the validation metric has not improved for this many rounds; 0 never stops early
     */
    public XgboostTrainer(Map<String, Object> params, int rounds, int earlyStoppingRounds) {
        requireNonNull(params, "params is null");
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("unknown XGBoost parameter '" + name + "'; one of " + sorted(PARAMETERS));
            }
        }
        Object booster = params.get("booster");
        if (booster != null && !booster.equals("gbtree")) {
            throw new IllegalArgumentException("booster '" + booster + "' is not supported; only gbtree");
        }
        TreeEnsemble.Objective.of(String.valueOf(params.getOrDefault("objective", "reg:squarederror")));
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
        if (earlyStoppingRounds < 0) {
            throw new IllegalArgumentException("earlyStoppingRounds must not be negative, got " + earlyStoppingRounds);
        }
        this.params = Map.copyOf(params);
        this.rounds = rounds;
        this.earlyStoppingRounds = earlyStoppingRounds;
    }

    /** Rows to train or validate on: {@code rows × features} values row-major (NaN is missing), and a label per row. */
    public record Rows(float[] values, int rows, int features, float[] labels) {
        public Rows {
            requireNonNull(values, "values is null");
            requireNonNull(labels, "labels is null");
            if (rows < 1 || features < 1 || (long) rows * features != values.length) {
                throw new IllegalArgumentException(rows + " rows of " + features + " features need " + (long) rows * features
                        + " values, got " + values.length);
            }
            if (labels.length != rows) {
                throw new IllegalArgumentException(rows + " rows need as many labels, got " + labels.length);
            }
        }

        DMatrix matrix() throws XGBoostError {
            DMatrix matrix = new DMatrix(values, rows, features, Float.NaN);
            matrix.setLabel(labels);
            return matrix;
        }
    }

    /** One round's metrics, by metric name (e.g. {@code logloss}) in XGBoost's order, on the training and validation rows. */
    public record Iteration(int round, Map<String, Double> train, Map<String, Double> validation) {
        public Iteration {
            train = Collections.unmodifiableMap(new LinkedHashMap<>(train));
            validation = Collections.unmodifiableMap(new LinkedHashMap<>(validation));
        }
    }

    /** The booster (the caller disposes it), the round it ends with, and every round's metrics. */
    public record Trained(Booster booster, int bestRound, List<Iteration> iterations) {
        public Trained {
            requireNonNull(booster, "booster is null");
            iterations = List.copyOf(iterations);
        }
    }

    /**
     * Trains on {@code train}; with {@code validation} (may be null), reports its metrics and stops
     * early on the last of them (XGBoost's convention). {@code onIteration} hears of each round.
     */
    public Trained train(Rows train, Rows validation, Consumer<Iteration> onIteration) {
        requireNonNull(train, "train is null");
        requireNonNull(onIteration, "onIteration is null");
        if (validation != null && validation.features() != train.features()) {
            throw new IllegalArgumentException("validation rows have " + validation.features() + " features, training rows "
                    + train.features());
        }
        if (earlyStoppingRounds > 0 && validation == null) {
            throw new IllegalArgumentException("early stopping needs validation rows");
        }
        DMatrix trainMatrix = null;
        DMatrix validationMatrix = null;
        Booster booster = null;
        try {
            trainMatrix = train.matrix();
            validationMatrix = validation == null ? null : validation.matrix();
            DMatrix[] sets = validation == null ? new DMatrix[] {trainMatrix} : new DMatrix[] {trainMatrix, validationMatrix};
            String[] names = validation == null ? new String[] {"train"} : new String[] {"train", "validation"};
            booster = XGBoost.train(trainMatrix, params, 0, Map.of(), null, null);
            List<Iteration> iterations = new ArrayList<>();
            int best = 0;
            double bestScore = Double.NaN;
            for (int round = 0; round < rounds; round++) {
                try {
                    booster.update(trainMatrix, round);
                } catch (XGBoostError e) {
                    if (round == 0) {
                        throw new IllegalArgumentException("XGBoost refused the parameters " + new TreeMap<>(params) + ": "
                                + firstLine(e.getMessage()), e);
                    }
                    throw e;
                }
                Iteration iteration = parse(round, booster.evalSet(sets, names, round));
                iterations.add(iteration);
                onIteration.accept(iteration);
                if (validation == null || iteration.validation().isEmpty()) {
                    best = round;
                    continue;
                }
                Map.Entry<String, Double> metric = lastMetric(iteration.validation());
                boolean maximize = MAXIMIZED_METRICS.stream().anyMatch(metric.getKey()::startsWith);
                if (Double.isNaN(bestScore) || (maximize ? metric.getValue() > bestScore : metric.getValue() < bestScore)) {
                    bestScore = metric.getValue();
                    best = round;
                } else if (earlyStoppingRounds > 0 && round - best >= earlyStoppingRounds) {
                    break;
                }
            }
            if (earlyStoppingRounds > 0 && best < iterations.size() - 1) {
                Booster kept = truncated(booster, best + 1);
                booster.dispose();
                booster = kept;
            }
            Trained trained = new Trained(booster, best, iterations);
            booster = null;
            return trained;
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost training failed: " + firstLine(e.getMessage()), e);
        } finally {
            if (booster != null) {
                booster.dispose();
            }
            if (trainMatrix != null) {
                trainMatrix.dispose();
            }
            if (validationMatrix != null) {
                validationMatrix.dispose();
            }
        }
    }

    /** The metric early stopping watches: the last one evaluated, as XGBoost orders them. */
    private static Map.Entry<String, Double> lastMetric(Map<String, Double> metrics) {
        return metrics.entrySet().stream().reduce((first, second) -> second).orElseThrow();
    }

    /** Parses XGBoost's {@code [3]\ttrain-logloss:0.41\tvalidation-logloss:0.45}, keeping the metrics in order. */
    static Iteration parse(int round, String evaluation) {
        Map<String, Double> train = new LinkedHashMap<>();
        Map<String, Double> validation = new LinkedHashMap<>();
        String[] parts = evaluation.strip().split("\t");
        for (int i = 1; i < parts.length; i++) {
            int colon = parts[i].lastIndexOf(':');
            int dash = parts[i].indexOf('-');
            if (colon < 0 || dash < 0 || dash > colon) {
                continue;
            }
            String set = parts[i].substring(0, dash);
            String metric = parts[i].substring(dash + 1, colon);
            double value = Double.parseDouble(parts[i].substring(colon + 1));
            (set.equals("train") ? train : validation).put(metric, value);
        }
        return new Iteration(round, train, validation);
    }

    /** The booster with only its first {@code rounds} rounds of trees, cut from its JSON model. */
    static Booster truncated(Booster booster, int rounds) throws XGBoostError {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(booster.toByteArray("json"));
            ObjectNode model = (ObjectNode) root.path("learner").path("gradient_booster").path("model");
            ArrayNode indptr = (ArrayNode) model.get("iteration_indptr");
            int trees = indptr.get(rounds).asInt();
            ArrayNode keptTrees = JSON.createArrayNode();
            ArrayNode keptInfo = JSON.createArrayNode();
            ArrayNode keptIndptr = JSON.createArrayNode();
            for (int t = 0; t < trees; t++) {
                keptTrees.add(model.get("trees").get(t));
                keptInfo.add(model.get("tree_info").get(t));
            }
            for (int i = 0; i <= rounds; i++) {
                keptIndptr.add(indptr.get(i));
            }
            model.set("trees", keptTrees);
            model.set("tree_info", keptInfo);
            model.set("iteration_indptr", keptIndptr);
            ((ObjectNode) model.get("gbtree_model_param")).put("num_trees", Integer.toString(trees));
            return XGBoost.loadModel(JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new IllegalStateException("cannot cut the booster's JSON model to " + rounds + " rounds", e);
        }
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }
}
