package io.slipway.ml.train;

import static io.slipway.data.yaml.YamlFields.shown;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.slipway.core.SlipwayException;
import io.slipway.core.registry.ModelUri;
import io.slipway.data.yaml.YamlFields;
import io.slipway.ml.eval.Evaluation;
import io.slipway.ml.predict.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code slipway train} trains, written in YAML:
 *
 * <pre>
 * experiment: fraud
 * run_name: xgb-depth-4            # optional
 * data: {train: transactions@3}    # optional validation: NAME@V instead of a split
 * target: is_fraud
 * features: [amount, hour]         # optional; default every column but the target and exclude
 * exclude: [transaction_id]        # optional
 * task: binary                     # binary | multiclass | regression
 * split: {method: stratified, validation_fraction: 0.2, seed: 42}   # column: for method time
 * xgboost: {params: {max_depth: 4, eta: 0.1}, rounds: 200, early_stopping_rounds: 20}
 * evaluate:                        # optional: once trained, score on another version (and the champion)
 *   data: transactions@4
 *   threshold: 0.5                 # optional
 *   champion: models:/fraud@champion   # optional; compared when it resolves, skipped while the alias is unset
 *   segment: merchant_category     # optional, with champion
 * </pre>
 *
 * Strict: a key the spec does not know is an error naming it, because a misspelt
 * {@code early_stoping_rounds} silently ignored would train something other than what was asked.
 * Every error names its field path ({@code split.method}, {@code xgboost.rounds}).
 *
 * @param validation null when the validation rows come from {@code split}
 * @param features   empty for every column but the target and {@code exclude}
 * @param evaluate   null for no evaluation after training (the validation rows are always scored)
 */
public record TrainSpec(
        String experiment,
        String runName,
        DatasetRef train,
        DatasetRef validation,
        String target,
        List<String> features,
        List<String> exclude,
        Task task,
        Split.Spec split,
        Map<String, Object> params,
        int rounds,
        int earlyStoppingRounds,
        Evaluate evaluate) {

    public static final int DEFAULT_ROUNDS = 100;
    public static final double DEFAULT_VALIDATION_FRACTION = 0.2;
    public static final long DEFAULT_SEED = 42;

    /** A key given twice is refused too: YAML would keep the last one, silently. */
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> TOP = Set.of("experiment", "run_name", "data", "target", "features", "exclude", "task", "split",
            "xgboost", "evaluate");

    public TrainSpec {
        requireNonNull(experiment, "experiment is null");
        requireNonNull(train, "train is null");
        requireNonNull(target, "target is null");
        features = List.copyOf(features);
        exclude = List.copyOf(exclude);
        requireNonNull(task, "task is null");
        requireNonNull(split, "split is null");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A dataset version, {@code NAME@VERSION}: training pins its data, so the version is required. */
    public record DatasetRef(String name, int version) {
        public DatasetRef {
            requireNonNull(name, "name is null");
        }

        @Override
        public String toString() {
            return name + "@" + version;
        }
    }

    /**
     * The evaluation after training: the model scored on {@code data} at {@code threshold}, compared with
     * {@code champion} (a {@code models:/} URI) by {@code segment} when it resolves.
     *
     * @param champion null for no comparison
     * @param segment  null for no segments; only with a champion
     */
    public record Evaluate(DatasetRef data, double threshold, String champion, String segment) {
        public Evaluate {
            requireNonNull(data, "data is null");
        }
    }

    public static TrainSpec read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the training spec " + file + ": " + e.getMessage(), e);
        }
    }

    public static TrainSpec parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw SlipwayException.invalidParameter("The training spec is not valid YAML: %s", e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw SlipwayException.invalidParameter("A training spec is a YAML mapping with experiment, data, target and task.");
        }
        YamlFields top = new YamlFields("", root);
        rejectFieldsOtherThan(top, TOP);
        YamlFields data = top.mapping("data");
        rejectFieldsOtherThan(data, Set.of("train", "validation"));
        DatasetRef train = datasetRef(data, "train");
        DatasetRef validation = data.has("validation") ? datasetRef(data, "validation") : null;
        Task task = task(top);
        if (validation != null && top.has("split")) {
            throw top.error("split", "give either split or data.validation, not both");
        }
        Split.Spec split = top.has("split") ? split(top.mapping("split")) : defaultSplit(task);
        YamlFields xgboost = top.has("xgboost") ? top.mapping("xgboost") : new YamlFields("xgboost", YAML.createObjectNode());
        rejectFieldsOtherThan(xgboost, Set.of("params", "rounds", "early_stopping_rounds"));
        int rounds = xgboost.has("rounds") ? wholeNumber(xgboost, "rounds", 1) : DEFAULT_ROUNDS;
        int earlyStopping = xgboost.has("early_stopping_rounds") ? wholeNumber(xgboost, "early_stopping_rounds", 0) : 0;
        return new TrainSpec(top.string("experiment"), top.has("run_name") ? top.string("run_name") : null, train, validation,
                top.string("target"), top.has("features") ? names(top, "features") : List.of(),
                top.has("exclude") ? names(top, "exclude") : List.of(), task, split,
                xgboost.has("params") ? params(xgboost, "params") : Map.of(), rounds, earlyStopping,
                top.has("evaluate") ? evaluate(top.mapping("evaluate")) : null);
    }

    private static Evaluate evaluate(YamlFields f) {
        rejectFieldsOtherThan(f, Set.of("data", "threshold", "champion", "segment"));
        DatasetRef data = datasetRef(f, "data");
        double threshold = f.has("threshold") ? f.number("threshold") : Evaluation.DEFAULT_THRESHOLD;
        if (!(threshold > 0 && threshold < 1)) {
            throw f.error("threshold", "expected a probability strictly between 0 and 1, got " + threshold);
        }
        String champion = f.has("champion") ? f.string("champion") : null;
        if (champion != null) {
            try {
                ModelUri.parse(champion);
            } catch (SlipwayException e) {
                throw f.error("champion", "expected a models:/ URI such as models:/fraud@champion, got '" + champion + "'");
            }
        }
        String segment = f.has("segment") ? f.string("segment") : null;
        if (segment != null && champion == null) {
            throw f.error("segment", "segments break down a comparison; name a champion too");
        }
        return new Evaluate(data, threshold, champion, segment);
    }

    /** Stratified for a classification, so a rare class is as rare on both sides; random for a regression. */
    private static Split.Spec defaultSplit(Task task) {
        return new Split.Spec(task.isClassification() ? Split.Method.STRATIFIED : Split.Method.RANDOM, DEFAULT_VALIDATION_FRACTION,
                DEFAULT_SEED, null);
    }

    private static Split.Spec split(YamlFields f) {
        rejectFieldsOtherThan(f, Set.of("method", "validation_fraction", "seed", "column"));
        String name = f.string("method");
        Split.Method method = Arrays.stream(Split.Method.values()).filter(m -> m.wireName().equals(name)).findFirst()
                .orElseThrow(() -> f.error("method", "expected random, stratified or time, got '" + name + "'"));
        double fraction = f.has("validation_fraction") ? f.number("validation_fraction") : DEFAULT_VALIDATION_FRACTION;
        long seed = f.has("seed") ? wholeNumber(f, "seed", 0) : DEFAULT_SEED;
        String column = f.has("column") ? f.string("column") : null;
        if (method != Split.Method.TIME && column != null) {
            throw f.error("column", "only a time split takes a column");
        }
        return new Split.Spec(method, fraction, seed, column);
    }

    /** A 400 naming the first key of {@code f} not in {@code allowed}. */
    private static void rejectFieldsOtherThan(YamlFields f, Set<String> allowed) {
        f.unknownField(allowed).ifPresent(name -> {
            throw f.error(name, "unknown key; " + (f.path().isEmpty() ? "a spec" : f.path()) + " takes "
                    + String.join(", ", allowed.stream().sorted().toList()));
        });
    }

    private static int wholeNumber(YamlFields f, String field, int min) {
        JsonNode value = f.required(field);
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min) {
            throw f.error(field, "expected a whole number of at least " + min + ", got " + shown(value));
        }
        return value.asInt();
    }

    private static List<String> names(YamlFields f, String field) {
        JsonNode value = f.required(field);
        if (!value.isArray()) {
            throw f.error(field, "expected a list of column names, got " + shown(value));
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw f.error(field + "[" + i + "]", "expected a column name, got " + shown(value.get(i)));
            }
            if (names.contains(value.get(i).asText())) {
                throw f.error(field + "[" + i + "]", "'" + value.get(i).asText() + "' is listed twice");
            }
            names.add(value.get(i).asText());
        }
        return names;
    }

    private static Task task(YamlFields f) {
        String name = f.string("task");
        return Arrays.stream(Task.values()).filter(t -> t.wireName().equals(name)).findFirst()
                .orElseThrow(() -> f.error("task", "expected binary, multiclass or regression, got '" + name + "'"));
    }

    private static DatasetRef datasetRef(YamlFields f, String field) {
        String text = f.string(field);
        int at = text.lastIndexOf('@');
        if (at <= 0 || !text.substring(at + 1).matches("[1-9][0-9]{0,8}")) {
            throw f.error(field, "expected a dataset version NAME@VERSION (e.g. transactions@1), got '" + text + "'");
        }
        return new DatasetRef(text.substring(0, at), Integer.parseInt(text.substring(at + 1)));
    }

    /** XGBoost's parameters as scalars: numbers stay numbers, so XGBoost reads {@code 4} and {@code 0.1} as it would from Python. */
    private static Map<String, Object> params(YamlFields f, String field) {
        YamlFields params = f.mapping(field);
        Map<String, Object> values = new LinkedHashMap<>();
        params.node().fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw params.error(entry.getKey(), "expected a number, text or a boolean, got " + shown(value));
            }
            values.put(entry.getKey(), value.isIntegralNumber() ? (Object) value.asLong()
                    : value.isNumber() ? (Object) value.asDouble() : value.isBoolean() ? (Object) value.asBoolean() : value.asText());
        });
        return values;
    }
}
