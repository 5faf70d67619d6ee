package io.slipway.server.training;

import static java.util.Objects.requireNonNull;

import io.slipway.api.mlflow.TrackingMessages.DatasetInputMessage;
import io.slipway.api.mlflow.TrackingMessages.LogInputs;
import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactService;
import io.slipway.core.artifacts.FileInfo;
import io.slipway.core.data.DataService;
import io.slipway.core.data.DatasetVersion;
import io.slipway.core.identity.Permission;
import io.slipway.core.identity.Principal;
import io.slipway.core.identity.ResourceType;
import io.slipway.core.registry.ModelUri;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.RegistryService;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunStatus;
import io.slipway.core.tracking.RunUri;
import io.slipway.core.tracking.RunTag;
import io.slipway.core.tracking.TrackingService;
import io.slipway.ml.job.Workspace;
import io.slipway.ml.train.TrainSpec;
import io.slipway.server.auth.Access;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The jobs' {@link Workspace} inside the server: its own services, called as {@code user} with the
 * permission checks the equivalent REST calls make (READ on a dataset, EDIT on the experiment, EDIT
 * on an existing registered model; creating an experiment or a model grants its creator MANAGE).
 * Dataset versions are copied out of the blob store into a scratch directory of this workspace,
 * as the dataset checks copy them ({@link DataService#copyFiles}), and deleted by {@link #close()}.
 */
final class ServerWorkspace implements Workspace, AutoCloseable {
    private final Principal user;
    private final TrackingService tracking;
    private final ArtifactService artifacts;
    private final RegistryService registry;
    private final DataService data;
    private final Access access;
    private final Path scratch;
    private final Consumer<String> runCreated;
    private final Clock clock;
    /** A run's experiment never changes: looked up once per run for its permission checks. */
    private final Map<String, String> runExperiments = new HashMap<>();

    /**
     * @param scratch    where dataset versions are copied to; created when first needed, deleted on close
     * @param runCreated told the id of the run once it exists, so the training can show it while it runs
     */
    ServerWorkspace(Principal user, TrackingService tracking, ArtifactService artifacts, RegistryService registry, DataService data,
            Access access, Path scratch, Consumer<String> runCreated, Clock clock) {
        this.user = requireNonNull(user, "user is null");
        this.tracking = requireNonNull(tracking, "tracking is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.data = requireNonNull(data, "data is null");
        this.access = requireNonNull(access, "access is null");
        this.scratch = requireNonNull(scratch, "scratch is null");
        this.runCreated = requireNonNull(runCreated, "runCreated is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * What can be checked before a training is queued, without reading data or writing anything:
     * the dataset versions exist and the user may read them (and the champion to compare with), may
     * add runs to the experiment (when it exists) and versions to the registered model (when it exists).
     */
    void checkAllowed(TrainSpec spec, String registerAs) {
        datasetVersion(spec.train().name(), spec.train().version());
        if (spec.validation() != null) {
            datasetVersion(spec.validation().name(), spec.validation().version());
        }
        if (spec.evaluate() != null) {
            datasetVersion(spec.evaluate().data().name(), spec.evaluate().data().version());
            if (spec.evaluate().champion() != null) {
                findModelVersion(spec.evaluate().champion()); // READ on the champion's model, when it exists
            }
        }
        findExperimentId(spec.experiment())
                .ifPresent(id -> access.require(user, ResourceType.EXPERIMENT, id, Permission.EDIT));
        if (registerAs != null && modelExists(registerAs)) {
            access.require(user, ResourceType.REGISTERED_MODEL, registerAs, Permission.EDIT);
        }
    }

    @Override
    public DatasetVersion datasetVersion(String name, int version) {
        DataService.validateName(name);
        access.require(user, ResourceType.DATASET, name, Permission.READ);
        return data.getVersion(name, version);
    }

    @Override
    public Path datasetFiles(DatasetVersion version) {
        Path directory = scratch.resolve(version.name()).resolve(Integer.toString(version.version()));
        if (!Files.isDirectory(directory)) {
            data.copyFiles(version.files(), directory);
        }
        return directory;
    }

    /** Copies the model's files out of the artifact store (a training's {@code evaluate} step scores the model and its champion). */
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
            location = TrackingService.joinUri(getRun(runId).info().artifactUri(), runUri.path());
        } else {
            ModelUri uri = ModelUri.parse(modelUri);
            access.require(user, ResourceType.REGISTERED_MODEL, uri.name(), Permission.READ);
            version = registry.resolve(modelUri);
            runId = version.runId() == null || version.runId().isEmpty() ? null : version.runId();
            location = version.storageLocation();
        }
        if (artifacts.downloadTree(ArtifactService.pathOfUri(location).toString(), into) == 0) {
            throw SlipwayException.invalidParameter("model: %s holds no files (%s).", modelUri, location);
        }
        return new FetchedModel(modelUri, into, runId, version);
    }

    @Override
    public Optional<ModelVersion> findModelVersion(String modelUri) {
        ModelUri uri = ModelUri.parse(modelUri);
        if (!modelExists(uri.name())) {
            return Optional.empty();
        }
        access.require(user, ResourceType.REGISTERED_MODEL, uri.name(), Permission.READ);
        if (uri.kind() == ModelUri.Kind.ALIAS) {
            return registry.findVersionByAlias(uri.name(), uri.reference());
        }
        try {
            return Optional.of(registry.resolve(modelUri));
        } catch (SlipwayException e) {
            if (e.errorCode() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                throw e;
            }
            return Optional.empty();
        }
    }

    @Override
    public Run getRun(String runId) {
        requireRun(runId, Permission.READ);
        return tracking.getRun(runId);
    }

    @Override
    public String experimentId(String name) {
        Optional<String> existing = findExperimentId(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        String id = tracking.createExperiment(name, null, List.of());
        access.grantCreator(user, ResourceType.EXPERIMENT, id);
        return id;
    }

    @Override
    public String createRun(String experimentId, String runName, Map<String, String> tags) {
        access.require(user, ResourceType.EXPERIMENT, experimentId, Permission.EDIT);
        List<RunTag> runTags = tags.entrySet().stream().map(tag -> new RunTag(tag.getKey(), tag.getValue())).toList();
        String runId = tracking.createRun(experimentId, user.username(), runName, null, runTags).info().runId();
        runExperiments.put(runId, experimentId);
        runCreated.accept(runId);
        return runId;
    }

    @Override
    public void logInputs(String runId, List<DatasetInputMessage> inputs) {
        requireRun(runId, Permission.EDIT);
        tracking.logInputs(runId, new LogInputs(runId, inputs).inputs());
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params) {
        requireRun(runId, Permission.EDIT);
        tracking.logBatch(runId, metrics, params, List.of());
    }

    @Override
    public void uploadArtifact(String runId, String artifactPath, Path file) {
        requireRun(runId, Permission.EDIT);
        String uri = TrackingService.joinUri(tracking.getRun(runId).info().artifactUri(), artifactPath);
        try (InputStream content = Files.newInputStream(file)) {
            artifacts.upload(ArtifactService.pathOfUri(uri).toString(), content, Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not upload " + file + " as artifact " + artifactPath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void endRun(String runId, RunStatus status) {
        requireRun(runId, Permission.EDIT);
        tracking.updateRun(runId, status, clock.millis(), null);
    }

    @Override
    public ModelVersion registerModel(String name, String source, String runId, String description) {
        RegistryService.validateName(name, "register_as");
        if (modelExists(name)) {
            access.require(user, ResourceType.REGISTERED_MODEL, name, Permission.EDIT);
        } else {
            createModel(name);
        }
        requireRun(runId, Permission.READ); // registering exposes the run's files to the model's readers
        return registry.createModelVersion(name, source, runId, List.of(), null, description, user.username());
    }

    /** Deletes the copies of dataset versions. */
    @Override
    public void close() {
        if (!Files.exists(scratch)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(scratch)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            // left in the system's temporary directory, which the OS cleans; not worth failing a training for
        }
    }

    /** Copies every file below {@code path} in the artifact store into {@code into}; how many there were. */
    private void createModel(String name) {
        try {
            registry.createRegisteredModel(name, null, List.of(), user.username());
            access.grantCreator(user, ResourceType.REGISTERED_MODEL, name);
        } catch (SlipwayException e) {
            if (e.errorCode() != ErrorCode.RESOURCE_ALREADY_EXISTS) {
                throw e;
            }
            // someone else created it in between: adding a version to it needs what adding to any existing model needs
            access.require(user, ResourceType.REGISTERED_MODEL, name, Permission.EDIT);
        }
    }

    private Optional<String> findExperimentId(String name) {
        try {
            return Optional.of(tracking.getExperimentByName(name).experimentId());
        } catch (SlipwayException e) {
            if (e.errorCode() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                throw e;
            }
            return Optional.empty();
        }
    }

    private boolean modelExists(String name) {
        try {
            registry.getRegisteredModel(name);
            return true;
        } catch (SlipwayException e) {
            if (e.errorCode() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                throw e;
            }
            return false;
        }
    }

    private void requireRun(String runId, Permission needed) {
        String experimentId = runExperiments.computeIfAbsent(runId, id -> tracking.getRun(id).info().experimentId());
        access.require(user, ResourceType.EXPERIMENT, experimentId, needed);
    }
}
