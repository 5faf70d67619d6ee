package io.slipway.ml.predict;

import io.slipway.ml.frame.Frame;
import java.util.List;

/**
 * A loaded model that scores rows. Implementations are safe to call from many threads at once:
 * serving shares one per model version. Loaded by flavor through {@link Predictors}.
 */
public interface Predictor extends AutoCloseable {
    /** The MLmodel flavor it was loaded from, e.g. {@code slipway_xgboost}, {@code onnx}. */
    String flavor();

    Task task();

    /** The class labels, negative first for binary; empty for a regression. */
    List<String> classes();

    /** The inputs it needs, in the order of its signature. */
    List<InputColumn> inputs();

    /**
     * Scores every row of {@code frame}. A missing required column, a text column where a number
     * is needed or the reverse is a 400 naming the column; extra columns are ignored.
     */
    Predictions predict(Frame frame);

    /** Releases native resources (ONNX sessions, XGBoost boosters); the default holds none. */
    @Override
    default void close() {
    }
}
