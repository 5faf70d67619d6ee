package io.slipway.core.testing;

import io.slipway.core.Page;
import io.slipway.core.tracking.DatasetInput;
import io.slipway.core.tracking.Experiment;
import io.slipway.core.tracking.ExperimentTag;
import io.slipway.core.tracking.LifecycleStage;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.MetricHistoryQuery;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunData;
import io.slipway.core.tracking.RunInfo;
import io.slipway.core.tracking.RunInputs;
import io.slipway.core.tracking.RunStatus;
import io.slipway.core.tracking.RunTag;
import io.slipway.core.tracking.TrackingStore;
import io.slipway.core.tracking.search.ExperimentSearch;
import io.slipway.core.tracking.search.RunSearch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Just enough of a {@link TrackingStore} in memory to test services built on tracking: the
 * Default experiment, runs, batches, inputs and the dataset query. Everything else is unsupported.
 */
public final class InMemoryTrackingStore implements TrackingStore {
    private static final Experiment DEFAULT = new Experiment(DEFAULT_EXPERIMENT_ID, "Default", "mlflow-artifacts:/0",
            LifecycleStage.ACTIVE, 0, 0, List.of());

    private final Map<String, Run> runs = new LinkedHashMap<>();

    @Override
    public Optional<Experiment> getExperiment(String experimentId) {
        return DEFAULT.experimentId().equals(experimentId) ? Optional.of(DEFAULT) : Optional.empty();
    }

    @Override
    public Run createRun(RunInfo info, List<RunTag> tags) {
        Run run = new Run(info, new RunData(List.of(), List.of(), tags), new RunInputs(List.of()));
        runs.put(info.runId(), run);
        return run;
    }

    @Override
    public Optional<Run> getRun(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
        Run run = runs.get(runId);
        Map<String, Metric> latest = new TreeMap<>();
        run.data().metrics().forEach(m -> latest.put(m.key(), m));
        metrics.forEach(m -> latest.merge(m.key(), m, (a, b) -> b.isLaterThan(a) ? b : a));
        Map<String, Param> allParams = new TreeMap<>();
        run.data().params().forEach(p -> allParams.put(p.key(), p));
        params.forEach(p -> allParams.put(p.key(), p));
        Map<String, RunTag> allTags = new TreeMap<>();
        run.data().tags().forEach(t -> allTags.put(t.key(), t));
        tags.forEach(t -> allTags.put(t.key(), t));
        runs.put(runId, new Run(run.info(), new RunData(List.copyOf(latest.values()), List.copyOf(allParams.values()),
                List.copyOf(allTags.values())), run.inputs()));
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) {
        Run run = runs.get(runId);
        List<DatasetInput> all = new ArrayList<>(run.inputs().datasetInputs());
        all.addAll(inputs);
        runs.put(runId, new Run(run.info(), run.data(), new RunInputs(all)));
    }

    @Override
    public List<String> runIdsWithDataset(String name, String digest) {
        return runs.values().stream()
                .filter(run -> run.inputs().datasetInputs().stream().anyMatch(input -> input.dataset().name().equals(name)
                        && (digest == null || input.dataset().digest().equals(digest))))
                .sorted(Comparator.comparingLong((Run run) -> run.info().startTime()).reversed()
                        .thenComparing(run -> run.info().runId()))
                .map(run -> run.info().runId())
                .toList();
    }

    // ---- not needed by the tests that use this store ----

    @Override
    public String createExperiment(String name, String artifactLocation, LongFunction<String> defaultLocation, List<ExperimentTag> tags,
            long now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Experiment> getExperimentByName(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Page<Experiment> searchExperiments(ExperimentSearch search) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void renameExperiment(String experimentId, String newName, long now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setExperimentLifecycleStage(String experimentId, LifecycleStage stage, long now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setExperimentTag(String experimentId, ExperimentTag tag, long now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setRunLifecycleStage(String runId, LifecycleStage stage, long now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void deleteTag(String runId, String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Page<Run> searchRuns(RunSearch search) {
        throw new UnsupportedOperationException();
    }

    @Override
    public MetricHistoryQuery metricHistory(String runId, String metricKey, Integer maxResults, String pageToken) {
        throw new UnsupportedOperationException();
    }
}
