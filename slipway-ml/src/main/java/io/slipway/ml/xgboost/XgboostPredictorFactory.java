package io.slipway.ml.xgboost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import io.slipway.api.mlmodel.MlModel;
import io.slipway.core.SlipwayException;
import io.slipway.ml.features.FeatureSpec;
import io.slipway.ml.predict.Predictor;
import io.slipway.ml.predict.PredictorFactory;
import io.slipway.ml.predict.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Loads the {@code slipway_xgboost} flavor written by {@link XgboostPackage}: an XGBoost JSON
 * model scored on the JVM by {@link TreeEnsemble}, with its {@link FeatureSpec} preprocessing.
 */
public final class XgboostPredictorFactory implements PredictorFactory {
    @Override
    public String flavor() {
        return XgboostPackage.FLAVOR;
    }

    @Override
    public int preference() {
        return 10;
    }

    @Override
    public Predictor load(Path directory, MlModel descriptor) {
        Map<?, ?> flavor = descriptor.flavors().get(XgboostPackage.FLAVOR) instanceof Map<?, ?> map ? map : Map.of();
        Path modelFile = file(directory, flavor, "model", XgboostPackage.MODEL_FILE);
        Path preprocessingFile = file(directory, flavor, "preprocessing", XgboostPackage.PREPROCESSING_FILE);
        Task task = task(directory, flavor.get("task"));
        List<String> classes = flavor.get("classes") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();

        TreeEnsemble ensemble;
        try {
            ensemble = TreeEnsemble.parse(read(modelFile));
        } catch (IllegalArgumentException e) {
            throw invalid(modelFile, e.getMessage());
        }
        FeatureSpec features;
        try {
            features = XgboostPackage.JSON.readValue(read(preprocessingFile), FeatureSpec.class);
        } catch (DatabindException e) {
            throw invalid(preprocessingFile, "not a feature spec (" + e.getOriginalMessage() + ")");
        } catch (JsonProcessingException e) {
            throw invalid(preprocessingFile, "not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new XgboostPredictor(ensemble, features, task, classes);
        } catch (IllegalArgumentException e) {
            throw invalid(modelFile, e.getMessage() + " (preprocessing in " + preprocessingFile.getFileName() + ", task and classes in "
                    + MlModel.FILE_NAME + ")");
        }
    }

    /** A file the flavor names, which must stay inside the model directory. */
    private static Path file(Path directory, Map<?, ?> flavor, String key, String fallback) {
        String name = flavor.get(key) instanceof String text ? text : fallback;
        Path file = directory.resolve(name).normalize();
        if (!file.startsWith(directory.normalize())) {
            throw SlipwayException.invalidParameter("Invalid MLmodel in %s: flavors.%s.%s '%s' points outside the model directory.",
                    directory, XgboostPackage.FLAVOR, key, name);
        }
        return file;
    }

    private static Task task(Path directory, Object value) {
        return Arrays.stream(Task.values()).filter(task -> task.wireName().equals(value)).findFirst()
                .orElseThrow(() -> SlipwayException.invalidParameter("Invalid MLmodel in %s: flavors.%s.task is %s; one of binary,"
                        + " multiclass, regression.", directory, XgboostPackage.FLAVOR, value == null ? "missing" : "'" + value + "'"));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw invalid(file, "the file is missing");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static SlipwayException invalid(Path file, String problem) {
        return SlipwayException.invalidParameter("Invalid XGBoost model file %s: %s.", file, problem);
    }
}
