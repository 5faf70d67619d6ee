package io.slipway.ml.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.api.mlmodel.MlModel;
import io.slipway.core.SlipwayException;
import io.slipway.ml.predict.InputColumn;
import io.slipway.ml.predict.Predictor;
import io.slipway.ml.predict.PredictorFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads MLflow's {@code onnx} flavor ({@code mlflow.onnx.log_model}): the graph in the flavor's
 * {@code data} file, scored by ONNX Runtime on the CPU, with the signature's named columns as its
 * inputs (see {@link OnnxInputs}) and its probabilities or value as the predictions (see
 * {@link OnnxOutputs}). Everything that can be checked without rows is checked here, so a model
 * that does not fit fails at load, not at its first request.
 */
public final class OnnxPredictorFactory implements PredictorFactory {
    public static final String FLAVOR = "onnx";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String flavor() {
        return FLAVOR;
    }

    @Override
    public int preference() {
        return 50;
    }

    @Override
    public Predictor load(Path directory, MlModel descriptor) {
        Map<?, ?> options = descriptor.flavors().get(FLAVOR) instanceof Map<?, ?> map ? map : Map.of();
        Path file = dataFile(directory, options);
        List<InputColumn> columns = signatureInputs(descriptor, directory);
        List<String> classes = declaredClasses(options, directory);
        // ONNX Runtime has one environment per process; asked for here, not at start-up, so a
        // build whose native library cannot load still serves its other flavors
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions()) {
            session = environment.createSession(file.toString(), sessionOptions);
        } catch (OrtException e) {
            throw SlipwayException.invalidParameter("The ONNX model %s cannot be loaded: it is corrupt or not an ONNX model this runtime"
                    + " reads (%s).", file, firstLine(e.getMessage()));
        }
        try {
            OnnxInputs inputs = OnnxInputs.fit(columns, session.getInputInfo(), file);
            OnnxOutputs outputs = OnnxOutputs.fit(session.getOutputInfo(), classes, file);
            return new OnnxPredictor(environment, session, inputs, outputs, file);
        } catch (OrtException e) {
            closeQuietly(session, e);
            throw SlipwayException.invalidParameter("Cannot read the inputs and outputs of the ONNX model %s (%s).", file,
                    firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            closeQuietly(session, e);
            throw e;
        }
    }

    private static Path dataFile(Path directory, Map<?, ?> options) {
        if (!(options.get("data") instanceof String data) || data.isBlank()) {
            throw SlipwayException.invalidParameter("The MLmodel in %s has no flavors.onnx.data: it names the model's .onnx file.", directory);
        }
        Path root = directory.toAbsolutePath().normalize();
        Path file = root.resolve(data).normalize();
        if (!file.startsWith(root)) {
            throw SlipwayException.invalidParameter("The MLmodel in %s names the ONNX file '%s' outside its directory.", directory, data);
        }
        if (!Files.isRegularFile(file)) {
            throw SlipwayException.invalidParameter("The ONNX model file %s is missing (flavors.onnx.data of the MLmodel in %s).", file,
                    directory);
        }
        return file;
    }

    /** The signature's column inputs, in order; MLflow columns are required unless they say otherwise. */
    private static List<InputColumn> signatureInputs(MlModel descriptor, Path directory) {
        Object inputs = descriptor.fields().get("signature") instanceof Map<?, ?> signature ? signature.get("inputs") : null;
        List<?> specs;
        try {
            specs = inputs instanceof String json ? JSON.readValue(json, List.class) : inputs instanceof List<?> list ? list : null;
        } catch (JsonProcessingException e) {
            specs = null;
        }
        if (specs == null || specs.isEmpty()) {
            throw SlipwayException.invalidParameter("The MLmodel in %s has no signature inputs: an onnx model is loaded with the named"
                    + " columns it takes (log it with a signature).", directory);
        }
        List<InputColumn> columns = new ArrayList<>();
        for (Object item : specs) {
            if (!(item instanceof Map<?, ?> spec) || !(spec.get("name") instanceof String name) || !(spec.get("type") instanceof String type) || !InputColumn.TYPES.contains(type)) {
                throw SlipwayException.invalidParameter("The signature of the MLmodel in %s has the input %s; an onnx model takes named"
                        + " columns of types %s.", directory, JSON.valueToTree(item), InputColumn.TYPES);
            }
            columns.add(new InputColumn(name, type, !Boolean.FALSE.equals(spec.get("required"))));
        }
        return columns;
    }

    /** The class labels the MLmodel names ({@code flavors.onnx.classes}), or null. */
    private static List<String> declaredClasses(Map<?, ?> options, Path directory) {
        Object classes = options.get("classes");
        if (classes == null) {
            return null;
        }
        if (!(classes instanceof List<?> list) || list.stream().anyMatch(c -> c == null || c instanceof Map || c instanceof List)) {
            throw SlipwayException.invalidParameter("flavors.onnx.classes of the MLmodel in %s must be a list of class labels.", directory);
        }
        return list.stream().map(String::valueOf).toList();
    }

    private static void closeQuietly(OrtSession session, Exception failure) {
        try {
            session.close();
        } catch (OrtException e) {
            failure.addSuppressed(e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "no details" : message.strip().lines().findFirst().orElse("no details");
    }
}
