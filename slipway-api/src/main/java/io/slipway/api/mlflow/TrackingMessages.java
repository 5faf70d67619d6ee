package io.slipway.api.mlflow;

import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.FileInfo;
import io.slipway.core.tracking.Dataset;
import io.slipway.core.tracking.DatasetInput;
import io.slipway.core.tracking.Experiment;
import io.slipway.core.tracking.ExperimentTag;
import io.slipway.core.tracking.InputTag;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunInfo;
import io.slipway.core.tracking.RunStatus;
import io.slipway.core.tracking.RunTag;
import io.slipway.core.tracking.ViewType;
import java.util.ArrayList;
import java.util.List;

/**
 * The MLflow 2.x tracking API on the wire: one record per request and response message, named
 * after MLflow's service.proto. Request fields are nullable so that a missing field can be
 * reported by name ({@code Missing value for required parameter 'run_id'.}); responses reuse
 * the domain records, which already have MLflow's shape.
 */
public final class TrackingMessages {
    private TrackingMessages() {}

    // ---- shared input shapes ----

    /** A key/value pair as clients send it (param, tag, experiment tag, input tag). */
    public record KeyValue(String key, String value) {}

    /** A metric as clients send it; value and timestamp are required, step defaults to 0. */
    public record MetricInput(String key, Double value, Long timestamp, Long step) {
        Metric toMetric(String field) {
            if (key == null || key.isEmpty()) {
                throw SlipwayException.missingParameter(field + ".key");
            }
            if (value == null) {
                throw SlipwayException.missingParameter(field + ".value");
            }
            if (timestamp == null) {
                throw SlipwayException.missingParameter(field + ".timestamp");
            }
            return new Metric(key, value, timestamp, step == null ? 0 : step);
        }
    }

    public record DatasetMessage(String name, String digest, String sourceType, String source, String schema, String profile) {}

    public record DatasetInputMessage(List<KeyValue> tags, DatasetMessage dataset) {}

    // ---- experiments ----

    public record CreateExperiment(String name, String artifactLocation, List<KeyValue> tags) {
        public List<ExperimentTag> experimentTags() {
            List<ExperimentTag> result = new ArrayList<>();
            forEachPair(tags, "tags", (k, v) -> result.add(new ExperimentTag(k, v)));
            return result;
        }
    }

    public record CreateExperimentResponse(String experimentId) {}

    public record GetExperiment(String experimentId) {}

    public record GetExperimentByName(String experimentName) {}

    public record ExperimentResponse(Experiment experiment) {}

    public record SearchExperiments(Long maxResults, String pageToken, String filter, List<String> orderBy, ViewType viewType) {}

    public record SearchExperimentsResponse(List<Experiment> experiments, String nextPageToken) {}

    public record ExperimentId(String experimentId) {}

    public record UpdateExperiment(String experimentId, String newName) {}

    public record SetExperimentTag(String experimentId, String key, String value) {}

    // ---- runs ----

    public record CreateRun(String experimentId, String userId, String runName, Long startTime, List<KeyValue> tags) {
        public List<RunTag> runTags() {
            return toRunTags(tags, "tags");
        }
    }

    public record RunResponse(Run run) {}

    /** Any request that names one run; MLflow accepts {@code run_uuid} for {@code run_id}. */
    public record RunRef(String runId, String runUuid) {
        public String id() {
            return chooseRunId(runId, runUuid);
        }
    }

    public record UpdateRun(String runId, String runUuid, RunStatus status, Long endTime, String runName) {
        public String id() {
            return chooseRunId(runId, runUuid);
        }
    }

    public record UpdateRunResponse(RunInfo runInfo) {}

    public record LogMetric(String runId, String runUuid, String key, Double value, Long timestamp, Long step) {
        public String id() {
            return chooseRunId(runId, runUuid);
        }

        public Metric metric() {
            if (key == null || key.isEmpty()) {
                throw SlipwayException.missingParameter("key");
            }
            if (value == null) {
                throw SlipwayException.missingParameter("value");
            }
            if (timestamp == null) {
                throw SlipwayException.missingParameter("timestamp");
            }
            return new Metric(key, value, timestamp, step == null ? 0 : step);
        }
    }

    public record LogParam(String runId, String runUuid, String key, String value) {
        public String id() {
            return chooseRunId(runId, runUuid);
        }

        public Param param() {
            return new Param(requireKey(key, "key"), value);
        }
    }

    public record SetTag(String runId, String runUuid, String key, String value) {
        public String id() {
            return chooseRunId(runId, runUuid);
        }

        public RunTag tag() {
            return new RunTag(requireKey(key, "key"), value);
        }
    }

    public record DeleteTag(String runId, String runUuid, String key) {
        public String id() {
            return chooseRunId(runId, runUuid);
        }
    }

    public record LogBatch(String runId, String runUuid, List<MetricInput> metrics, List<KeyValue> params, List<KeyValue> tags) {
        public String id() {
            return chooseRunId(runId, runUuid);
        }

        public List<Metric> metricList() {
            if (metrics == null) {
                return List.of();
            }
            List<Metric> result = new ArrayList<>(metrics.size());
            for (int i = 0; i < metrics.size(); i++) {
                MetricInput metric = metrics.get(i);
                if (metric == null) {
                    throw SlipwayException.invalidParameter("Invalid value null for 'metrics[%d]': expected an object.", i);
                }
                result.add(metric.toMetric("metrics[" + i + "]"));
            }
            return result;
        }

        public List<Param> paramList() {
            List<Param> result = new ArrayList<>();
            forEachPair(params, "params", (k, v) -> result.add(new Param(k, v)));
            return result;
        }

        public List<RunTag> tagList() {
            return toRunTags(tags, "tags");
        }
    }

    /** runs/log-model: {@code model_json} is an MLmodel descriptor serialised as a JSON object. */
    public record LogModel(String runId, String modelJson) {}

    public record LogInputs(String runId, List<DatasetInputMessage> datasets) {
        public List<DatasetInput> inputs() {
            if (datasets == null) {
                return List.of();
            }
            List<DatasetInput> result = new ArrayList<>(datasets.size());
            for (int i = 0; i < datasets.size(); i++) {
                DatasetInputMessage input = datasets.get(i);
                String field = "datasets[" + i + "]";
                if (input == null || input.dataset() == null) {
                    throw SlipwayException.missingParameter(field + ".dataset");
                }
                DatasetMessage d = input.dataset();
                String name = requireKey(d.name(), field + ".dataset.name");
                String digest = requireKey(d.digest(), field + ".dataset.digest");
                String sourceType = requireKey(d.sourceType(), field + ".dataset.source_type");
                String source = requireKey(d.source(), field + ".dataset.source");
                List<InputTag> tags = new ArrayList<>();
                forEachPair(input.tags(), field + ".tags", (k, v) -> tags.add(new InputTag(k, v)));
                result.add(new DatasetInput(tags, new Dataset(name, digest, sourceType, source, d.schema(), d.profile())));
            }
            return result;
        }
    }

    public record SearchRuns(List<String> experimentIds, String filter, ViewType runViewType, Integer maxResults,
            List<String> orderBy, String pageToken) {}

    public record SearchRunsResponse(List<Run> runs, String nextPageToken) {}

    public record GetMetricHistory(String runId, String runUuid, String metricKey, Integer maxResults, String pageToken) {
        public String id() {
            return chooseRunId(runId, runUuid);
        }
    }

    public record MetricHistoryResponse(List<Metric> metrics, String nextPageToken) {}

    // ---- artifacts ----

    public record ListArtifacts(String runId, String runUuid, String path, String pageToken) {
        public String id() {
            return chooseRunId(runId, runUuid);
        }
    }

    public record ListArtifactsResponse(String rootUri, List<FileInfo> files, String nextPageToken) {}

    /** The artifact proxy's listing: base names only. */
    public record ProxyListResponse(List<FileInfo> files) {}

    // ---- errors ----

    public record ErrorResponse(String errorCode, String message) {}

    /** The empty response message, {@code {}}. */
    public record Empty() {
        public static final Empty INSTANCE = new Empty();
    }

    // ---- helpers ----

    private static String chooseRunId(String runId, String runUuid) {
        if (runId != null && !runId.isEmpty()) {
            return runId;
        }
        if (runUuid != null && !runUuid.isEmpty()) {
            return runUuid;
        }
        throw SlipwayException.missingParameter("run_id");
    }

    private static String requireKey(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw SlipwayException.missingParameter(field);
        }
        return value;
    }

    private static List<RunTag> toRunTags(List<KeyValue> pairs, String field) {
        List<RunTag> result = new ArrayList<>();
        forEachPair(pairs, field, (k, v) -> result.add(new RunTag(k, v)));
        return result;
    }

    private interface PairConsumer {
        void accept(String key, String value);
    }

    private static void forEachPair(List<KeyValue> pairs, String field, PairConsumer consumer) {
        if (pairs == null) {
            return;
        }
        for (int i = 0; i < pairs.size(); i++) {
            KeyValue pair = pairs.get(i);
            if (pair == null) {
                throw SlipwayException.invalidParameter("Invalid value null for '%s[%d]': expected an object.", field, i);
            }
            consumer.accept(requireKey(pair.key(), field + "[" + i + "].key"), pair.value());
        }
    }
}
