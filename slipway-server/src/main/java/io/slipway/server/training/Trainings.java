package io.slipway.server.training;

import static java.util.Objects.requireNonNull;

import io.slipway.api.slipway.TrainingMessages.TrainingView;
import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactService;
import io.slipway.core.data.DataService;
import io.slipway.core.identity.Principal;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.RegistryService;
import io.slipway.core.tracking.TrackingService;
import io.slipway.ml.job.TrainingJob;
import io.slipway.ml.train.TrainSpec;
import io.slipway.server.auth.Access;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trainings run by the server ({@link TrainingJob}, as {@code slipway train} runs it), one at a
 * time on one thread: XGBoost already uses several cores and DuckDB a quarter of the memory. At most
 * {@code maxQueued} wait their turn; one more is refused with TEMPORARILY_UNAVAILABLE (503 and
 * Retry-After) rather than queued without bound.
 *
 * <p>What is checked fast is checked when a training is submitted (the spec, that the dataset
 * versions exist, the user's permissions), so those errors are the request's own. What depends on
 * the data is found by the job before it creates a run: the training then ends FAILED, with the
 * error's code and message, and leaves no run.
 *
 * <p>The trainings are kept in memory (the newest {@value #KEPT} finished ones): a restart forgets
 * them, drops the queued ones and leaves the run of a running one RUNNING.
 */
public final class Trainings implements AutoCloseable {
    /** The longest spec accepted, in characters: specs are written and reviewed by people. */
    public static final int MAX_SPEC_LENGTH = 1024 * 1024;
    public static final int DEFAULT_LISTED = 100;
    public static final int MAX_LISTED = 1000;
    /** Finished trainings kept beyond this many are forgotten, oldest first. */
    static final int KEPT = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(Trainings.class);
    private static final Comparator<Training> NEWEST_FIRST = Comparator.comparingLong(Training::sequence).reversed();

    private final TrackingService tracking;
    private final ArtifactService artifacts;
    private final RegistryService registry;
    private final DataService data;
    private final Access access;
    private final Path workDirectory;
    private final String slipwayVersion;
    private final Clock clock;
    private final int maxQueued;
    private final ThreadPoolExecutor executor;
    private final Map<String, Training> trainings = new ConcurrentHashMap<>();
    private long sequence;

    /**
     * @param workDirectory  where dataset versions are copied out to while a training reads them
     * @param maxQueued      how many trainings may wait while one runs
     * @param slipwayVersion recorded on every run, as {@code slipway train} records it
     */
    public Trainings(TrackingService tracking, ArtifactService artifacts, RegistryService registry, DataService data, Access access,
            Path workDirectory, int maxQueued, String slipwayVersion, Clock clock) {
        this.tracking = requireNonNull(tracking, "tracking is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.data = requireNonNull(data, "data is null");
        this.access = requireNonNull(access, "access is null");
        this.workDirectory = requireNonNull(workDirectory, "workDirectory is null");
        this.slipwayVersion = requireNonNull(slipwayVersion, "slipwayVersion is null");
        this.clock = requireNonNull(clock, "clock is null");
        if (maxQueued < 1) {
            throw new IllegalArgumentException("maxQueued must be at least 1, got " + maxQueued);
        }
        this.maxQueued = maxQueued;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(maxQueued), runnable -> {
            Thread thread = new Thread(runnable, "slipway-training");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Checks the spec and what {@code user} may do, then queues the training; answers it QUEUED (or
     * RUNNING, if it started already). The spec's errors name the field {@code spec} and its own field path.
     */
    public TrainingView submit(Principal user, String specYaml, String registerAs) {
        TrainSpec spec = parseSpec(specYaml);
        String register = registerAs == null || registerAs.isEmpty() ? null : registerAs;
        if (register != null) {
            RegistryService.validateName(register, "register_as");
        }
        try (ServerWorkspace workspace = workspace(user, runId -> {})) {
            workspace.checkAllowed(spec, register);
        }
        Training training = new Training(UUID.randomUUID().toString().replace("-", ""), nextSequence(), spec.experiment(),
                user.username(), clock.millis());
        trainings.put(training.id(), training);
        try {
            executor.execute(() -> run(training, user, specYaml, register));
        } catch (RejectedExecutionException e) {
            trainings.remove(training.id());
            throw new SlipwayException(ErrorCode.TEMPORARILY_UNAVAILABLE, "The server is training, with " + maxQueued
                    + " more training(s) waiting; try again in a little while.");
        }
        forgetOldest();
        return training.view();
    }

    /** One training: its submitter's, or anyone's for an admin. */
    public TrainingView get(Principal user, String id) {
        if (id == null || id.isEmpty()) {
            throw SlipwayException.missingParameter("id");
        }
        Training training = trainings.get(id);
        if (training == null) {
            throw SlipwayException.notFound("No training with id '%s' (trainings are kept in memory: a restart of the server forgets"
                    + " them).", id);
        }
        if (!user.admin() && !training.createdBy().equals(user.username())) {
            throw new SlipwayException(ErrorCode.PERMISSION_DENIED, "User '" + user.username() + "' may not read training " + id
                    + " of '" + training.createdBy() + "': only its submitter and admins may.");
        }
        return training.view();
    }

    /** The user's trainings (an admin's: everyone's), newest first. */
    public List<TrainingView> list(Principal user, Integer maxResults) {
        int limit = maxResults == null ? DEFAULT_LISTED : maxResults;
        if (limit < 1 || limit > MAX_LISTED) {
            throw SlipwayException.invalidParameter("Invalid value %d for parameter 'max_results': it must be between 1 and %d.", limit,
                    MAX_LISTED);
        }
        return trainings.values().stream()
                .filter(t -> user.admin() || t.createdBy().equals(user.username()))
                .sorted(NEWEST_FIRST).limit(limit).map(Training::view).toList();
    }

    /** Stops taking trainings, drops the queued ones and interrupts the running one (its run may stay RUNNING). */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("A training is still running as the server stops; its run is left RUNNING.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(Training training, Principal user, String specYaml, String registerAs) {
        training.started(clock.millis());
        try (ServerWorkspace workspace = workspace(user, training::runCreated)) {
            TrainingJob.Result result = new TrainingJob(workspace, slipwayVersion).run(specYaml, "slipway training " + training.id(),
                    registerAs);
            ModelVersion registered = result.registered();
            training.finished(clock.millis(), result.modelUri(), result.model().metrics(), result.model().bestRound(),
                    result.model().iterations().size(), registered == null ? null : registered.name(),
                    registered == null ? null : registered.version(), result.championNotFound());
        } catch (SlipwayException e) {
            if (e.errorCode().httpStatus() >= 500) {
                LOG.error("Training {} failed", training.id(), e);
            }
            training.failed(clock.millis(), e.errorCode().wireName(), e.getMessage());
        } catch (RuntimeException | Error e) {
            LOG.error("Training {} failed (a bug or an outage)", training.id(), e);
            training.failed(clock.millis(), ErrorCode.INTERNAL_ERROR.wireName(), SlipwayException.rootMessage(e));
            if (e instanceof Error error && !(error instanceof OutOfMemoryError)) {
                throw error;
            }
        }
    }

    private ServerWorkspace workspace(Principal user, Consumer<String> runCreated) {
        return new ServerWorkspace(user, tracking, artifacts, registry, data, access,
                workDirectory.resolve("training-" + UUID.randomUUID()), runCreated, clock);
    }

    static TrainSpec parseSpec(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            throw SlipwayException.missingParameter("spec");
        }
        if (yaml.length() > MAX_SPEC_LENGTH) {
            throw SlipwayException.invalidParameter("Invalid value for parameter 'spec': it has %d characters, at most %d are accepted.",
                    yaml.length(), MAX_SPEC_LENGTH);
        }
        try {
            return TrainSpec.parse(yaml);
        } catch (SlipwayException e) {
            throw new SlipwayException(e.errorCode(), "Invalid value for parameter 'spec': " + e.getMessage(), e);
        }
    }

    private synchronized long nextSequence() {
        return ++sequence;
    }

    /** Keeps the newest {@link #KEPT} finished trainings; waiting and running ones are always kept. */
    private void forgetOldest() {
        if (trainings.size() <= KEPT) {
            return;
        }
        trainings.values().stream().filter(Training::isFinal).sorted(NEWEST_FIRST).skip(KEPT)
                .forEach(old -> trainings.remove(old.id()));
    }
}
