package io.slipway.core.tracking;

import io.slipway.core.Page;
import io.slipway.core.tracking.search.ExperimentSearch;
import io.slipway.core.tracking.search.RunSearch;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Where experiments and runs live. Implementations must make every write method atomic: it
 * lands whole or not at all, and is safe to repeat (clients retry on any failure).
 * Integrity rules that need the stored state (run exists and is active, params are immutable,
 * names are unique) are checked here, inside the write's transaction, and reported as
 * {@link io.slipway.core.SlipwayException}s.
 */
public interface TrackingStore {
    /** Experiment "0", which always exists. */
    String DEFAULT_EXPERIMENT_ID = "0";

    /**
     * Creates an experiment. When {@code artifactLocation} is null, the location is computed from
     * the new id by {@code defaultLocation}, in the same transaction.
     */
    String createExperiment(String name, String artifactLocation, LongFunction<String> defaultLocation,
            List<ExperimentTag> tags, long now);

    Optional<Experiment> getExperiment(String experimentId);

    /** Finds an experiment by exact name, deleted ones included. */
    Optional<Experiment> getExperimentByName(String name);

    Page<Experiment> searchExperiments(ExperimentSearch search);

    void renameExperiment(String experimentId, String newName, long now);

    /** Moves an experiment, and all its runs, to the given stage. */
    void setExperimentLifecycleStage(String experimentId, LifecycleStage stage, long now);

    void setExperimentTag(String experimentId, ExperimentTag tag, long now);

    /** Creates a run with its initial tags; the experiment must exist and be active. */
    Run createRun(RunInfo info, List<RunTag> tags);

    Optional<Run> getRun(String runId);

    /** Updates status, end time and (when not null) name; returns the new info. */
    RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName);

    void setRunLifecycleStage(String runId, LifecycleStage stage, long now);

    /**
     * Logs metrics, params and tags to an active run in one transaction. A param logged again
     * with the same value is a no-op; with another value the whole batch fails. Re-sending an
     * identical batch changes nothing.
     */
    void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags);

    /** Deletes a tag from an active run; fails with RESOURCE_DOES_NOT_EXIST when it is absent. */
    void deleteTag(String runId, String key);

    /** Records datasets a run used; a dataset is identified per experiment by name and digest. */
    void logInputs(String runId, List<DatasetInput> inputs);

    Page<Run> searchRuns(RunSearch search);

    /**
     * The runs, in every experiment and lifecycle stage, that logged a dataset named {@code name}
     * as an input (with {@code digest}, unless it is null), newest first: the reverse of lineage.
     */
    List<String> runIdsWithDataset(String name, String digest);

    /**
     * Prepares a read of one page of a metric's history; {@code maxResults} null means all of it.
     * A page token this store did not issue is rejected here, before anything is read.
     */
    MetricHistoryQuery metricHistory(String runId, String metricKey, Integer maxResults, String pageToken);
}
