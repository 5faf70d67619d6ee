package io.slipway.ml.predict;

import io.slipway.api.mlmodel.MlModel;
import java.nio.file.Path;

/**
 * Loads models of one MLmodel flavor. Found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/io.slipway.ml.predict.PredictorFactory}); {@link Predictors} asks the
 * factories in order of {@link #preference()} for the first flavor a model has.
 */
public interface PredictorFactory {
    /** The flavor key in the MLmodel file, e.g. {@code onnx}. */
    String flavor();

    /** Lower is tried first: Slipway's own flavors, which carry preprocessing, before MLflow's. */
    int preference();

    /**
     * The model in {@code directory} (the one holding the MLmodel file), described by
     * {@code descriptor}. A file that is missing, corrupt or does not fit the signature is a 400
     * naming the file and the problem.
     */
    Predictor load(Path directory, MlModel descriptor);
}
