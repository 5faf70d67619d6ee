package io.slipway.cli.tracking;

import io.slipway.api.mlflow.TrackingMessages.Empty;
import io.slipway.api.mlflow.TrackingMessages.MetricHistoryResponse;
import io.slipway.api.mlflow.TrackingMessages.RunResponse;
import io.slipway.api.mlflow.TrackingMessages.SearchRunsResponse;
import io.slipway.api.mlflow.TrackingMessages.UpdateRunResponse;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunInfo;
import io.slipway.core.tracking.RunStatus;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway runs ...}: find, inspect, compare and record runs. */
@Command(name = "runs", description = "Find, inspect, compare and record runs.")
public final class RunsCommand extends TrackingCommand {

    @Command(name = "list", description = "Lists runs of one or more experiments (all pages), with their key metrics and params.")
    void list(
            @Option(names = "--experiment-id", paramLabel = "ID", required = true, split = ",",
                    description = "Experiment(s) to search; repeatable or comma-separated.") List<String> experimentIds,
            @Option(names = "--filter", paramLabel = "FILTER",
                    description = "MLflow search filter, e.g. \"metrics.val_auc > 0.8 and params.lr = '0.1'\".") String filter,
            @Option(names = "--order-by", paramLabel = "CLAUSE",
                    description = "e.g. \"metrics.val_auc DESC\"; repeatable.") List<String> orderBy,
            @Option(names = "--max-results", paramLabel = "N", description = "Show at most N runs.") Integer maxResults,
            @Option(names = "--view", paramLabel = "VIEW", defaultValue = "active",
                    description = "active (default), deleted or all.") LifecycleView view) {
        List<Run> runs = Pages.collect(maxResults,
                (pageSize, token) -> client().searchRuns(experimentIds, filter, view.viewType(), pageSize, orderBy, token));
        output().print(new SearchRunsResponse(runs, null), () -> RunViews.list(runs, orderBy));
    }

    @Command(name = "show", description = "Shows one run: info, params, latest metrics, tags, dataset inputs.")
    void show(@Parameters(paramLabel = "RUN_ID") String runId,
            @Option(names = "--all", description = "Also show the mlflow.* system tags.") boolean allTags) {
        Run run = client().getRun(runId);
        output().print(new RunResponse(run), () -> RunViews.detail(run, allTags));
    }

    @Command(name = "compare", description = "Shows the params and latest metrics of runs side by side; * marks rows that differ.")
    void compare(@Parameters(paramLabel = "RUN_ID", arity = "2..*", description = "Two or more runs.") List<String> runIds) {
        List<Run> runs = runIds.stream().map(client()::getRun).toList();
        output().print(new SearchRunsResponse(runs, null), () -> RunViews.compare(runs));
    }

    @Command(name = "create", description = "Starts a run (status RUNNING) and prints its ID.")
    void create(
            @Option(names = "--experiment-id", paramLabel = "ID", required = true) String experimentId,
            @Option(names = "--name", paramLabel = "NAME", description = "Run name (default: a generated one).") String name,
            @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A run tag; repeatable.") List<Tag> tags) {
        Run run = client().createRun(experimentId, name, Tag.toMap(tags));
        output().print(new RunResponse(run), () -> run.info().runId());
    }

    @Command(name = "log-metric", description = "Logs one value of a metric (timestamp: now).")
    void logMetric(@Parameters(paramLabel = "RUN_ID") String runId, @Parameters(paramLabel = "KEY") String key,
            @Parameters(paramLabel = "VALUE") double value,
            @Option(names = "--step", paramLabel = "STEP", defaultValue = "0", description = "Step of the value (default: 0).") long step) {
        client().logMetric(runId, key, value, System.currentTimeMillis(), step);
        output().print(Empty.INSTANCE, () -> "Logged " + key + "=" + value + " (step " + step + ") to run " + runId + ".");
    }

    @Command(name = "log-param", description = "Logs a param; a param cannot change once logged.")
    void logParam(@Parameters(paramLabel = "RUN_ID") String runId, @Parameters(paramLabel = "KEY") String key,
            @Parameters(paramLabel = "VALUE") String value) {
        client().logParam(runId, key, value);
        output().print(Empty.INSTANCE, () -> "Logged param " + key + "=" + value + " to run " + runId + ".");
    }

    @Command(name = "set-tag", description = "Sets a tag on a run.")
    void setTag(@Parameters(paramLabel = "RUN_ID") String runId, @Parameters(paramLabel = "KEY") String key,
            @Parameters(paramLabel = "VALUE") String value) {
        client().setTag(runId, key, value);
        output().print(Empty.INSTANCE, () -> "Set tag " + key + "=" + value + " on run " + runId + ".");
    }

    @Command(name = "finish", description = "Ends a run now.")
    void finish(@Parameters(paramLabel = "RUN_ID") String runId,
            @Option(names = "--status", paramLabel = "STATUS", defaultValue = "FINISHED",
                    description = "FINISHED (default), FAILED or KILLED.") EndStatus status) {
        RunInfo info = client().updateRun(runId, status.runStatus(), System.currentTimeMillis(), null);
        output().print(new UpdateRunResponse(info), () -> "Run " + runId + " is " + info.status() + ".");
    }

    /** The states a run can be ended in. */
    enum EndStatus {
        FINISHED(RunStatus.FINISHED),
        FAILED(RunStatus.FAILED),
        KILLED(RunStatus.KILLED);

        private final RunStatus runStatus;

        EndStatus(RunStatus runStatus) {
            this.runStatus = runStatus;
        }

        RunStatus runStatus() {
            return runStatus;
        }
    }

    @Command(name = "delete", description = "Moves a run to the trash (restore brings it back).")
    void delete(@Parameters(paramLabel = "RUN_ID") String runId) {
        client().deleteRun(runId);
        output().print(Empty.INSTANCE, () -> "Deleted run " + runId + ".");
    }

    @Command(name = "restore", description = "Brings a deleted run back.")
    void restore(@Parameters(paramLabel = "RUN_ID") String runId) {
        client().restoreRun(runId);
        output().print(Empty.INSTANCE, () -> "Restored run " + runId + ".");
    }

    @Command(name = "metric-history", description = "Shows every logged value of one metric of a run.")
    void metricHistory(@Parameters(paramLabel = "RUN_ID") String runId, @Parameters(paramLabel = "KEY") String key) {
        List<Metric> history = client().getMetricHistory(runId, key);
        output().print(new MetricHistoryResponse(history, null), () -> RunViews.metricHistory(history));
    }
}
