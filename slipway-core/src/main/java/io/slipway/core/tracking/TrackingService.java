package io.slipway.core.tracking;

import static java.util.Objects.requireNonNull;

import io.slipway.core.Page;
import io.slipway.core.PageToken;
import io.slipway.core.SlipwayException;
import io.slipway.core.tracking.search.Comparison;
import io.slipway.core.tracking.search.ExperimentSearch;
import io.slipway.core.tracking.search.OrderBy;
import io.slipway.core.tracking.search.RunSearch;
import io.slipway.core.tracking.search.SearchGrammar;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Experiment tracking: experiments, runs, their metrics, params, tags and inputs. Validates
 * every request (MLflow's rules and limits), then hands it to the {@link TrackingStore}.
 */
public final class TrackingService {
    public static final int SEARCH_RUNS_DEFAULT_MAX_RESULTS = 1000;
    public static final int SEARCH_RUNS_MAX_RESULTS = 50_000;
    public static final int SEARCH_EXPERIMENTS_DEFAULT_MAX_RESULTS = 1000;
    public static final int SEARCH_EXPERIMENTS_MAX_RESULTS = 50_000;
    public static final int MAX_DATASET_NAME_LENGTH = 500;
    public static final int MAX_DATASET_DIGEST_LENGTH = 36;

    private final TrackingStore store;
    private final String defaultArtifactRoot;
    private final Clock clock;
    private final RandomGenerator random;

    /**
     * @param defaultArtifactRoot where experiments created without an artifact location keep
     *     their artifacts, e.g. {@code mlflow-artifacts:/}; the experiment id is appended
     */
    public TrackingService(TrackingStore store, String defaultArtifactRoot, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.defaultArtifactRoot = requireNonNull(defaultArtifactRoot, "defaultArtifactRoot is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.random = new SecureRandom();
    }

    // ---- experiments ----

    public String createExperiment(String name, String artifactLocation, List<ExperimentTag> tags) {
        TrackingValidation.validateExperimentName(name);
        tags.forEach(TrackingValidation::validateExperimentTag);
        String location = artifactLocation == null || artifactLocation.isEmpty() ? null : artifactLocation;
        return store.createExperiment(name, location, id -> joinUri(defaultArtifactRoot, Long.toString(id)), tags, clock.millis());
    }

    public Experiment getExperiment(String experimentId) {
        TrackingValidation.validateExperimentId(experimentId);
        return store.getExperiment(experimentId)
                .orElseThrow(() -> SlipwayException.notFound("No Experiment with id=%s exists", experimentId));
    }

    public Experiment getExperimentByName(String name) {
        if (name == null || name.isEmpty()) {
            throw SlipwayException.missingParameter("experiment_name");
        }
        return store.getExperimentByName(name)
                .orElseThrow(() -> SlipwayException.notFound("Could not find experiment with name '%s'", name));
    }

    public Page<Experiment> searchExperiments(String filter, ViewType viewType, Long maxResults, List<String> orderBy, String pageToken) {
        int limit = SearchGrammar.maxResults(maxResults, SEARCH_EXPERIMENTS_DEFAULT_MAX_RESULTS, SEARCH_EXPERIMENTS_MAX_RESULTS);
        List<Comparison> comparisons = SearchGrammar.EXPERIMENTS.parseFilter(filter);
        List<OrderBy> order = SearchGrammar.EXPERIMENTS.parseOrderBy(orderBy);
        return store.searchExperiments(new ExperimentSearch(
                comparisons, viewType == null ? ViewType.ACTIVE_ONLY : viewType, limit, order, PageToken.parseOffset(pageToken)));
    }

    public void renameExperiment(String experimentId, String newName) {
        if (newName == null || newName.isEmpty()) {
            throw SlipwayException.missingParameter("new_name");
        }
        TrackingValidation.validateExperimentName(newName);
        Experiment experiment = getExperiment(experimentId);
        requireActive(experiment);
        store.renameExperiment(experiment.experimentId(), newName, clock.millis());
    }

    public void deleteExperiment(String experimentId) {
        Experiment experiment = getExperiment(experimentId);
        if (experiment.experimentId().equals(TrackingStore.DEFAULT_EXPERIMENT_ID)) {
            throw SlipwayException.invalidParameter("Cannot delete the default experiment '%s'. This is an internally reserved experiment.",
                    TrackingStore.DEFAULT_EXPERIMENT_ID);
        }
        store.setExperimentLifecycleStage(experiment.experimentId(), LifecycleStage.DELETED, clock.millis());
    }

    public void restoreExperiment(String experimentId) {
        Experiment experiment = getExperiment(experimentId);
        store.setExperimentLifecycleStage(experiment.experimentId(), LifecycleStage.ACTIVE, clock.millis());
    }

    public void setExperimentTag(String experimentId, String key, String value) {
        ExperimentTag tag = new ExperimentTag(requireKey(key), value);
        TrackingValidation.validateExperimentTag(tag);
        Experiment experiment = getExperiment(experimentId);
        requireActive(experiment);
        store.setExperimentTag(experiment.experimentId(), tag, clock.millis());
    }

    // ---- runs ----

    /** Creates a run; a missing experiment id means the Default experiment, a missing start time means now. */
    public Run createRun(String experimentId, String userId, String runName, Long startTime, List<RunTag> tags) {
        String expId = experimentId == null || experimentId.isEmpty() ? TrackingStore.DEFAULT_EXPERIMENT_ID : experimentId;
        Experiment experiment = getExperiment(expId);
        requireActive(experiment);
        tags.forEach(TrackingValidation::validateTag);
        String nameTag = tags.stream().filter(t -> t.key().equals(MlflowTags.RUN_NAME)).map(RunTag::value).findFirst().orElse(null);
        String requestedName = runName == null || runName.isEmpty() ? null : runName;
        if (requestedName != null && nameTag != null && !nameTag.equals(requestedName)) {
            throw SlipwayException.invalidParameter(
                    "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='%s', mlflow.runName='%s').",
                    requestedName, nameTag);
        }
        String name = requestedName != null ? requestedName : nameTag != null && !nameTag.isEmpty() ? nameTag : RunNames.generate(random);
        TrackingValidation.validateRunName(name);
        List<RunTag> allTags = new ArrayList<>(tags.size() + 1);
        tags.stream().filter(t -> !t.key().equals(MlflowTags.RUN_NAME)).forEach(allTags::add);
        allTags.add(new RunTag(MlflowTags.RUN_NAME, name));
        String user = userId != null && !userId.isEmpty() ? userId
                : tags.stream().filter(t -> t.key().equals(MlflowTags.USER)).map(RunTag::value).findFirst().orElse("");
        String runId = newRunId();
        long start = startTime == null ? clock.millis() : startTime;
        if (start < 0) {
            throw SlipwayException.invalidParameter("Invalid start_time %d: it cannot be negative.", start);
        }
        RunInfo info = RunInfo.of(runId, name, experiment.experimentId(), user, RunStatus.RUNNING, start, null,
                joinUri(experiment.artifactLocation(), runId + "/artifacts"), LifecycleStage.ACTIVE);
        return store.createRun(info, allTags);
    }

    public Run getRun(String runId) {
        TrackingValidation.validateRunId(runId);
        return store.getRun(runId).orElseThrow(() -> runNotFound(runId));
    }

    public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
        TrackingValidation.validateRunId(runId);
        TrackingValidation.validateRunName(runName);
        if (endTime != null && endTime < 0) {
            throw SlipwayException.invalidParameter("Invalid end_time %d: it cannot be negative.", endTime);
        }
        String name = runName == null || runName.isEmpty() ? null : runName;
        return store.updateRun(runId, status, endTime, name);
    }

    public void deleteRun(String runId) {
        TrackingValidation.validateRunId(runId);
        store.setRunLifecycleStage(runId, LifecycleStage.DELETED, clock.millis());
    }

    public void restoreRun(String runId) {
        TrackingValidation.validateRunId(runId);
        store.setRunLifecycleStage(runId, LifecycleStage.ACTIVE, clock.millis());
    }

    public void logMetric(String runId, Metric metric) {
        logBatch(runId, List.of(metric), List.of(), List.of());
    }

    public void logParam(String runId, Param param) {
        logBatch(runId, List.of(), List.of(param), List.of());
    }

    public void setTag(String runId, RunTag tag) {
        logBatch(runId, List.of(), List.of(), List.of(tag));
    }

    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
        TrackingValidation.validateRunId(runId);
        TrackingValidation.validateBatch(metrics, params, tags);
        if (metrics.isEmpty() && params.isEmpty() && tags.isEmpty()) {
            getRun(runId); // an empty batch still needs a real run
            return;
        }
        store.logBatch(runId, metrics, params, tags);
    }

    /**
     * Records a model logged by the run (MLflow's runs/log-model): its descriptor, a JSON object
     * the caller has checked, is appended to the JSON list in the {@code mlflow.log-model.history}
     * tag. That reserved tag is not held to the tag value limit, as in MLflow.
     */
    public void logModel(String runId, String modelJsonObject) {
        Run run = getRun(runId);
        String history = run.data().tags().stream()
                .filter(t -> t.key().equals(MlflowTags.LOGGED_MODELS)).map(RunTag::value).findFirst().orElse("");
        String updated = history.isBlank() || !history.strip().endsWith("]")
                ? "[" + modelJsonObject + "]"
                : history.strip().substring(0, history.strip().length() - 1) + ", " + modelJsonObject + "]";
        store.logBatch(runId, List.of(), List.of(), List.of(new RunTag(MlflowTags.LOGGED_MODELS, updated)));
    }

    public void deleteTag(String runId, String key) {
        TrackingValidation.validateRunId(runId);
        store.deleteTag(runId, requireKey(key));
    }

    public void logInputs(String runId, List<DatasetInput> inputs) {
        TrackingValidation.validateRunId(runId);
        if (inputs.size() > TrackingValidation.MAX_DATASETS_PER_REQUEST) {
            throw SlipwayException.invalidParameter("A log-inputs request can contain at most %d datasets. Got %d.",
                    TrackingValidation.MAX_DATASETS_PER_REQUEST, inputs.size());
        }
        for (DatasetInput input : inputs) {
            Dataset dataset = input.dataset();
            requireField(dataset.name(), "datasets.dataset.name");
            requireField(dataset.digest(), "datasets.dataset.digest");
            requireLength(dataset.name(), MAX_DATASET_NAME_LENGTH, "datasets.dataset.name");
            requireLength(dataset.digest(), MAX_DATASET_DIGEST_LENGTH, "datasets.dataset.digest");
            requireLength(dataset.source(), 65_535, "datasets.dataset.source");
            requireLength(dataset.schema(), 1_048_575, "datasets.dataset.schema");
            requireLength(dataset.profile(), 16_777_215, "datasets.dataset.profile");
            for (InputTag tag : input.tags()) {
                requireField(tag.key(), "datasets.tags.key");
                requireLength(tag.key(), 255, "datasets.tags.key");
                requireLength(tag.value(), 500, "datasets.tags.value");
            }
        }
        if (!inputs.isEmpty()) {
            store.logInputs(runId, inputs);
        } else {
            getRun(runId);
        }
    }

    public Page<Run> searchRuns(List<String> experimentIds, String filter, ViewType viewType, Integer maxResults,
            List<String> orderBy, String pageToken) {
        int limit = SearchGrammar.maxResults(maxResults == null ? null : maxResults.longValue(),
                SEARCH_RUNS_DEFAULT_MAX_RESULTS, SEARCH_RUNS_MAX_RESULTS);
        for (String id : experimentIds) {
            TrackingValidation.validateExperimentId(id);
        }
        List<Comparison> comparisons = SearchGrammar.RUNS.parseFilter(filter);
        List<OrderBy> order = SearchGrammar.RUNS.parseOrderBy(orderBy);
        return store.searchRuns(new RunSearch(experimentIds, comparisons, viewType == null ? ViewType.ACTIVE_ONLY : viewType,
                limit, order, PageToken.parseOffset(pageToken)));
    }

    /**
     * Ids of the runs, deleted ones included, that used the dataset {@code name} (with
     * {@code digest} when it is given) as an input, newest first.
     */
    public List<String> runIdsWithDataset(String name, String digest) {
        requireField(name, "name");
        requireLength(name, MAX_DATASET_NAME_LENGTH, "name");
        String exactDigest = digest == null || digest.isEmpty() ? null : digest;
        requireLength(exactDigest, MAX_DATASET_DIGEST_LENGTH, "digest");
        return store.runIdsWithDataset(name, exactDigest);
    }

    /** One page of a metric's history; {@code maxResults} null means all of it. */
    public Page<Metric> getMetricHistory(String runId, String metricKey, Integer maxResults, String pageToken) {
        List<Metric> points = new ArrayList<>();
        String next = metricHistory(runId, metricKey, maxResults, pageToken)
                .streamTo((step, timestamp, value) -> points.add(new Metric(metricKey, value, timestamp, step)));
        return new Page<>(points, next);
    }

    /**
     * A checked read of one page of a metric's history, for callers that stream it: every error
     * (bad arguments, unknown run, foreign page token) is raised here, before the first point.
     */
    public MetricHistoryQuery metricHistory(String runId, String metricKey, Integer maxResults, String pageToken) {
        TrackingValidation.validateRunId(runId);
        if (metricKey == null || metricKey.isEmpty()) {
            throw SlipwayException.missingParameter("metric_key");
        }
        if (maxResults != null && maxResults < 1) {
            throw SlipwayException.invalidParameter("Invalid value %d for parameter 'max_results': it must be at least 1.", maxResults);
        }
        getRun(runId);
        return store.metricHistory(runId, metricKey, maxResults, pageToken);
    }

    public Optional<Run> findRun(String runId) {
        TrackingValidation.validateRunId(runId);
        return store.getRun(runId);
    }

    // ---- helpers ----


    private static void requireActive(Experiment experiment) {
        if (experiment.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw SlipwayException.invalidParameter(
                    "The experiment %s must be in the 'active' state. Current state is %s.",
                    experiment.experimentId(), experiment.lifecycleStage().wireName());
        }
    }

    private static String requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw SlipwayException.missingParameter("key");
        }
        return key;
    }

    private static void requireField(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw SlipwayException.missingParameter(name);
        }
    }

    private static void requireLength(String value, int max, String name) {
        if (value != null && value.length() > max) {
            throw SlipwayException.invalidParameter(
                    "'%s' had length %d, which exceeded length limit of %d.", name, value.length(), max);
        }
    }

    public static SlipwayException runNotFound(String runId) {
        return SlipwayException.notFound("Run with id=%s not found", runId);
    }

    /** Joins a URI-like root and a relative path with exactly one slash. */
    public static String joinUri(String root, String path) {
        if (root.endsWith("/")) {
            return root + path;
        }
        return root + "/" + path;
    }

    private String newRunId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
