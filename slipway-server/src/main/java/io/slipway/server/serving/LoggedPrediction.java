package io.slipway.server.serving;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * One logged prediction as {@link PredictionLogReader} reads it back, with the latest ground truth
 * learnt for it ({@code groundTruth} and {@code feedbackTimestampMillis} null when none).
 * {@code probabilities} is null for a regression; {@code inputs} holds numbers, text and nulls.
 */
public record LoggedPrediction(
        String predictionId,
        String requestId,
        long timestampMillis,
        String deployment,
        String modelName,
        String modelVersion,
        String role,
        double latencyMs,
        Double prediction,
        String label,
        List<Double> probabilities,
        Map<String, Object> inputs,
        String groundTruth,
        Long feedbackTimestampMillis) {
    public LoggedPrediction {
        requireNonNull(predictionId, "predictionId is null");
        requireNonNull(deployment, "deployment is null");
    }
}
