package io.slipway.server.serving;

import static java.util.Objects.requireNonNull;

/**
 * Ground truth for a prediction learnt later: by its prediction id, or by a business key (a value
 * of one of the inputs, e.g. a transaction id) when the caller does not keep prediction ids.
 * Exactly one of {@code predictionId} and {@code businessKey} is set. {@code groundTruth} is the
 * label or the value, as text.
 */
public record FeedbackRecord(String deployment, String predictionId, String businessKey, String groundTruth, long timestampMillis) {
    public FeedbackRecord {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(groundTruth, "groundTruth is null");
        if ((predictionId == null) == (businessKey == null)) {
            throw new IllegalArgumentException("exactly one of predictionId and businessKey");
        }
    }
}
