package io.slipway.server.serving;

import static java.util.Objects.requireNonNull;

import io.slipway.core.serving.ModelRef;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.Predictions;

/**
 * One answered request, as the prediction log receives it: its rows ({@code inputs}, in the
 * model's signature columns) and the model's answers for them. Each row becomes one logged
 * prediction with the id {@link #predictionId}. {@code role} is {@code stable}, {@code canary} or
 * {@code shadow} (a shadow's answers were never returned).
 */
public record PredictionRecord(
        String requestId,
        long timestampMillis,
        String deployment,
        ModelRef model,
        String role,
        Frame inputs,
        Predictions predictions,
        long latencyNanos) {
    public static final String STABLE = "stable";
    public static final String CANARY = "canary";
    public static final String SHADOW = "shadow";

    public PredictionRecord {
        requireNonNull(requestId, "requestId is null");
        requireNonNull(deployment, "deployment is null");
        requireNonNull(model, "model is null");
        requireNonNull(role, "role is null");
        requireNonNull(inputs, "inputs is null");
        requireNonNull(predictions, "predictions is null");
    }

    /** The id of row {@code row} of a request with {@code rows} rows: the request id itself for one row, else {@code ID-ROW} from 0. */
    public static String predictionId(String requestId, int rows, int row) {
        return rows == 1 ? requestId : requestId + "-" + row;
    }
}
