package io.slipway.ml.xgboost;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.api.mlmodel.MlModel;
import io.slipway.ml.features.FeatureSpec;
import io.slipway.ml.predict.InputColumn;
import io.slipway.ml.predict.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Writes a trained booster as a model directory {@link XgboostPredictorFactory} loads:
 *
 * <pre>
 * MLmodel              flavors slipway_xgboost (model, preprocessing, task, classes) and MLflow's xgboost
 * model.json           the booster in XGBoost's JSON format
 * preprocessing.json   the {@link FeatureSpec} that turns raw columns into the booster's features
 * </pre>
 *
 * MLflow's {@code xgboost} flavor points at the same model.json, so {@code mlflow.xgboost.load_model}
 * loads the booster (which takes encoded features; only Slipway applies the preprocessing). Nothing
 * in the directory depends on the time it was written: the same booster writes the same bytes.
 */
public final class XgboostPackage {
    public static final String FLAVOR = "slipway_xgboost";
    public static final String MODEL_FILE = "model.json";
    public static final String PREPROCESSING_FILE = "preprocessing.json";
    /** The XGBoost4J version on the class path, as MLflow's flavor records it. */
    public static final String XGBOOST_VERSION = xgboostVersion();

    static final ObjectMapper JSON = new ObjectMapper();

    private XgboostPackage() {
    }

    /**
     * Writes {@code booster} with its preprocessing into {@code directory} (created if absent).
     *
     * @param classes the labels the booster's classes stand for, negative first for binary; empty for a regression
     */
    public static void write(Path directory, Booster booster, FeatureSpec features, Task task, List<String> classes) {
        requireNonNull(directory, "directory is null");
        requireNonNull(booster, "booster is null");
        requireNonNull(features, "features is null");
        requireNonNull(task, "task is null");
        requireNonNull(classes, "classes is null");
        byte[] model;
        try {
            model = booster.toByteArray("json");
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not save the booster: " + e.getMessage(), e);
        }
        XgboostPredictor.check(TreeEnsemble.parse(model), features, task, classes, MODEL_FILE);
        try {
            Files.createDirectories(directory);
            Files.write(directory.resolve(MODEL_FILE), model);
            Files.write(directory.resolve(PREPROCESSING_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(features));
            Files.writeString(directory.resolve(MlModel.FILE_NAME), descriptor(features, task, classes).toYaml());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the model to " + directory + ": " + e.getMessage(), e);
        }
    }

    static MlModel descriptor(FeatureSpec features, Task task, List<String> classes) {
        Map<String, Object> slipway = new LinkedHashMap<>();
        slipway.put("model", MODEL_FILE);
        slipway.put("preprocessing", PREPROCESSING_FILE);
        slipway.put("task", task.wireName());
        slipway.put("classes", classes);
        slipway.put("xgb_version", XGBOOST_VERSION);
        Map<String, Object> xgboost = new LinkedHashMap<>();
        xgboost.put("code", null);
        xgboost.put("data", MODEL_FILE);
        xgboost.put("model_class", "xgboost.core.Booster");
        xgboost.put("model_format", "json");
        xgboost.put("xgb_version", XGBOOST_VERSION);
        Map<String, Object> flavors = new LinkedHashMap<>();
        flavors.put(FLAVOR, slipway);
        flavors.put("xgboost", xgboost);

        List<Map<String, Object>> inputs = new ArrayList<>();
        for (InputColumn input : features.inputs()) {
            inputs.add(columnSpec(input.type(), input.name(), input.required()));
        }
        Map<String, Object> signature = new LinkedHashMap<>();
        signature.put("inputs", json(inputs));
        signature.put("outputs", json(List.of(columnSpec("double", "prediction", true))));
        signature.put("params", null);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("flavors", flavors);
        fields.put("signature", signature);
        // JSON is YAML: MlModel checks the descriptor as it would a file, and renders it as one
        return MlModel.parse(json(fields).getBytes(StandardCharsets.UTF_8), MlModel.FILE_NAME);
    }

    /** A column spec with its keys in MLflow's order, so the same model writes the same file. */
    private static Map<String, Object> columnSpec(String type, String name, boolean required) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", type);
        spec.put("name", name);
        spec.put("required", required);
        return spec;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an MLmodel descriptor holds only JSON values", e);
        }
    }

    private static String xgboostVersion() {
        try (InputStream in = Booster.class.getResourceAsStream("/xgboost4j-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
