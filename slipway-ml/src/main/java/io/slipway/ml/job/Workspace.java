package io.slipway.ml.job;

import io.slipway.api.mlflow.TrackingMessages.DatasetInputMessage;
import io.slipway.core.SlipwayException;
import io.slipway.core.data.DatasetVersion;
import io.slipway.core.registry.ModelUri;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunStatus;
import io.slipway.core.tracking.RunUri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a training or evaluation job needs from a Slipway server: dataset versions, model files, runs
 * and the registry. The CLI's implementation talks to a server through the Java client; the jobs do
 * not care which, so the same job code trains from {@code slipway train} and from anywhere else.
 * Every method throws the server's own errors (a 4xx names what was wrong). Implementations are safe
 * to call from several threads at once: a job logs metrics and uploads files in the background.
 */
public interface Workspace {
    /** One version of a dataset, e.g. {@code transactions@3}: a 404 when there is none. */
    DatasetVersion datasetVersion(String name, int version);

    /** A local directory holding the version's files as committed (each checked against its SHA-256). */
    Path datasetFiles(DatasetVersion version);

    /**
     * The files of a model named by a {@code runs:/RUN_ID/PATH} or {@code models:/NAME/...} URI, downloaded
     * into {@code into}; a 404 when there is no such run or model, a 400 when it names no files.
     */
    FetchedModel fetchModel(String modelUri, Path into);

    /** As {@link #fetchModel}, but {@code model} may also be a local model directory, used where it is. */
    default FetchedModel fetchModelOrDirectory(String model, Path into) {
        if (RunUri.isRunUri(model) || ModelUri.isModelUri(model)) {
            return fetchModel(model, into);
        }
        if (!Files.isDirectory(Path.of(model))) {
            throw SlipwayException.invalidParameter("model: '%s' is neither a runs:/ or models:/ URI nor a model directory.", model);
        }
        return new FetchedModel(model, Path.of(model), null, null);
    }

    /**
     * The version a {@code models:/} URI names, or empty when there is no such model, version or alias
     * (yet): a champion that does not exist is not an error for a first training.
     */
    Optional<ModelVersion> findModelVersion(String modelUri);

    /** A model's files on this machine, and where they came from. */
    record FetchedModel(String uri, Path directory, String runId, ModelVersion version) {}

    Run getRun(String runId);

    /** The id of the experiment called {@code name}, created when there is none. */
    String experimentId(String name);

    /** A new run (RUNNING) in {@code experimentId}; its id. */
    String createRun(String experimentId, String runName, Map<String, String> tags);

    void logInputs(String runId, List<DatasetInputMessage> inputs);

    /** Logs at most {@link io.slipway.core.tracking.TrackingValidation#MAX_ENTITIES_PER_BATCH} metrics and params together. */
    void logBatch(String runId, List<Metric> metrics, List<Param> params);

    void uploadArtifact(String runId, String artifactPath, Path file);

    void endRun(String runId, RunStatus status);

    /** A new version of registered model {@code name} (created when there is none) from {@code source}. */
    ModelVersion registerModel(String name, String source, String runId, String description);
}
