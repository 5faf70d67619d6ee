package io.slipway.cli;

import io.slipway.server.serving.ServingSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code --serve-*} options of {@code slipway server} and {@code slipway serve}: batching, queueing, syncing. */
public final class ServingOptions {
    private static final ServingSettings DEFAULTS = ServingSettings.defaults();

    @Option(names = "--serve-max-batch-rows", paramLabel = "N", defaultValue = "1024",
            description = "Rows one prediction call takes at most when requests are batched. Default: ${DEFAULT-VALUE}.")
    int maxBatchRows;

    @Option(names = "--serve-max-batch-wait-ms", paramLabel = "MS", defaultValue = "0",
            description = "How long a batch waits to fill; 0 takes whatever is queued, so batches grow with the load. Default: ${DEFAULT-VALUE}.")
    double maxBatchWaitMillis;

    @Option(names = "--serve-max-queue", paramLabel = "N", defaultValue = "1024",
            description = "Requests a model version queues; one more is refused with 503 and Retry-After. Default: ${DEFAULT-VALUE}.")
    int maxQueuedRequests;

    @Option(names = "--serve-workers", paramLabel = "N",
            description = "Predictions a model version runs at once. Default: the number of cores.")
    Integer workers;

    @Option(names = "--serve-sync-ms", paramLabel = "MS", defaultValue = "1000",
            description = "How often deployments are re-read to follow alias moves and rollouts. Default: ${DEFAULT-VALUE}.")
    long syncMillis;

    public ServingSettings settings() {
        try {
            return new ServingSettings(maxBatchRows, Duration.ofNanos((long) (maxBatchWaitMillis * 1_000_000)), maxQueuedRequests,
                    workers == null ? DEFAULTS.workers() : workers, Duration.ofMillis(syncMillis), DEFAULTS.shadowQueue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid --serve-* option: " + e.getMessage() + ".", e);
        }
    }
}
