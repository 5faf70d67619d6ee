package io.slipway.server.serving;

import static java.util.Objects.requireNonNull;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.serving.Candidate;
import io.slipway.core.serving.Deployment;
import io.slipway.core.serving.ModelRef;
import io.slipway.core.serving.RollbackPolicy;
import io.slipway.core.serving.RolloutMode;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.InputColumn;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Predictor;
import io.slipway.ml.predict.Predictors;
import io.slipway.ml.train.TrainedModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves deployments in this process. A sync loop reads the deployments from the
 * {@link ServingBackend} every {@link ServingSettings#syncInterval()}; for each one whose stable or
 * candidate version changed it loads and warms the new version off the request path, then swaps
 * the deployment's immutable {@link Routing} in one atomic step, and retires the versions no
 * longer routed (closed when their last request is done). A version that fails to load leaves the
 * previous routing serving, and the error is shown as the deployment's status. A second loop
 * checks candidates against their rollback policy and takes a breaching one out of the routing at
 * once, then asks the backend to record the rollback.
 */
public final class ModelServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);
    private static final long ROLLBACK_CHECK_MILLIS = 200;
    private static final int WARM_ROUNDS = 3;

    private final ServingBackend backend;
    private final ServingSettings settings;
    private final PredictionLog log;
    private final ServingMetrics metrics;
    private final Path modelDirectory;
    private final Clock clock;
    private final Map<String, Runtime> runtimes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loops;
    private final ThreadPoolExecutor shadows;
    private final AtomicLong shadowsSkipped = new AtomicLong();
    private final Object syncLock = new Object();
    private volatile String backendError;
    private volatile boolean synced;

    public ModelServer(ServingBackend backend, ServingSettings settings, PredictionLog log, ServingMetrics metrics, Path modelDirectory,
            Clock clock) {
        this.backend = requireNonNull(backend, "backend is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.log = requireNonNull(log, "log is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.modelDirectory = requireNonNull(modelDirectory, "modelDirectory is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.loops = Executors.newScheduledThreadPool(2, daemon("slipway-serving"));
        this.shadows = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(settings.shadowQueue()),
                daemon("slipway-shadow"), (task, executor) -> shadowsSkipped.incrementAndGet());
        metrics.bindShadowsSkipped(shadowsSkipped);
    }

    /** Syncs once now, then keeps syncing and checking rollbacks in the background. */
    public ModelServer start() {
        sync();
        loops.scheduleWithFixedDelay(this::syncQuietly, settings.syncInterval().toMillis(), settings.syncInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        loops.scheduleWithFixedDelay(this::checkRollbacks, ROLLBACK_CHECK_MILLIS, ROLLBACK_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Syncs soon on the serving thread, without waiting: after a change that moves what is served. */
    public void requestSync() {
        try {
            loops.execute(this::syncQuietly);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    // ---- requests ----

    /** How a request's body becomes a frame for the version it was routed to. */
    @FunctionalInterface
    public interface Decoder {
        Frame decode(ServedVersion version);
    }

    /** A request's answer: the version and role that answered, its rows and their predictions. */
    public record Answer(String deployment, ModelRef model, String role, Frame inputs, Predictions predictions, long latencyNanos) {}

    /**
     * Routes a request of {@code deployment} (to {@code version} when given, else by the rollout),
     * decodes it for the version it goes to, predicts, logs and, in shadow mode, copies it to the
     * candidate. A 404 for an unknown deployment or a version it does not serve; a 503 while it
     * has no model loaded or its queue is full; the decoder's or model's 400 for a bad request.
     */
    public Answer infer(String deployment, String version, String requestId, Decoder decoder) {
        Runtime runtime = runtime(deployment);
        Routing routing;
        Route route;
        do {
            routing = runtime.routing.get();
            if (routing == null) {
                throw notReady(deployment, runtime);
            }
            route = version == null ? routing.pick() : routing.route(version);
        } while (!route.version.acquire());
        long start = System.nanoTime();
        ServedVersion served = route.version;
        try {
            Frame frame = decoder.decode(served);
            Predictions predictions = served.batcher.predict(frame);
            long latency = System.nanoTime() - start;
            route.meters.ok.increment();
            route.meters.latency.record(latency, TimeUnit.NANOSECONDS);
            if (route.watched) {
                served.stats.record(latency, false);
            }
            log.offer(new PredictionRecord(requestId, clock.millis(), deployment, served.model, route.role, frame, predictions, latency));
            if (routing.shadow != null && route == routing.stable) {
                shadow(deployment, routing.shadow, requestId, frame);
            }
            return new Answer(deployment, served.model, route.role, frame, predictions, latency);
        } catch (SlipwayException e) {
            long latency = System.nanoTime() - start;
            if (e.errorCode() == ErrorCode.TEMPORARILY_UNAVAILABLE) {
                route.meters.rejected.increment();
            } else {
                (e.errorCode().httpStatus() < 500 ? route.meters.clientError : route.meters.error).increment();
                if (route.watched) {
                    served.stats.record(latency, true);
                }
            }
            throw e;
        } catch (RuntimeException e) {
            route.meters.error.increment();
            if (route.watched) {
                served.stats.record(System.nanoTime() - start, true);
            }
            throw e;
        } finally {
            served.release();
        }
    }

    private void shadow(String deployment, Route shadow, String requestId, Frame frame) {
        try {
            shadows.execute(() -> {
                if (!shadow.version.acquire()) {
                    return;
                }
                long start = System.nanoTime();
                try {
                    Predictions predictions = shadow.version.predictor.predict(frame);
                    long latency = System.nanoTime() - start;
                    shadow.meters.ok.increment();
                    shadow.meters.latency.record(latency, TimeUnit.NANOSECONDS);
                    if (shadow.watched) {
                        shadow.version.stats.record(latency, false);
                    }
                    log.offer(new PredictionRecord(requestId, clock.millis(), deployment, shadow.version.model, shadow.role, frame,
                            predictions, latency));
                } catch (RuntimeException e) {
                    (e instanceof SlipwayException s && s.errorCode().httpStatus() < 500 ? shadow.meters.clientError : shadow.meters.error)
                            .increment();
                    if (shadow.watched) {
                        shadow.version.stats.record(System.nanoTime() - start, true);
                    }
                } finally {
                    shadow.version.release();
                }
            });
        } catch (RejectedExecutionException e) {
            shadowsSkipped.incrementAndGet();
        }
    }

    /** Shadow copies skipped because the shadow's queue was full. */
    public long shadowsSkipped() {
        return shadowsSkipped.get();
    }

    // ---- what is served ----

    /** What a deployment serves now, for metadata and readiness. */
    public record Status(String deployment, ModelRef stable, ModelRef candidate, RolloutMode mode, int percent, boolean ready,
            String error) {}

    /** The deployment's status; a 404 when it is not served here. */
    public Status status(String deployment) {
        Runtime runtime = runtime(deployment);
        Routing routing = runtime.routing.get();
        if (routing == null) {
            return new Status(deployment, null, null, null, 0, false, runtime.error);
        }
        Route candidate = routing.candidate();
        return new Status(deployment, routing.stable.version.model, candidate == null ? null : candidate.version.model,
                candidate == null ? null : routing.mode, routing.percent, true, runtime.error);
    }

    /** The deployments served here, by name. */
    public List<String> deployments() {
        return runtimes.keySet().stream().sorted().toList();
    }

    /**
     * The predictor of {@code version} (or the stable one when null) of a deployment, for metadata;
     * a 404 when not served, a 503 while nothing is loaded.
     */
    public Predictor predictor(String deployment, String version) {
        Runtime runtime = runtime(deployment);
        Routing routing = runtime.routing.get();
        if (routing == null) {
            throw notReady(deployment, runtime);
        }
        return (version == null ? routing.stable : routing.route(version)).version.predictor;
    }

    /** Whether every deployment has a model loaded (and the backend answered at least once). */
    public boolean ready() {
        return synced && runtimes.values().stream().allMatch(runtime -> runtime.routing.get() != null);
    }

    /** Why the last sync could not read the deployments, or null. */
    public String backendError() {
        return backendError;
    }

    private Runtime runtime(String deployment) {
        Runtime runtime = runtimes.get(deployment);
        if (runtime == null) {
            throw SlipwayException.notFound("No deployment '%s' is served here%s.", deployment,
                    runtimes.isEmpty() ? " (none is)" : "; serving " + String.join(", ", deployments()));
        }
        return runtime;
    }

    private static SlipwayException notReady(String deployment, Runtime runtime) {
        return new SlipwayException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Deployment '" + deployment + "' has no model loaded yet"
                + (runtime.error == null ? "; it is loading." : ": " + runtime.error));
    }

    // ---- sync ----

    private void syncQuietly() {
        try {
            sync();
        } catch (RuntimeException e) {
            LOG.error("Serving sync failed unexpectedly", e);
        }
    }

    /** Reads the deployments and brings every routing up to date (also called by tests and after a rollback). */
    public void sync() {
        synchronized (syncLock) {
            List<Deployment> deployments;
            try {
                deployments = backend.deployments();
                if (backendError != null) {
                    LOG.info("Serving reads its deployments again");
                }
                backendError = null;
            } catch (RuntimeException e) {
                if (backendError == null) {
                    LOG.warn("Serving cannot read its deployments (retrying every {} ms): {}", settings.syncInterval().toMillis(),
                            SlipwayException.rootMessage(e));
                }
                backendError = SlipwayException.rootMessage(e);
                return;
            }
            Set<String> names = new HashSet<>();
            for (Deployment deployment : deployments) {
                names.add(deployment.name());
                Runtime runtime = runtimes.computeIfAbsent(deployment.name(),
                        name -> new Runtime(name, deployment.stable().name(), metrics));
                apply(runtime, deployment);
            }
            for (String name : List.copyOf(runtimes.keySet())) {
                if (!names.contains(name)) {
                    Runtime removed = runtimes.remove(name);
                    Routing last = removed.routing.getAndSet(null);
                    if (last != null) {
                        last.versions().forEach(ServedVersion::retire);
                    }
                    LOG.info("Stopped serving deployment '{}'", name);
                }
            }
            synced = true;
        }
    }

    private void apply(Runtime runtime, Deployment deployment) {
        runtime.seenUpdated = deployment.lastUpdatedTimestamp();
        runtime.modelName = deployment.stable().name();
        Candidate candidate = deployment.candidate();
        if (candidate != null && runtime.suppressed != null && runtime.suppressed.matches(deployment)) {
            candidate = null;
        } else {
            runtime.suppressed = null;
        }
        Routing current = runtime.routing.get();
        RollbackPolicy policy = deployment.rollback();
        if (current != null && current.stable.version.model.equals(deployment.stable())
                && Objects.equals(current.candidateModel(), candidate == null ? null : candidate.model())
                && (candidate == null || (current.mode == candidate.mode() && current.percent == candidate.percent()))
                && Objects.equals(current.policy, policy)) {
            runtime.error = null;
            return;
        }
        Map<ModelRef, ServedVersion> loaded = new HashMap<>();
        if (current != null) {
            current.versions().forEach(version -> loaded.put(version.model, version));
        }
        Map<ModelRef, ServedVersion> fresh = new LinkedHashMap<>();
        try {
            ServedVersion stable = loaded.containsKey(deployment.stable()) ? loaded.get(deployment.stable())
                    : fresh.computeIfAbsent(deployment.stable(), model -> load(deployment, model, policy));
            ServedVersion candidateVersion = null;
            if (candidate != null) {
                candidateVersion = loaded.containsKey(candidate.model()) ? loaded.get(candidate.model())
                        : fresh.computeIfAbsent(candidate.model(), model -> load(deployment, model, policy));
            }
            Routing next = Routing.of(deployment.name(), stable, candidate, candidateVersion, policy, metrics);
            runtime.routing.set(next);
            runtime.error = null;
            Set<ServedVersion> kept = new HashSet<>(next.versions());
            if (current != null) {
                current.versions().stream().filter(version -> !kept.contains(version)).forEach(ServedVersion::retire);
            }
            LOG.info("Deployment '{}' now serves {}{}", deployment.name(), stable.model,
                    candidate == null ? "" : " with " + candidate.mode().name().toLowerCase(Locale.ROOT) + " " + candidate.model()
                            + (candidate.mode() == RolloutMode.CANARY ? " at " + candidate.percent() + " %" : ""));
        } catch (RuntimeException e) {
            fresh.values().forEach(ServedVersion::retire);
            String error = e instanceof SlipwayException ? e.getMessage() : SlipwayException.rootMessage(e);
            if (!error.equals(runtime.error)) {
                LOG.error("Deployment '{}': could not load its models ({}); {}", deployment.name(), error,
                        current == null ? "it serves nothing until they load" : "it keeps serving " + current.describe());
            }
            runtime.error = error;
        }
    }

    private ServedVersion load(Deployment deployment, ModelRef model, RollbackPolicy policy) {
        long started = System.nanoTime();
        Path directory;
        try {
            Files.createDirectories(modelDirectory);
            directory = Files.createTempDirectory(modelDirectory, deployment.name() + "-" + model.name() + "-v" + model.version() + "-");
        } catch (IOException e) {
            throw new SlipwayException(ErrorCode.INTERNAL_ERROR, "Cannot create a model directory in " + modelDirectory + ": " + e, e);
        }
        Predictor predictor = null;
        try {
            backend.fetchModel(model, directory);
            predictor = Predictors.load(directory);
            MicroBatcher batcher = new MicroBatcher(predictor, deployment.name() + "-v" + model.version(), settings,
                    metrics.batchRows(deployment.name(), model));
            long window = policy == null ? 60_000 : policy.windowMillis();
            ServedVersion served = new ServedVersion(model, predictor, directory, batcher, new WindowStats(window, System::nanoTime));
            warm(served, directory);
            LOG.info("Loaded model {} for deployment '{}' in {} ms", model, deployment.name(),
                    (System.nanoTime() - started) / 1_000_000);
            return served;
        } catch (RuntimeException e) {
            if (predictor != null) {
                predictor.close();
            }
            ServedVersion.deleteQuietly(directory);
            throw new SlipwayException(ErrorCode.INVALID_PARAMETER_VALUE, "model " + model + " failed to load: "
                    + SlipwayException.rootMessage(e), e);
        }
    }

    /** Predicts the model's input example (or a row of zeros) a few times before it takes requests. */
    private static void warm(ServedVersion served, Path directory) {
        Path example = directory.resolve(TrainedModel.INPUT_EXAMPLE_FILE);
        Frame frame;
        boolean mustPass;
        if (Files.isRegularFile(example)) {
            try {
                String body = "{\"dataframe_split\": " + Files.readString(example, StandardCharsets.UTF_8) + "}";
                frame = served.mlflow.decode("application/json", body.getBytes(StandardCharsets.UTF_8));
                mustPass = true;
            } catch (IOException e) {
                throw new SlipwayException(ErrorCode.INVALID_PARAMETER_VALUE, "cannot read its input example: " + e.getMessage(), e);
            }
        } else {
            Map<String, Column> columns = new LinkedHashMap<>();
            for (InputColumn input : served.predictor.inputs()) {
                columns.put(input.name(), input.isNumeric() ? new Column.Numbers(new double[] {0}) : new Column.Texts(new String[] {""}));
            }
            frame = Frame.of(columns);
            mustPass = false;
        }
        for (int round = 0; round < WARM_ROUNDS; round++) {
            try {
                served.predictor.predict(frame);
            } catch (RuntimeException e) {
                if (mustPass) {
                    throw new SlipwayException(ErrorCode.INVALID_PARAMETER_VALUE, "it fails on its own input example: "
                            + SlipwayException.rootMessage(e), e);
                }
                return;
            }
        }
    }

    // ---- rollbacks ----

    private void checkRollbacks() {
        for (Runtime runtime : runtimes.values()) {
            try {
                checkRollback(runtime);
            } catch (RuntimeException e) {
                LOG.error("Rollback check of deployment '{}' failed", runtime.name, e);
            }
        }
    }

    private void checkRollback(Runtime runtime) {
        Routing routing = runtime.routing.get();
        Route candidate = routing == null ? null : routing.candidate();
        if (candidate == null || !candidate.watched) {
            return;
        }
        RollbackPolicy policy = routing.policy;
        WindowStats.Snapshot window = candidate.version.stats.snapshot();
        if (window.requests() < policy.minRequests()) {
            return;
        }
        String reason = null;
        if (policy.maxErrorRate() != null && window.errorRate() > policy.maxErrorRate()) {
            reason = String.format(Locale.ROOT, "error rate %.3f > %s over %d requests in %d s", window.errorRate(),
                    policy.maxErrorRate(), window.requests(), policy.windowMillis() / 1000);
        } else if (policy.maxP99Millis() != null && window.p99Millis() > policy.maxP99Millis()) {
            reason = String.format(Locale.ROOT, "p99 %.1f ms > %s ms over %d requests in %d s", window.p99Millis(),
                    policy.maxP99Millis(), window.requests(), policy.windowMillis() / 1000);
        }
        if (reason == null || !candidate.version.rollbackRequested.compareAndSet(false, true)) {
            return;
        }
        ModelRef model = candidate.version.model;
        LOG.warn("Deployment '{}': rolling back candidate {}: {}", runtime.name, model, reason);
        synchronized (syncLock) {
            Routing now = runtime.routing.get();
            if (now == routing) {
                runtime.suppressed = new Suppressed(model, runtime.seenUpdated);
                Routing without = Routing.of(runtime.name, routing.stable.version, null, null, routing.policy, metrics);
                runtime.routing.set(without);
                candidate.version.retire();
            }
        }
        metrics.rolledBack(runtime.name);
        try {
            backend.rollBack(runtime.name, model.version(), "automatic: " + reason);
        } catch (RuntimeException e) {
            LOG.error("Deployment '{}': candidate {} is out of this server's routing, but recording the rollback failed: {}",
                    runtime.name, model, SlipwayException.rootMessage(e));
        }
        syncQuietly();
    }

    @Override
    public void close() {
        loops.shutdownNow();
        shadows.shutdownNow();
        synchronized (syncLock) {
            for (Runtime runtime : runtimes.values()) {
                Routing routing = runtime.routing.getAndSet(null);
                if (routing != null) {
                    routing.versions().forEach(ServedVersion::retire);
                }
            }
            runtimes.clear();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    // ---- routing ----

    /** A candidate taken out of the routing here, until the deployment record changes. */
    private record Suppressed(ModelRef model, long deploymentUpdated) {
        boolean matches(Deployment deployment) {
            return deployment.candidate().model().equals(model) && deployment.lastUpdatedTimestamp() == deploymentUpdated;
        }
    }

    /** One served deployment: its current routing (null until a model loaded) and its last load error. */
    private static final class Runtime {
        final String name;
        final AtomicReference<Routing> routing = new AtomicReference<>();
        volatile String error;
        volatile Suppressed suppressed;
        /** The last-updated time of the deployment record the last sync saw. */
        volatile long seenUpdated;
        /** The registered model it serves, known before any version loads: permissions are checked against it. */
        volatile String modelName;

        Runtime(String name, String modelName, ServingMetrics metrics) {
            this.name = name;
            // known before the runtime is visible to requests: no request is checked against a null model
            this.modelName = modelName;
            metrics.bindQueueDepth(name, this, Runtime::queueDepth);
        }

        double queueDepth() {
            Routing current = routing.get();
            return current == null ? 0 : current.versions().stream().mapToInt(version -> version.batcher.queued()).sum();
        }
    }

    /** A version in a routing, with the role it answers in and its meters; {@code watched} when its window decides a rollback. */
    private record Route(ServedVersion version, String role, ServingMetrics.RouteMeters meters, boolean watched) {}

    /** What a deployment answers with, immutable: swapped whole. */
    private record Routing(Route stable, Route canary, Route shadow, RolloutMode mode, int percent, RollbackPolicy policy) {
        static Routing of(String deployment, ServedVersion stable, Candidate candidate, ServedVersion candidateVersion,
                RollbackPolicy policy, ServingMetrics metrics) {
            Route stableRoute = new Route(stable, PredictionRecord.STABLE, metrics.route(deployment, stable.model, PredictionRecord.STABLE),
                    false);
            if (candidate == null) {
                return new Routing(stableRoute, null, null, null, 0, policy);
            }
            boolean canary = candidate.mode() == RolloutMode.CANARY;
            String role = canary ? PredictionRecord.CANARY : PredictionRecord.SHADOW;
            Route candidateRoute = new Route(candidateVersion, role, metrics.route(deployment, candidateVersion.model, role),
                    policy != null);
            return new Routing(stableRoute, canary ? candidateRoute : null, canary ? null : candidateRoute, candidate.mode(),
                    candidate.percent(), policy);
        }

        Route candidate() {
            return canary != null ? canary : shadow;
        }

        ModelRef candidateModel() {
            Route candidate = candidate();
            return candidate == null ? null : candidate.version.model;
        }

        Route pick() {
            if (canary != null && (percent >= 100 || ThreadLocalRandom.current().nextInt(100) < percent)) {
                return canary;
            }
            return stable;
        }

        /** The route of an explicitly named version (a shadow answers too when asked by name); 404 otherwise. */
        Route route(String version) {
            if (stable.version.model.version().equals(version)) {
                return stable;
            }
            Route candidate = candidate();
            if (candidate != null && candidate.version.model.version().equals(version)) {
                return candidate;
            }
            throw SlipwayException.notFound("Version %s is not served by this deployment: it serves %s.", version, describe());
        }

        List<ServedVersion> versions() {
            List<ServedVersion> versions = new ArrayList<>(2);
            versions.add(stable.version);
            Route candidate = candidate();
            if (candidate != null && candidate.version != stable.version) {
                versions.add(candidate.version);
            }
            return versions;
        }

        String describe() {
            Route candidate = candidate();
            return "version " + stable.version.model.version() + (candidate == null ? ""
                    : " and " + candidate.role + " version " + candidate.version.model.version());
        }
    }

    /** The registered model a deployment serves (its versions may still be loading); a 404 when it is not served here. */
    public String modelName(String deployment) {
        return runtime(deployment).modelName;
    }
}
