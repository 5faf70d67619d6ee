package io.slipway.cli.train;

import static java.util.Objects.requireNonNull;

import io.slipway.api.mlflow.TrackingMessages.DatasetInputMessage;
import io.slipway.cli.tracking.ArtifactDownload;
import io.slipway.client.SlipwayClient;
import io.slipway.client.SlipwayClientException;
import io.slipway.client.data.HashCache;
import io.slipway.client.data.TransferProgress;
import io.slipway.core.SlipwayException;
import io.slipway.core.data.DatasetVersion;
import io.slipway.core.registry.ModelUri;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.RegisteredModel;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunStatus;
import io.slipway.core.tracking.RunUri;
import io.slipway.core.tracking.TrackingService;
import io.slipway.ml.job.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs' {@link Workspace} over a Slipway server, through the Java client: what {@code slipway train}
 * and {@code slipway evaluate} run with. Dataset versions are downloaded into a cache directory, one
 * per version, and kept there (a second training on the same version reads them again without a
 * transfer: only files whose SHA-256 does not match are fetched).
 */
public final class ClientWorkspace implements Workspace {
    private final SlipwayClient client;
    private final Path cacheRoot;
    /** Each run's artifact root, looked up once: a job uploads a dozen files to the same run. */
    private final Map<String, String> artifactRoots = new ConcurrentHashMap<>();

    /** @param cacheRoot where dataset versions go, as {@code datasets/NAME/VERSION/}; null for the default */
    public ClientWorkspace(SlipwayClient client, Path cacheRoot) {
        this.client = requireNonNull(client, "client is null");
        this.cacheRoot = cacheRoot != null ? cacheRoot
                : HashCache.defaultLocation(System.getenv(), Path.of(System.getProperty("user.home"))).getParent();
    }

    @Override
    public DatasetVersion datasetVersion(String name, int version) {
        return client.getDatasetVersion(name, version);
    }

    @Override
    public Path datasetFiles(DatasetVersion version) {
        Path dir = cacheRoot.resolve("datasets").resolve(version.name()).resolve(Integer.toString(version.version()));
        client.downloadDataset(version.name(), version.version(), dir, TransferProgress.NONE);
        return dir;
    }

    @Override
    public FetchedModel fetchModel(String modelUri, Path into) {
        String location;
        String runId;
        ModelVersion version = null;
        if (RunUri.isRunUri(modelUri)) {
            RunUri runUri = RunUri.split(modelUri);
            if (runUri.runId().isEmpty() || runUri.path().isEmpty()) {
                throw SlipwayException.invalidParameter("model: '%s' is not runs:/RUN_ID/PATH.", modelUri);
            }
            runId = runUri.runId();
            location = TrackingService.joinUri(client.getRun(runId).info().artifactUri(), runUri.path());
        } else {
            version = client.resolveModel(modelUri);
            runId = version.runId() == null || version.runId().isEmpty() ? null : version.runId();
            location = client.getModelVersionDownloadUri(version.name(), version.version());
        }
        if (ArtifactDownload.tree(client, location, into).isEmpty()) {
            throw SlipwayException.invalidParameter("model: %s holds no files (%s).", modelUri, location);
        }
        return new FetchedModel(modelUri, into, runId, version);
    }

    @Override
    public Optional<ModelVersion> findModelVersion(String modelUri) {
        ModelUri uri = ModelUri.parse(modelUri);
        Optional<RegisteredModel> model = client.findRegisteredModel(uri.name());
        if (model.isEmpty() || uri.kind() == ModelUri.Kind.ALIAS
                && model.get().aliases().stream().noneMatch(alias -> alias.alias().equals(uri.reference()))) {
            return Optional.empty();
        }
        try {
            return Optional.of(client.resolveModel(modelUri));
        } catch (SlipwayClientException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Run getRun(String runId) {
        return client.getRun(runId);
    }

    @Override
    public String experimentId(String name) {
        return client.findExperimentByName(name).map(e -> e.experimentId()).orElseGet(() -> client.createExperiment(name, null, null));
    }

    @Override
    public String createRun(String experimentId, String runName, Map<String, String> tags) {
        return client.createRun(experimentId, runName, tags).info().runId();
    }

    @Override
    public void logInputs(String runId, List<DatasetInputMessage> inputs) {
        client.logInputs(runId, inputs);
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params) {
        client.logBatch(runId, metrics, params, List.of());
    }

    @Override
    public void uploadArtifact(String runId, String artifactPath, Path file) {
        String root = artifactRoots.computeIfAbsent(runId, id -> client.getRun(id).info().artifactUri());
        client.uploadArtifactUnder(root, artifactPath, file);
    }

    @Override
    public void endRun(String runId, RunStatus status) {
        client.updateRun(runId, status, System.currentTimeMillis(), null);
    }

    @Override
    public ModelVersion registerModel(String name, String source, String runId, String description) {
        if (client.findRegisteredModel(name).isEmpty()) {
            try {
                client.createRegisteredModel(name, null, Map.of());
            } catch (SlipwayClientException e) {
                if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
                    throw e; // else someone else created it in between, which is as good
                }
            }
        }
        return client.createModelVersion(name, source, runId, description, Map.of());
    }
}
