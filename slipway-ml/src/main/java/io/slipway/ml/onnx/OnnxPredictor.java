package io.slipway.ml.onnx;

import static java.util.Objects.requireNonNull;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.InputColumn;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Predictor;
import io.slipway.ml.predict.Task;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A model scored by ONNX Runtime; its session runs calls from many threads at once. */
final class OnnxPredictor implements Predictor {
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final OnnxInputs inputs;
    private final OnnxOutputs outputs;
    private final Path file;

    OnnxPredictor(OrtEnvironment environment, OrtSession session, OnnxInputs inputs, OnnxOutputs outputs, Path file) {
        this.environment = requireNonNull(environment, "environment is null");
        this.session = requireNonNull(session, "session is null");
        this.inputs = requireNonNull(inputs, "inputs is null");
        this.outputs = requireNonNull(outputs, "outputs is null");
        this.file = requireNonNull(file, "file is null");
    }

    @Override
    public String flavor() {
        return OnnxPredictorFactory.FLAVOR;
    }

    @Override
    public Task task() {
        return outputs.task();
    }

    @Override
    public List<String> classes() {
        return outputs.classes();
    }

    @Override
    public List<InputColumn> inputs() {
        return inputs.columns();
    }

    @Override
    public Predictions predict(Frame frame) {
        requireNonNull(frame, "frame is null");
        Map<String, OnnxTensor> tensors;
        try {
            tensors = inputs.tensors(environment, frame);
        } catch (OrtException e) {
            throw new SlipwayException(ErrorCode.INTERNAL_ERROR, "Cannot make the input tensors of " + file + ": " + e.getMessage(), e);
        }
        try (OrtSession.Result result = session.run(tensors, Set.of(outputs.name()))) {
            return outputs.read(result, frame.rowCount());
        } catch (OrtException e) {
            throw new SlipwayException(ErrorCode.INTERNAL_ERROR, "ONNX Runtime could not score " + frame.rowCount() + " rows with " + file
                    + ": " + e.getMessage(), e);
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("Cannot close the ONNX Runtime session of " + file + ": " + e.getMessage(), e);
        }
    }
}
