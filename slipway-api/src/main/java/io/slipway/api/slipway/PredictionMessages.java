package io.slipway.api.slipway;

import java.util.List;
import java.util.Map;

/**
 * The prediction log and its feedback, under {@code /api/2.0/slipway/predictions/} (see
 * docs/api.md): ground truth sent for logged predictions, logged predictions read back with the
 * latest ground truth, and segments uploaded by replicas that cannot write the store themselves.
 */
public final class PredictionMessages {
    /** Most feedback items one request may carry. */
    public static final int MAX_FEEDBACK_ITEMS = 1000;

    private PredictionMessages() {}

    /** One piece of ground truth: for a prediction id or for a business key (exactly one of them). */
    public record FeedbackItem(String predictionId, String businessKey, String groundTruth) {}

    /** POST predictions/feedback. */
    public record SendFeedback(String deployment, List<FeedbackItem> feedback) {}

    public record FeedbackAccepted(int accepted) {}

    /** GET predictions/search: dates are UTC {@code YYYY-MM-DD}, both included. */
    public record SearchPredictions(String deployment, String from, String to, Integer maxResults, String keyColumn) {}

    /**
     * A logged prediction with the latest ground truth learnt for it ({@code groundTruth} and
     * {@code feedbackTimestamp} absent when none). Times are epoch milliseconds.
     */
    public record PredictionView(String predictionId, String requestId, long timestamp, String deployment, String modelName,
            String modelVersion, String role, double latencyMs, Double prediction, String label, List<Double> probabilities,
            Map<String, Object> inputs, String groundTruth, Long feedbackTimestamp) {}

    public record PredictionsResponse(List<PredictionView> predictions) {}

    /** PUT predictions/segments/{path}: where the segment is now, under the log's root. */
    public record SegmentStored(String path) {}
}
