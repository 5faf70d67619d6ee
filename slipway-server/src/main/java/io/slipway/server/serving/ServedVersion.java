package io.slipway.server.serving;

import static java.util.Objects.requireNonNull;

import io.slipway.core.serving.ModelRef;
import io.slipway.ml.predict.Predictor;
import io.slipway.ml.protocol.MlflowScoringCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model version loaded for one deployment: its predictor, micro-batcher and MLflow codec, and
 * the rollback window of its requests. Reference counted: the routing that serves it holds one
 * reference and every request in flight one more; once it is retired and the last request is
 * done, the predictor is closed and its files deleted, so a swap never closes a model under a
 * request.
 */
final class ServedVersion {
    private static final Logger LOG = LoggerFactory.getLogger(ServedVersion.class);

    final ModelRef model;
    final Predictor predictor;
    final MlflowScoringCodec mlflow;
    final MicroBatcher batcher;
    final WindowStats stats;
    final AtomicBoolean rollbackRequested = new AtomicBoolean();
    private final Path directory;
    private final AtomicInteger references = new AtomicInteger(1);

    ServedVersion(ModelRef model, Predictor predictor, Path directory, MicroBatcher batcher, WindowStats stats) {
        this.model = requireNonNull(model, "model is null");
        this.predictor = requireNonNull(predictor, "predictor is null");
        this.directory = directory;
        this.batcher = requireNonNull(batcher, "batcher is null");
        this.stats = requireNonNull(stats, "stats is null");
        this.mlflow = new MlflowScoringCodec(predictor.inputs());
    }

    /** Takes a reference for a request; false when the version was retired meanwhile (route again). */
    boolean acquire() {
        while (true) {
            int count = references.get();
            if (count <= 0) {
                return false;
            }
            if (references.compareAndSet(count, count + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (references.decrementAndGet() == 0) {
            unload();
        }
    }

    /** Drops the routing's reference: unloads now, or when the last request in flight is done. */
    void retire() {
        release();
    }

    private void unload() {
        batcher.close();
        try {
            predictor.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing model {} failed: {}", model, e.getMessage());
        }
        deleteQuietly(directory);
        LOG.info("Unloaded model {}", model);
    }

    static void deleteQuietly(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.debug("Could not delete {}: {}", path, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.debug("Could not delete {}: {}", directory, e.getMessage());
        }
    }
}
