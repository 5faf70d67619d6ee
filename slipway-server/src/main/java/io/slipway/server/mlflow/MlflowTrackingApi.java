package io.slipway.server.mlflow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.io.SerializedString;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.slipway.api.mlflow.TrackingMessages.CreateExperiment;
import io.slipway.api.mlflow.TrackingMessages.CreateExperimentResponse;
import io.slipway.api.mlflow.TrackingMessages.CreateRun;
import io.slipway.api.mlflow.TrackingMessages.DeleteTag;
import io.slipway.api.mlflow.TrackingMessages.Empty;
import io.slipway.api.mlflow.TrackingMessages.ExperimentId;
import io.slipway.api.mlflow.TrackingMessages.ExperimentResponse;
import io.slipway.api.mlflow.TrackingMessages.GetExperiment;
import io.slipway.api.mlflow.TrackingMessages.GetExperimentByName;
import io.slipway.api.mlflow.TrackingMessages.GetMetricHistory;
import io.slipway.api.mlflow.TrackingMessages.ListArtifacts;
import io.slipway.api.mlflow.TrackingMessages.ListArtifactsResponse;
import io.slipway.api.mlflow.TrackingMessages.LogBatch;
import io.slipway.api.mlflow.TrackingMessages.LogInputs;
import io.slipway.api.mlflow.TrackingMessages.LogMetric;
import io.slipway.api.mlflow.TrackingMessages.LogModel;
import io.slipway.api.mlflow.TrackingMessages.LogParam;
import io.slipway.api.mlflow.TrackingMessages.RunRef;
import io.slipway.api.mlflow.TrackingMessages.RunResponse;
import io.slipway.api.mlflow.TrackingMessages.SearchExperiments;
import io.slipway.api.mlflow.TrackingMessages.SearchExperimentsResponse;
import io.slipway.api.mlflow.TrackingMessages.SearchRuns;
import io.slipway.api.mlflow.TrackingMessages.SearchRunsResponse;
import io.slipway.api.mlflow.TrackingMessages.SetExperimentTag;
import io.slipway.api.mlflow.TrackingMessages.SetTag;
import io.slipway.api.mlflow.TrackingMessages.UpdateExperiment;
import io.slipway.api.mlflow.TrackingMessages.UpdateRun;
import io.slipway.api.mlflow.TrackingMessages.UpdateRunResponse;
import io.slipway.core.Page;
import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactService;
import io.slipway.core.identity.Permission;
import io.slipway.core.identity.ResourceType;
import io.slipway.core.tracking.Experiment;
import io.slipway.core.tracking.MetricHistoryQuery;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.TrackingService;
import io.slipway.core.tracking.TrackingStore;
import io.slipway.server.auth.Access;
import io.slipway.server.http.JsonIo;
import java.util.List;

/**
 * MLflow 2.x tracking REST API under {@code /api/2.0/mlflow} (and {@code /ajax-api/2.0/mlflow},
 * which MLflow's UI uses). Each handler reads one message, calls one service method and
 * writes one message.
 */
public final class MlflowTrackingApi {
    public static final List<String> PREFIXES = List.of("/api/2.0/mlflow", "/ajax-api/2.0/mlflow");

    // metric history field names, encoded once
    private static final SerializedString KEY = new SerializedString("key");
    private static final SerializedString VALUE = new SerializedString("value");
    private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializedString STEP = new SerializedString("step");

    private final TrackingService tracking;
    private final ArtifactService artifacts;
    private final Access access;
    private final JsonIo io;

    public MlflowTrackingApi(TrackingService tracking, ArtifactService artifacts, Access access, JsonIo io) {
        this.tracking = requireNonNull(tracking, "tracking is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.access = requireNonNull(access, "access is null");
        this.io = requireNonNull(io, "io is null");
    }

    public void register(RoutesConfig routes) {
        for (String prefix : PREFIXES) {
            routes.post(prefix + "/experiments/create", this::createExperiment);
            routes.get(prefix + "/experiments/get", this::getExperiment);
            routes.get(prefix + "/experiments/get-by-name", this::getExperimentByName);
            routes.post(prefix + "/experiments/search", this::searchExperiments);
            routes.get(prefix + "/experiments/search", this::searchExperiments);
            routes.post(prefix + "/experiments/update", this::updateExperiment);
            routes.post(prefix + "/experiments/delete", this::deleteExperiment);
            routes.post(prefix + "/experiments/restore", this::restoreExperiment);
            routes.post(prefix + "/experiments/set-experiment-tag", this::setExperimentTag);

            routes.post(prefix + "/runs/create", this::createRun);
            routes.get(prefix + "/runs/get", this::getRun);
            routes.post(prefix + "/runs/update", this::updateRun);
            routes.post(prefix + "/runs/delete", this::deleteRun);
            routes.post(prefix + "/runs/restore", this::restoreRun);
            routes.post(prefix + "/runs/search", this::searchRuns);
            routes.post(prefix + "/runs/log-metric", this::logMetric);
            routes.post(prefix + "/runs/log-parameter", this::logParam);
            routes.post(prefix + "/runs/set-tag", this::setTag);
            routes.post(prefix + "/runs/delete-tag", this::deleteTag);
            routes.post(prefix + "/runs/log-batch", this::logBatch);
            routes.post(prefix + "/runs/log-inputs", this::logInputs);
            routes.post(prefix + "/runs/log-model", this::logModel);
            routes.get(prefix + "/metrics/get-history", this::getMetricHistory);

            routes.get(prefix + "/artifacts/list", this::listArtifacts);
        }
    }

    // ---- experiments ----

    private void createExperiment(Context ctx) {
        CreateExperiment request = io.read(ctx, CreateExperiment.class);
        String id = tracking.createExperiment(request.name(), request.artifactLocation(), request.experimentTags());
        Access.target(ctx, "experiment:" + id);
        access.grantCreator(ctx, ResourceType.EXPERIMENT, id);
        io.write(ctx, new CreateExperimentResponse(id));
    }

    private void getExperiment(Context ctx) {
        GetExperiment request = io.read(ctx, GetExperiment.class);
        access.requireExperiment(ctx, request.experimentId(), Permission.READ);
        io.write(ctx, new ExperimentResponse(tracking.getExperiment(request.experimentId())));
    }

    private void getExperimentByName(Context ctx) {
        GetExperimentByName request = io.read(ctx, GetExperimentByName.class);
        Experiment experiment = tracking.getExperimentByName(request.experimentName());
        access.requireExperiment(ctx, experiment.experimentId(), Permission.READ);
        io.write(ctx, new ExperimentResponse(experiment));
    }

    private void searchExperiments(Context ctx) {
        SearchExperiments request = io.read(ctx, SearchExperiments.class);
        Page<Experiment> page = tracking.searchExperiments(
                request.filter(), request.viewType(), request.maxResults(), request.orderBy(), request.pageToken());
        List<Experiment> readable = page.items().stream()
                .filter(e -> access.canRead(ctx, ResourceType.EXPERIMENT, e.experimentId())).toList();
        io.write(ctx, new SearchExperimentsResponse(readable, page.nextPageToken()));
    }

    private void updateExperiment(Context ctx) {
        UpdateExperiment request = io.read(ctx, UpdateExperiment.class);
        access.requireExperiment(ctx, request.experimentId(), Permission.EDIT);
        tracking.renameExperiment(request.experimentId(), request.newName());
        io.write(ctx, Empty.INSTANCE);
    }

    private void deleteExperiment(Context ctx) {
        String experimentId = io.read(ctx, ExperimentId.class).experimentId();
        access.requireExperiment(ctx, experimentId, Permission.MANAGE);
        tracking.deleteExperiment(experimentId);
        io.write(ctx, Empty.INSTANCE);
    }

    private void restoreExperiment(Context ctx) {
        String experimentId = io.read(ctx, ExperimentId.class).experimentId();
        access.requireExperiment(ctx, experimentId, Permission.MANAGE);
        tracking.restoreExperiment(experimentId);
        io.write(ctx, Empty.INSTANCE);
    }

    private void setExperimentTag(Context ctx) {
        SetExperimentTag request = io.read(ctx, SetExperimentTag.class);
        access.requireExperiment(ctx, request.experimentId(), Permission.EDIT);
        tracking.setExperimentTag(request.experimentId(), request.key(), request.value());
        io.write(ctx, Empty.INSTANCE);
    }

    // ---- runs ----

    private void createRun(Context ctx) {
        CreateRun request = io.read(ctx, CreateRun.class);
        String experimentId = request.experimentId() == null || request.experimentId().isEmpty()
                ? TrackingStore.DEFAULT_EXPERIMENT_ID : request.experimentId();
        access.requireExperiment(ctx, experimentId, Permission.EDIT);
        // with authentication on, the run's user is who created it, whatever the client claims
        String userId = access.enabled() ? access.principal(ctx).username() : request.userId();
        Run run = tracking.createRun(experimentId, userId, request.runName(), request.startTime(), request.runTags());
        Access.target(ctx, "run:" + run.info().runId());
        io.write(ctx, new RunResponse(run));
    }

    private void getRun(Context ctx) {
        String runId = io.read(ctx, RunRef.class).id();
        access.requireRun(ctx, runId, Permission.READ);
        io.write(ctx, new RunResponse(tracking.getRun(runId)));
    }

    private void updateRun(Context ctx) {
        UpdateRun request = io.read(ctx, UpdateRun.class);
        access.requireRun(ctx, request.id(), Permission.EDIT);
        io.write(ctx, new UpdateRunResponse(tracking.updateRun(request.id(), request.status(), request.endTime(), request.runName())));
    }

    private void deleteRun(Context ctx) {
        String runId = io.read(ctx, RunRef.class).id();
        access.requireRun(ctx, runId, Permission.MANAGE);
        tracking.deleteRun(runId);
        io.write(ctx, Empty.INSTANCE);
    }

    private void restoreRun(Context ctx) {
        String runId = io.read(ctx, RunRef.class).id();
        access.requireRun(ctx, runId, Permission.MANAGE);
        tracking.restoreRun(runId);
        io.write(ctx, Empty.INSTANCE);
    }

    private void searchRuns(Context ctx) {
        SearchRuns request = io.read(ctx, SearchRuns.class);
        if (request.experimentIds() != null) {
            request.experimentIds().forEach(id -> access.requireExperiment(ctx, id, Permission.READ));
        }
        Page<Run> page = tracking.searchRuns(request.experimentIds() == null ? List.of() : request.experimentIds(),
                request.filter(), request.runViewType(), request.maxResults(), request.orderBy(), request.pageToken());
        io.write(ctx, new SearchRunsResponse(page.items(), page.nextPageToken()));
    }

    private void logMetric(Context ctx) {
        LogMetric request = io.read(ctx, LogMetric.class);
        access.requireRun(ctx, request.id(), Permission.EDIT);
        tracking.logMetric(request.id(), request.metric());
        io.write(ctx, Empty.INSTANCE);
    }

    private void logParam(Context ctx) {
        LogParam request = io.read(ctx, LogParam.class);
        access.requireRun(ctx, request.id(), Permission.EDIT);
        tracking.logParam(request.id(), request.param());
        io.write(ctx, Empty.INSTANCE);
    }

    private void setTag(Context ctx) {
        SetTag request = io.read(ctx, SetTag.class);
        access.requireRun(ctx, request.id(), Permission.EDIT);
        tracking.setTag(request.id(), request.tag());
        io.write(ctx, Empty.INSTANCE);
    }

    private void deleteTag(Context ctx) {
        DeleteTag request = io.read(ctx, DeleteTag.class);
        access.requireRun(ctx, request.id(), Permission.EDIT);
        tracking.deleteTag(request.id(), request.key());
        io.write(ctx, Empty.INSTANCE);
    }

    private void logBatch(Context ctx) {
        LogBatch request = io.read(ctx, LogBatch.class);
        access.requireRun(ctx, request.id(), Permission.EDIT);
        tracking.logBatch(request.id(), request.metricList(), request.paramList(), request.tagList());
        io.write(ctx, Empty.INSTANCE);
    }

    private void logModel(Context ctx) {
        LogModel request = io.read(ctx, LogModel.class);
        if (request.runId() == null || request.runId().isEmpty()) {
            throw SlipwayException.missingParameter("run_id");
        }
        access.requireRun(ctx, request.runId(), Permission.EDIT);
        if (request.modelJson() == null || request.modelJson().isEmpty()) {
            throw SlipwayException.missingParameter("model_json");
        }
        tracking.logModel(request.runId(), io.requireJsonObject(request.modelJson(), "model_json"));
        io.write(ctx, Empty.INSTANCE);
    }

    private void logInputs(Context ctx) {
        LogInputs request = io.read(ctx, LogInputs.class);
        if (request.runId() == null || request.runId().isEmpty()) {
            throw SlipwayException.missingParameter("run_id");
        }
        access.requireRun(ctx, request.runId(), Permission.EDIT);
        tracking.logInputs(request.runId(), request.inputs());
        io.write(ctx, Empty.INSTANCE);
    }

    /**
     * Histories can hold millions of points: they are written to the client as they are read,
     * with no list of objects in between. All checks run before the first byte is sent.
     */
    private void getMetricHistory(Context ctx) {
        GetMetricHistory request = io.read(ctx, GetMetricHistory.class);
        access.requireRun(ctx, request.id(), Permission.READ);
        // MLflow's Java client (2.x) asks for pages of 25000 but crashes when it follows a page token
        // (it appends to an unmodifiable list), so it gets the whole history in one answer
        Integer maxResults = isMlflowJavaClient(ctx) && request.pageToken() == null ? null : request.maxResults();
        String runId = request.id();
        String key = request.metricKey();
        MetricHistoryQuery query = tracking.metricHistory(runId, key, maxResults, request.pageToken());
        SerializedString keyValue = new SerializedString(key);
        io.streamObject(ctx, json -> {
            json.writeArrayFieldStart("metrics");
            String next = query.streamTo((step, timestamp, value) -> {
                json.writeStartObject();
                json.writeFieldName(KEY);
                json.writeString(keyValue);
                json.writeFieldName(VALUE);
                json.writeNumber(value);
                json.writeFieldName(TIMESTAMP);
                json.writeNumber(timestamp);
                json.writeFieldName(STEP);
                json.writeNumber(step);
                json.writeEndObject();
            });
            json.writeEndArray();
            if (next != null) {
                json.writeStringField("next_page_token", next);
            }
        });
    }

    private static boolean isMlflowJavaClient(Context ctx) {
        String agent = ctx.header("User-Agent");
        return agent != null && agent.startsWith("mlflow-java-client/");
    }

    // ---- artifacts ----

    private void listArtifacts(Context ctx) {
        ListArtifacts request = io.read(ctx, ListArtifacts.class);
        access.requireRun(ctx, request.id(), Permission.READ);
        ArtifactService.RunListing listing = artifacts.listRunArtifacts(request.id(), request.path());
        io.write(ctx, new ListArtifactsResponse(listing.rootUri(), listing.files(), null));
    }
}
