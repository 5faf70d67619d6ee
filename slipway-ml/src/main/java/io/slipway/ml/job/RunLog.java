package io.slipway.ml.job;

import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.RunStatus;
import io.slipway.core.tracking.TrackingValidation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What both jobs do with runs: log any number of metrics and params, and close a run that failed. */
final class RunLog {
    private RunLog() {
    }

    /** Logs every metric and param, in as many batches as MLflow's limits need. */
    static void logAll(Workspace workspace, String runId, List<Metric> metrics, List<Param> params) {
        int batch = TrackingValidation.MAX_ENTITIES_PER_BATCH / 2;
        for (int i = 0; i < Math.max(metrics.size(), params.size()); i += batch) {
            workspace.logBatch(runId, metrics.subList(Math.min(i, metrics.size()), Math.min(i + batch, metrics.size())),
                    params.subList(Math.min(i, params.size()), Math.min(i + batch, params.size())));
        }
    }

    /** Marks the run FAILED and returns {@code cause} to rethrow; a failure to mark it is added to it, not thrown. */
    static RuntimeException failed(Workspace workspace, String runId, Exception cause) {
        RuntimeException failure = cause instanceof RuntimeException runtime ? runtime
                : cause instanceof IOException io ? new UncheckedIOException(io) : new IllegalStateException(cause);
        try {
            workspace.endRun(runId, RunStatus.FAILED);
        } catch (RuntimeException unmarked) {
            failure.addSuppressed(unmarked); // the job's own failure is the one to report
        }
        return failure;
    }

    /** A job's scratch directory. */
    static Path scratch(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing a finished job for
        }
    }
}
