package io.slipway.server.serving;

import java.time.Duration;

/**
 * How serving batches, queues and follows its deployments.
 *
 * @param maxBatchRows rows one prediction call takes at most
 * @param maxBatchWait how long a worker waits for a batch to fill; zero takes whatever is queued
 *     (batches then grow with the load alone)
 * @param maxQueuedRequests requests a model version queues; one more is refused with 503
 * @param workers predictions a model version runs at once
 * @param syncInterval how often deployments are re-read (alias moves, rollouts)
 * @param shadowQueue requests a shadow candidate queues; when full, copies are skipped and counted
 */
public record ServingSettings(int maxBatchRows, Duration maxBatchWait, int maxQueuedRequests, int workers, Duration syncInterval,
        int shadowQueue) {
    public ServingSettings {
        if (maxBatchRows < 1 || maxQueuedRequests < 1 || workers < 1 || shadowQueue < 1) {
            throw new IllegalArgumentException("batch rows, queue sizes and workers must be at least 1");
        }
        if (maxBatchWait.isNegative() || syncInterval.isNegative() || syncInterval.isZero()) {
            throw new IllegalArgumentException("waits must not be negative and the sync interval must be positive");
        }
    }

    /** Batches up to 1,024 rows without waiting, queues 1,024 requests per version, one worker per core, syncs every second. */
    public static ServingSettings defaults() {
        return new ServingSettings(1024, Duration.ZERO, 1024, Math.max(1, Runtime.getRuntime().availableProcessors()),
                Duration.ofSeconds(1), 1024);
    }

    public ServingSettings withSyncInterval(Duration interval) {
        return new ServingSettings(maxBatchRows, maxBatchWait, maxQueuedRequests, workers, interval, shadowQueue);
    }
}
