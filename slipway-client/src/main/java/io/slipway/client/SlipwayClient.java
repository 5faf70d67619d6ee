package io.slipway.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.api.ApiJson;
import io.slipway.api.mlflow.RegistryMessages.AliasRef;
import io.slipway.api.mlflow.RegistryMessages.CreateModelVersion;
import io.slipway.api.mlflow.RegistryMessages.CreateRegisteredModel;
import io.slipway.api.mlflow.RegistryMessages.DeleteModelVersionTag;
import io.slipway.api.mlflow.RegistryMessages.DeleteRegisteredModelTag;
import io.slipway.api.mlflow.RegistryMessages.DownloadUriResponse;
import io.slipway.api.mlflow.RegistryMessages.GetLatestVersions;
import io.slipway.api.mlflow.RegistryMessages.ModelName;
import io.slipway.api.mlflow.RegistryMessages.ModelVersionRef;
import io.slipway.api.mlflow.RegistryMessages.ModelVersionResponse;
import io.slipway.api.mlflow.RegistryMessages.ModelVersionsResponse;
import io.slipway.api.mlflow.RegistryMessages.RegisteredModelResponse;
import io.slipway.api.mlflow.RegistryMessages.RenameRegisteredModel;
import io.slipway.api.mlflow.RegistryMessages.SearchModelVersions;
import io.slipway.api.mlflow.RegistryMessages.SearchModelVersionsResponse;
import io.slipway.api.mlflow.RegistryMessages.SearchRegisteredModels;
import io.slipway.api.mlflow.RegistryMessages.SearchRegisteredModelsResponse;
import io.slipway.api.mlflow.RegistryMessages.SetAlias;
import io.slipway.api.mlflow.RegistryMessages.SetModelVersionTag;
import io.slipway.api.mlflow.RegistryMessages.SetRegisteredModelTag;
import io.slipway.api.mlflow.RegistryMessages.TransitionStage;
import io.slipway.api.mlflow.RegistryMessages.UpdateModelVersion;
import io.slipway.api.mlflow.RegistryMessages.UpdateRegisteredModel;
import io.slipway.api.mlflow.TrackingMessages.CreateExperiment;
import io.slipway.api.mlflow.TrackingMessages.CreateExperimentResponse;
import io.slipway.api.mlflow.TrackingMessages.CreateRun;
import io.slipway.api.mlflow.TrackingMessages.DatasetInputMessage;
import io.slipway.api.mlflow.TrackingMessages.DeleteTag;
import io.slipway.api.mlflow.TrackingMessages.ExperimentId;
import io.slipway.api.mlflow.TrackingMessages.ExperimentResponse;
import io.slipway.api.mlflow.TrackingMessages.KeyValue;
import io.slipway.api.mlflow.TrackingMessages.ListArtifactsResponse;
import io.slipway.api.mlflow.TrackingMessages.LogBatch;
import io.slipway.api.mlflow.TrackingMessages.LogInputs;
import io.slipway.api.mlflow.TrackingMessages.MetricInput;
import io.slipway.api.mlflow.TrackingMessages.ProxyListResponse;
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
import io.slipway.api.slipway.DatasetMessages.BlobSizes;
import io.slipway.api.slipway.DatasetMessages.CommitUpload;
import io.slipway.api.slipway.DatasetMessages.CreateUpload;
import io.slipway.api.slipway.DatasetMessages.DatasetVersionResponse;
import io.slipway.api.slipway.DatasetMessages.DatasetVersionsResponse;
import io.slipway.api.slipway.DatasetMessages.DatasetsResponse;
import io.slipway.api.slipway.DatasetMessages.DiffResponse;
import io.slipway.api.slipway.DatasetMessages.KnownSizes;
import io.slipway.api.slipway.DatasetMessages.UploadCreated;
import io.slipway.api.slipway.DatasetValidationMessages.CreateValidation;
import io.slipway.api.slipway.DatasetValidationMessages.SuggestResponse;
import io.slipway.api.slipway.DatasetValidationMessages.ValidationResponse;
import io.slipway.api.slipway.DatasetValidationMessages.ValidationView;
import io.slipway.api.slipway.DatasetValidationMessages.ValidationsResponse;
import io.slipway.api.slipway.DeploymentMessages.CreateDeployment;
import io.slipway.api.slipway.DeploymentMessages.DeploymentName;
import io.slipway.api.slipway.DeploymentMessages.DeploymentResponse;
import io.slipway.api.slipway.DeploymentMessages.DeploymentView;
import io.slipway.api.slipway.DeploymentMessages.DeploymentsResponse;
import io.slipway.api.slipway.DeploymentMessages.EventsResponse;
import io.slipway.api.slipway.DeploymentMessages.RollbackDeployment;
import io.slipway.api.slipway.DeploymentMessages.RollbackView;
import io.slipway.api.slipway.DeploymentMessages.RolloutView;
import io.slipway.api.slipway.DeploymentMessages.SetCandidate;
import io.slipway.api.slipway.DeploymentMessages.SetPercent;
import io.slipway.api.slipway.PredictionMessages.FeedbackAccepted;
import io.slipway.api.slipway.PredictionMessages.FeedbackItem;
import io.slipway.api.slipway.PredictionMessages.PredictionView;
import io.slipway.api.slipway.PredictionMessages.PredictionsResponse;
import io.slipway.api.slipway.PredictionMessages.SegmentStored;
import io.slipway.api.slipway.PredictionMessages.SendFeedback;
import io.slipway.api.slipway.TrainingMessages.CreateTraining;
import io.slipway.api.slipway.TrainingMessages.TrainingResponse;
import io.slipway.api.slipway.TrainingMessages.TrainingStatus;
import io.slipway.api.slipway.TrainingMessages.TrainingView;
import io.slipway.api.slipway.TrainingMessages.TrainingsResponse;
import io.slipway.api.slipway.GovernanceMessages.AuditEventView;
import io.slipway.api.slipway.GovernanceMessages.AuditEventsQuery;
import io.slipway.api.slipway.GovernanceMessages.AuditEventsResponse;
import io.slipway.api.slipway.GovernanceMessages.AuditVerifyResponse;
import io.slipway.api.slipway.GovernanceMessages.CreatePromotion;
import io.slipway.api.slipway.GovernanceMessages.CreateToken;
import io.slipway.api.slipway.GovernanceMessages.CreateUser;
import io.slipway.api.slipway.GovernanceMessages.DecidePromotion;
import io.slipway.api.slipway.GovernanceMessages.MeResponse;
import io.slipway.api.slipway.GovernanceMessages.PermissionRef;
import io.slipway.api.slipway.GovernanceMessages.PermissionResponse;
import io.slipway.api.slipway.GovernanceMessages.PermissionsResponse;
import io.slipway.api.slipway.GovernanceMessages.PromotionResponse;
import io.slipway.api.slipway.GovernanceMessages.PromotionsResponse;
import io.slipway.api.slipway.GovernanceMessages.SetPermission;
import io.slipway.api.slipway.GovernanceMessages.TokenCreated;
import io.slipway.api.slipway.GovernanceMessages.TokenRef;
import io.slipway.api.slipway.GovernanceMessages.TokenResponse;
import io.slipway.api.slipway.GovernanceMessages.TokensResponse;
import io.slipway.api.slipway.GovernanceMessages.UpdateUser;
import io.slipway.api.slipway.GovernanceMessages.UserResponse;
import io.slipway.api.slipway.GovernanceMessages.Username;
import io.slipway.api.slipway.GovernanceMessages.UsersResponse;
import io.slipway.api.slipway.ModelGovernanceMessages.AliasHistoryResponse;
import io.slipway.api.slipway.ModelGovernanceMessages.CardFormat;
import io.slipway.api.slipway.ModelGovernanceMessages.CardResponse;
import io.slipway.api.slipway.ModelGovernanceMessages.MlModelResponse;
import io.slipway.api.slipway.ModelGovernanceMessages.UpdateCard;
import io.slipway.client.data.AddDatasetOptions;
import io.slipway.client.data.AddedDataset;
import io.slipway.client.data.FileDigests;
import io.slipway.client.data.FileState;
import io.slipway.client.data.HashCache;
import io.slipway.client.data.ManifestBuilder;
import io.slipway.client.data.TransferProgress;
import io.slipway.core.Page;
import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.FileInfo;
import io.slipway.core.data.DatasetDiff;
import io.slipway.core.data.DatasetFile;
import io.slipway.core.data.DatasetManifest;
import io.slipway.core.data.DatasetSummary;
import io.slipway.core.data.DatasetVersion;
import io.slipway.core.data.StoredBlob;
import io.slipway.core.governance.DatasetLineage;
import io.slipway.core.governance.ModelCard;
import io.slipway.core.governance.ModelLineage;
import io.slipway.core.governance.PromotionCheck;
import io.slipway.core.governance.PromotionRequest;
import io.slipway.core.governance.PromotionStatus;
import io.slipway.core.identity.ApiToken;
import io.slipway.core.identity.Permission;
import io.slipway.core.identity.PermissionGrant;
import io.slipway.core.identity.ResourceType;
import io.slipway.core.identity.User;
import io.slipway.core.registry.AliasEvent;
import io.slipway.core.registry.ModelUri;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.RegisteredModel;
import io.slipway.core.serving.Deployment;
import io.slipway.core.serving.DeploymentEvent;
import io.slipway.core.serving.RollbackPolicy;
import io.slipway.core.serving.Rollout;
import io.slipway.core.serving.RolloutMode;
import io.slipway.core.tracking.Experiment;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunInfo;
import io.slipway.core.tracking.RunStatus;
import io.slipway.core.tracking.RunTag;
import io.slipway.core.tracking.ViewType;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * Java client for a Slipway server. It speaks the MLflow-compatible REST API and Slipway's
 * governance API with the same wire records the server uses, and moves artifacts through the
 * artifact proxy, so Java users need no Python. A client made with a token sends it as
 * {@code Authorization: Bearer} on every request. Errors arrive as {@link SlipwayClientException}
 * carrying the server's {@code error_code} and message.
 */
public final class SlipwayClient implements AutoCloseable {
    public static final String TRACKING_URI_ENV = "SLIPWAY_TRACKING_URI";
    public static final String DEFAULT_TRACKING_URI = "http://127.0.0.1:5050";
    public static final String TOKEN_ENV = "SLIPWAY_TOKEN";
    /** What MLflow's own clients read; used when {@link #TOKEN_ENV} is not set. */
    public static final String MLFLOW_TOKEN_ENV = "MLFLOW_TRACKING_TOKEN";

    private static final String API = "/api/2.0/mlflow/";
    private static final String SLIPWAY_API = "/api/2.0/slipway/";
    private static final int AUDIT_PAGE_SIZE = 5000;
    private static final int HISTORY_PAGE_SIZE = 100_000;
    private static final String ARTIFACT_LISTING = "/api/2.0/mlflow-artifacts/artifacts";
    private static final String ARTIFACTS = ARTIFACT_LISTING + "/";
    /**
     * Files from this size on are streamed by {@link #addDataset} when new: below it, hashing
     * first costs little, and one request per file would cost more than it saves.
     */
    public static final long DEFAULT_STREAM_THRESHOLD = 64L * 1024 * 1024;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The chunks a streamed blob is read and sent in. */
    private static final int STREAM_CHUNK_BYTES = 1024 * 1024;
    private final URI base;
    private final String token;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Duration timeout;
    private final long streamThreshold;

    private SlipwayClient(URI base, String token, Duration timeout, long streamThreshold) {
        this.base = base;
        this.token = token;
        this.timeout = timeout;
        this.streamThreshold = streamThreshold;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
        this.mapper = ApiJson.newMapper();
    }

    /** A client for the server at {@code trackingUri}, e.g. {@code http://127.0.0.1:5050}, that sends no token. */
    public static SlipwayClient connect(String trackingUri) {
        return connect(trackingUri, null);
    }

    /**
     * A client for the server at {@code trackingUri} that sends {@code token} as
     * {@code Authorization: Bearer <token>} on every request; null or blank: no token.
     */
    public static SlipwayClient connect(String trackingUri, String token) {
        requireNonNull(trackingUri, "trackingUri is null");
        URI uri;
        try {
            uri = URI.create(trackingUri.endsWith("/") ? trackingUri.substring(0, trackingUri.length() - 1) : trackingUri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid tracking URI '" + trackingUri + "': " + e.getMessage(), e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("Invalid tracking URI '" + trackingUri + "': expected http://host:port");
        }
        return new SlipwayClient(uri, checkedToken(token), Duration.ofMinutes(5), DEFAULT_STREAM_THRESHOLD);
    }

    /**
     * This client, except that {@link #addDataset} streams new files of at least {@code bytes}
     * (hashing them on the way) instead of hashing them before the upload; {@link
     * Long#MAX_VALUE}: never.
     */
    public SlipwayClient withStreamThreshold(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("the stream threshold must be at least 1 byte: " + bytes);
        }
        return new SlipwayClient(base, token, timeout, bytes);
    }

    /**
     * A client for {@code SLIPWAY_TRACKING_URI} (or the default local server) with the token in
     * {@code SLIPWAY_TOKEN}, else {@code MLFLOW_TRACKING_TOKEN}, else none.
     */
    public static SlipwayClient fromEnvironment() {
        return connect(environment(TRACKING_URI_ENV).orElse(DEFAULT_TRACKING_URI), environmentToken().orElse(null));
    }

    /** The token in {@code SLIPWAY_TOKEN}, else in {@code MLFLOW_TRACKING_TOKEN}. */
    public static Optional<String> environmentToken() {
        return environment(TOKEN_ENV).or(() -> environment(MLFLOW_TOKEN_ENV));
    }

    private static Optional<String> environment(String name) {
        return Optional.ofNullable(System.getenv(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** The token stripped, null when blank; one that cannot travel in a header fails here rather than on the first call. */
    private static String checkedToken(String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        String stripped = token.strip();
        if (stripped.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new IllegalArgumentException("Invalid API token: it contains spaces, control or non-ASCII characters.");
        }
        return stripped;
    }

    public URI trackingUri() {
        return base;
    }

    // ---- experiments ----

    public String createExperiment(String name, String artifactLocation, Map<String, String> tags) {
        return post("experiments/create", new CreateExperiment(name, artifactLocation, pairs(tags)), CreateExperimentResponse.class)
                .experimentId();
    }

    public Experiment getExperiment(String experimentId) {
        return get("experiments/get", Map.of("experiment_id", List.of(experimentId)), ExperimentResponse.class).experiment();
    }

    /** The experiment with this name (deleted ones included), or empty when there is none. */
    public Optional<Experiment> findExperimentByName(String name) {
        try {
            return Optional.of(get("experiments/get-by-name", Map.of("experiment_name", List.of(name)), ExperimentResponse.class)
                    .experiment());
        } catch (SlipwayClientException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public Page<Experiment> searchExperiments(String filter, ViewType viewType, Long maxResults, List<String> orderBy, String pageToken) {
        SearchExperimentsResponse response = post("experiments/search",
                new SearchExperiments(maxResults, pageToken, filter, orderBy, viewType), SearchExperimentsResponse.class);
        return new Page<>(nullToEmpty(response.experiments()), emptyToNull(response.nextPageToken()));
    }

    public void renameExperiment(String experimentId, String newName) {
        post("experiments/update", new UpdateExperiment(experimentId, newName), JsonNode.class);
    }

    public void deleteExperiment(String experimentId) {
        post("experiments/delete", new ExperimentId(experimentId), JsonNode.class);
    }

    public void restoreExperiment(String experimentId) {
        post("experiments/restore", new ExperimentId(experimentId), JsonNode.class);
    }

    public void setExperimentTag(String experimentId, String key, String value) {
        post("experiments/set-experiment-tag", new SetExperimentTag(experimentId, key, value), JsonNode.class);
    }

    // ---- runs ----

    public Run createRun(String experimentId, String runName, Map<String, String> tags) {
        return post("runs/create", new CreateRun(experimentId, System.getProperty("user.name"), runName, System.currentTimeMillis(),
                pairs(tags)), RunResponse.class).run();
    }

    public Run getRun(String runId) {
        return get("runs/get", Map.of("run_id", List.of(runId)), RunResponse.class).run();
    }

    public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
        return post("runs/update", new UpdateRun(runId, null, status, endTime, runName), UpdateRunResponse.class).runInfo();
    }

    /** Marks a run finished now. */
    public RunInfo finishRun(String runId) {
        return updateRun(runId, RunStatus.FINISHED, System.currentTimeMillis(), null);
    }

    public void deleteRun(String runId) {
        post("runs/delete", new RunRef(runId, null), JsonNode.class);
    }

    public void restoreRun(String runId) {
        post("runs/restore", new RunRef(runId, null), JsonNode.class);
    }

    /** Logs metrics, params and tags in one atomic request (at most 1000 metrics, 100 params, 100 tags). */
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
        List<MetricInput> metricInputs = metrics.stream().map(m -> new MetricInput(m.key(), m.value(), m.timestamp(), m.step())).toList();
        List<KeyValue> paramPairs = params.stream().map(p -> new KeyValue(p.key(), p.value())).toList();
        List<KeyValue> tagPairs = tags.stream().map(t -> new KeyValue(t.key(), t.value())).toList();
        post("runs/log-batch", new LogBatch(runId, null, metricInputs, paramPairs, tagPairs), JsonNode.class);
    }

    public void logMetric(String runId, String key, double value, long timestamp, long step) {
        logBatch(runId, List.of(new Metric(key, value, timestamp, step)), List.of(), List.of());
    }

    public void logParam(String runId, String key, String value) {
        logBatch(runId, List.of(), List.of(new Param(key, value)), List.of());
    }

    public void setTag(String runId, String key, String value) {
        post("runs/set-tag", new SetTag(runId, null, key, value), JsonNode.class);
    }

    public void deleteTag(String runId, String key) {
        post("runs/delete-tag", new DeleteTag(runId, null, key), JsonNode.class);
    }

    public void logInputs(String runId, List<DatasetInputMessage> datasets) {
        post("runs/log-inputs", new LogInputs(runId, datasets), JsonNode.class);
    }

    public Page<Run> searchRuns(List<String> experimentIds, String filter, ViewType viewType, Integer maxResults,
            List<String> orderBy, String pageToken) {
        SearchRunsResponse response = post("runs/search",
                new SearchRuns(experimentIds, filter, viewType, maxResults, orderBy, pageToken), SearchRunsResponse.class);
        return new Page<>(nullToEmpty(response.runs()), emptyToNull(response.nextPageToken()));
    }

    /**
     * The whole history of one metric, fetched page by page and parsed as it streams in (a
     * history can hold millions of points).
     */
    public List<Metric> getMetricHistory(String runId, String key) {
        List<Metric> all = new ArrayList<>();
        String token = null;
        do {
            token = readHistoryPage(runId, key, token, all);
        } while (token != null);
        return all;
    }

    private String readHistoryPage(String runId, String key, String pageToken, List<Metric> into) {
        StringBuilder uri = new StringBuilder(base + API + "metrics/get-history?run_id=").append(encode(runId))
                .append("&metric_key=").append(encode(key)).append("&max_results=").append(HISTORY_PAGE_SIZE);
        if (pageToken != null) {
            uri.append("&page_token=").append(encode(pageToken));
        }
        HttpRequest request = newRequest(URI.create(uri.toString())).GET().build();
        HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() >= 300) {
                throw error(response.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8), request);
            }
            try (JsonParser json = mapper.getFactory().createParser(in)) {
                return MetricHistoryReader.read(json, into);
            } catch (JsonProcessingException e) {
                throw new SlipwayClientException(response.statusCode(), "INVALID_RESPONSE",
                        "GET " + request.uri().getPath() + " answered with something that is not a metric history: " + e.getOriginalMessage());
            }
        } catch (IOException e) {
            throw unreachable(request, e);
        }
    }

    // ---- model registry: registered models ----

    public RegisteredModel createRegisteredModel(String name, String description, Map<String, String> tags) {
        return post("registered-models/create", new CreateRegisteredModel(name, pairs(tags), description), RegisteredModelResponse.class)
                .registeredModel();
    }

    public RegisteredModel getRegisteredModel(String name) {
        return get("registered-models/get", Map.of("name", List.of(name)), RegisteredModelResponse.class).registeredModel();
    }

    /** The registered model with this name, or empty when there is none. */
    public Optional<RegisteredModel> findRegisteredModel(String name) {
        try {
            return Optional.of(getRegisteredModel(name));
        } catch (SlipwayClientException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public RegisteredModel renameRegisteredModel(String name, String newName) {
        return post("registered-models/rename", new RenameRegisteredModel(name, newName), RegisteredModelResponse.class)
                .registeredModel();
    }

    /** Replaces the model's description. */
    public RegisteredModel updateRegisteredModel(String name, String description) {
        return patch("registered-models/update", new UpdateRegisteredModel(name, description), RegisteredModelResponse.class)
                .registeredModel();
    }

    /** Deletes the model with all its versions. */
    public void deleteRegisteredModel(String name) {
        delete("registered-models/delete", new ModelName(name));
    }

    public Page<RegisteredModel> searchRegisteredModels(String filter, Long maxResults, List<String> orderBy, String pageToken) {
        SearchRegisteredModelsResponse response = post("registered-models/search",
                new SearchRegisteredModels(filter, maxResults, orderBy, pageToken), SearchRegisteredModelsResponse.class);
        return new Page<>(nullToEmpty(response.registeredModels()), emptyToNull(response.nextPageToken()));
    }

    public void setRegisteredModelTag(String name, String key, String value) {
        post("registered-models/set-tag", new SetRegisteredModelTag(name, key, value), JsonNode.class);
    }

    public void deleteRegisteredModelTag(String name, String key) {
        delete("registered-models/delete-tag", new DeleteRegisteredModelTag(name, key));
    }

    /** The newest version in each of {@code stages} (e.g. "Production"), or in every stage when none is given. */
    public List<ModelVersion> getLatestVersions(String name, List<String> stages) {
        return nullToEmpty(post("registered-models/get-latest-versions", new GetLatestVersions(name, stages), ModelVersionsResponse.class)
                .modelVersions());
    }

    // ---- model registry: aliases ----

    /** Points {@code alias} (e.g. "champion") at a version, moving it from whichever version had it. */
    public void setAlias(String name, String alias, String version) {
        post("registered-models/alias", new SetAlias(name, alias, version), JsonNode.class);
    }

    public void deleteAlias(String name, String alias) {
        delete("registered-models/alias", new AliasRef(name, alias));
    }

    public ModelVersion getModelVersionByAlias(String name, String alias) {
        return get("registered-models/alias", Map.of("name", List.of(name), "alias", List.of(alias)), ModelVersionResponse.class)
                .modelVersion();
    }

    // ---- model registry: model versions ----

    /**
     * Registers a new version of an existing model from {@code source}, e.g. {@code runs:/<run_id>/model}
     * or an {@code mlflow-artifacts:} URI; {@code runId} may be null.
     */
    public ModelVersion createModelVersion(String name, String source, String runId, String description, Map<String, String> tags) {
        return post("model-versions/create", new CreateModelVersion(name, source, runId, pairs(tags), null, description),
                ModelVersionResponse.class).modelVersion();
    }

    public ModelVersion getModelVersion(String name, String version) {
        return get("model-versions/get", Map.of("name", List.of(name), "version", List.of(version)), ModelVersionResponse.class)
                .modelVersion();
    }

    /** Replaces the version's description. */
    public ModelVersion updateModelVersion(String name, String version, String description) {
        return patch("model-versions/update", new UpdateModelVersion(name, version, description), ModelVersionResponse.class)
                .modelVersion();
    }

    /** Moves a version to a stage (None, Staging, Production, Archived), optionally archiving the others in that stage. */
    public ModelVersion transitionStage(String name, String version, String stage, boolean archiveExisting) {
        return post("model-versions/transition-stage", new TransitionStage(name, version, stage, archiveExisting),
                ModelVersionResponse.class).modelVersion();
    }

    public void deleteModelVersion(String name, String version) {
        delete("model-versions/delete", new ModelVersionRef(name, version));
    }

    /** Versions of any model matching {@code filter}, e.g. {@code name = 'fraud'} or {@code run_id = '...'}. */
    public Page<ModelVersion> searchModelVersions(String filter, Long maxResults, List<String> orderBy, String pageToken) {
        SearchModelVersionsResponse response = post("model-versions/search",
                new SearchModelVersions(filter, maxResults, orderBy, pageToken), SearchModelVersionsResponse.class);
        return new Page<>(nullToEmpty(response.modelVersions()), emptyToNull(response.nextPageToken()));
    }

    public void setModelVersionTag(String name, String version, String key, String value) {
        post("model-versions/set-tag", new SetModelVersionTag(name, version, key, value), JsonNode.class);
    }

    public void deleteModelVersionTag(String name, String version, String key) {
        delete("model-versions/delete-tag", new DeleteModelVersionTag(name, version, key));
    }

    /** Where the version's files are, e.g. {@code mlflow-artifacts:/1/<run_id>/artifacts/model}. */
    public String getModelVersionDownloadUri(String name, String version) {
        return get("model-versions/get-download-uri", Map.of("name", List.of(name), "version", List.of(version)),
                DownloadUriResponse.class).artifactUri();
    }

    /**
     * The version a {@code models:/} URI names: {@code models:/fraud/3}, {@code models:/fraud@champion},
     * {@code models:/fraud/Production} (the newest version in that stage) or {@code models:/fraud/latest}
     * (the newest version). A malformed URI fails before any request (status 0); a stage or
     * {@code latest} without versions fails as the server's own resolution would (404).
     */
    public ModelVersion resolveModel(String modelUri) {
        ModelUri uri;
        try {
            uri = ModelUri.parse(modelUri);
        } catch (SlipwayException e) {
            throw new SlipwayClientException(0, e.errorCode().wireName(), e.getMessage());
        }
        return switch (uri.kind()) {
            case VERSION -> getModelVersion(uri.name(), uri.reference());
            case ALIAS -> getModelVersionByAlias(uri.name(), uri.reference());
            case LATEST -> getLatestVersions(uri.name(), List.of()).stream().max(Comparator.comparingInt(ModelVersion::number))
                    .orElseThrow(() -> noVersion("Registered model '" + uri.name() + "' has no versions."));
            case STAGE -> getLatestVersions(uri.name(), List.of(uri.reference())).stream().findFirst()
                    .orElseThrow(() -> noVersion("Registered model '" + uri.name() + "' has no version in stage " + uri.reference() + "."));
        };
    }

    private static SlipwayClientException noVersion(String message) {
        return new SlipwayClientException(404, "RESOURCE_DOES_NOT_EXIST", message);
    }

    // ---- governance: users and tokens ----

    /** Who the token belongs to, and whether the server checks tokens at all. */
    public MeResponse me() {
        return slipwayGet("users/me", Map.of(), MeResponse.class);
    }

    public User createUser(String username, boolean admin) {
        return slipwayPost("users/create", new CreateUser(username, admin), UserResponse.class).user();
    }

    public User getUser(String username) {
        return slipwayGet("users/get", query("username", username), UserResponse.class).user();
    }

    public List<User> listUsers() {
        return nullToEmpty(slipwayGet("users/list", Map.of(), UsersResponse.class).users());
    }

    public User setAdmin(String username, boolean admin) {
        return slipwayPatch("users/update", new UpdateUser(username, admin), UserResponse.class).user();
    }

    /** Deletes the user with their tokens and permission grants. */
    public void deleteUser(String username) {
        slipwayDelete("users/delete", new Username(username));
    }

    /**
     * Issues a token for {@code username} (null: the caller) that expires at {@code expirationTimestamp}
     * (epoch ms) or in {@code expiresInDays} (at most one of them; neither: never). The answer holds
     * the secret, which the server shows this once only.
     */
    public TokenCreated createToken(String username, String name, Long expirationTimestamp, Integer expiresInDays) {
        return slipwayPost("tokens/create", new CreateToken(username, name, expirationTimestamp, expiresInDays), TokenCreated.class);
    }

    /** The tokens of {@code username} (null: the caller), revoked and expired ones included; never their secrets. */
    public List<ApiToken> listTokens(String username) {
        return nullToEmpty(slipwayGet("tokens/list", query("username", username), TokensResponse.class).tokens());
    }

    public ApiToken revokeToken(String id) {
        return slipwayPost("tokens/revoke", new TokenRef(id), TokenResponse.class).token();
    }

    // ---- governance: permission grants ----

    public PermissionGrant setPermission(String username, ResourceType type, String resourceId, Permission permission) {
        return slipwayPost("permissions/set", new SetPermission(username, type.wireName(), resourceId, permission.name()),
                PermissionResponse.class).permission();
    }

    public void deletePermission(String username, ResourceType type, String resourceId) {
        slipwayDelete("permissions/delete", new PermissionRef(username, type.wireName(), resourceId));
    }

    /** Grants filtered by user, resource type and resource id; null matches any. */
    public List<PermissionGrant> listPermissions(String username, ResourceType type, String resourceId) {
        return nullToEmpty(slipwayGet("permissions/list",
                query("username", username, "resource_type", type == null ? null : type.wireName(), "resource_id", resourceId),
                PermissionsResponse.class).permissions());
    }

    // ---- governance: four-eyes promotions ----

    /** Asks that {@code alias} of model {@code name} point at {@code version}; refused (400) when a check fails now. */
    public PromotionRequest requestPromotion(String name, String version, String alias, String comment, List<PromotionCheck> checks) {
        return slipwayPost("promotions/create", new CreatePromotion(name, version, alias, comment, checks), PromotionResponse.class)
                .promotionRequest();
    }

    public PromotionRequest getPromotion(String id) {
        return slipwayGet("promotions/get", query("id", id), PromotionResponse.class).promotionRequest();
    }

    /** Requests newest first, of model {@code name} and in {@code status} when given; at most {@code maxResults} (null: 100). */
    public List<PromotionRequest> listPromotions(String name, PromotionStatus status, Integer maxResults) {
        return nullToEmpty(slipwayGet("promotions/list", query("name", name, "status", status == null ? null : status.name(),
                "max_results", maxResults == null ? null : maxResults.toString()), PromotionsResponse.class).promotionRequests());
    }

    /** Approves as the caller, who must not be the requester; the approval that completes the request moves the alias. */
    public PromotionRequest approvePromotion(String id, String comment) {
        return slipwayPost("promotions/approve", new DecidePromotion(id, comment), PromotionResponse.class).promotionRequest();
    }

    public PromotionRequest rejectPromotion(String id, String comment) {
        return slipwayPost("promotions/reject", new DecidePromotion(id, comment), PromotionResponse.class).promotionRequest();
    }

    /** Withdraws a pending request: its requester or an admin. */
    public PromotionRequest cancelPromotion(String id, String comment) {
        return slipwayPost("promotions/cancel", new DecidePromotion(id, comment), PromotionResponse.class).promotionRequest();
    }

    // ---- governance: audit trail ----

    /** One page of audit events, oldest first; {@code nextAfterSeq} of the answer asks for the next page. */
    public AuditEventsResponse auditEvents(AuditEventsQuery filter) {
        return slipwayGet("audit/events", query("actor", filter.actor(), "target", filter.target(), "action", filter.action(),
                "from_timestamp", string(filter.fromTimestamp()), "to_timestamp", string(filter.toTimestamp()),
                "after_seq", string(filter.afterSeq()), "max_results", string(filter.maxResults())), AuditEventsResponse.class);
    }

    /**
     * Hands every audit event matching {@code filter} to {@code action}, oldest first, page after
     * page ({@code filter.maxResults()} is the page size); events are not held in memory.
     */
    public void forEachAuditEvent(AuditEventsQuery filter, Consumer<AuditEventView> action) {
        Long afterSeq = filter.afterSeq();
        int pageSize = filter.maxResults() == null ? AUDIT_PAGE_SIZE : filter.maxResults();
        do {
            AuditEventsResponse page = auditEvents(new AuditEventsQuery(filter.actor(), filter.target(), filter.action(),
                    filter.fromTimestamp(), filter.toTimestamp(), afterSeq, pageSize));
            nullToEmpty(page.events()).forEach(action);
            afterSeq = page.nextAfterSeq();
        } while (afterSeq != null);
    }

    /** Recomputes the audit log's hash chain on the server. */
    public AuditVerifyResponse verifyAudit() {
        return slipwayGet("audit/verify", Map.of(), AuditVerifyResponse.class);
    }

    // ---- governance: descriptors, model cards, lineage, alias history ----

    /** The version's MLmodel descriptor, as JSON maps and lists. */
    public Map<String, Object> getMlModel(String name, String version) {
        return slipwayGet("model-versions/mlmodel", query("name", name, "version", version), MlModelResponse.class).mlmodel();
    }

    /** The version's MLmodel descriptor as the YAML file MLflow writes. */
    public String getMlModelYaml(String name, String version) {
        return getText(SLIPWAY_API + "model-versions/mlmodel", query("name", name, "version", version, "format", "yaml"));
    }

    /** The version's model card as the server renders it: Markdown, a standalone HTML page, or {@code {"card": ...}}. */
    public String modelCard(String name, String version, CardFormat format) {
        return getText(SLIPWAY_API + "model-versions/card",
                query("name", name, "version", version, "format", format.name().toLowerCase(Locale.ROOT)));
    }

    public ModelCard getModelCard(String name, String version) {
        return slipwayGet("model-versions/card", query("name", name, "version", version, "format", "json"), CardResponse.class).card();
    }

    /** Sets the card's hand-written parts (Markdown): null leaves a part as it is, empty clears it; at least one. */
    public ModelCard updateModelCard(String name, String version, String intendedUse, String limitations) {
        return slipwayPatch("model-versions/card", new UpdateCard(name, version, intendedUse, limitations), CardResponse.class).card();
    }

    /** The version, the run it came from and the datasets that run logged as inputs. */
    public ModelLineage lineageOfModelVersion(String name, String version) {
        return slipwayGet("lineage/model-version", query("name", name, "version", version), ModelLineage.class);
    }

    /** Where a dataset ({@code digest} null: any version of it) went: the runs that used it and the versions registered from them. */
    public DatasetLineage lineageOfDataset(String name, String digest) {
        return slipwayGet("lineage/dataset", query("name", name, "digest", digest), DatasetLineage.class);
    }

    /** The runs that used a dataset version (latest when {@code version} is null) and the model versions registered from them. */
    public DatasetLineage lineageOfDatasetVersion(String name, Integer version) {
        return slipwayGet("lineage/dataset-version", query("name", name, "version", version == null ? null : version.toString()),
                DatasetLineage.class);
    }

    /** Every move of every alias of the model, oldest first. */
    public List<AliasEvent> aliasHistory(String name) {
        return nullToEmpty(slipwayGet("registered-models/alias-history", query("name", name), AliasHistoryResponse.class).aliasEvents());
    }

    // ---- artifacts ----

    public ListArtifactsResponse listArtifacts(String runId, String path) {
        return get("artifacts/list", query("run_id", runId, "path", path), ListArtifactsResponse.class);
    }

    /** Uploads a local file to {@code artifactPath} inside the run's artifact root, streamed. */
    public void uploadArtifact(String runId, String artifactPath, Path file) {
        uploadArtifactUnder(getRun(runId).info().artifactUri(), artifactPath, file);
    }

    /**
     * Uploads a local file to {@code artifactPath} below {@code artifactRootUri} (a run's
     * {@code mlflow-artifacts:} artifact root, as {@code runs/get} gives it), streamed: what
     * {@link #uploadArtifact} does, without looking the run up again for each file.
     */
    public void uploadArtifactUnder(String artifactRootUri, String artifactPath, Path file) {
        String target = proxyPath(artifactRootUri, artifactPath);
        try {
            HttpRequest request = newRequest(URI.create(base + ARTIFACTS + encodePath(target)))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file))
                    .build();
            send(request, JsonNode.class);
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalArgumentException("No such file: " + file, e);
        }
    }

    /** Downloads one artifact of a run to a local file (written to a temporary name, then moved). */
    public void downloadArtifact(String runId, String artifactPath, Path destination) {
        download(proxyPath(getRun(runId).info().artifactUri(), artifactPath), destination);
    }

    /**
     * What is directly inside the artifact directory {@code artifactUri} (an {@code mlflow-artifacts:}
     * URI such as a model version's download URI), by base name; empty when it has nothing.
     */
    public List<FileInfo> listArtifactDirectory(String artifactUri) {
        return nullToEmpty(getFrom(ARTIFACT_LISTING, Map.of("path", List.of(proxyPath(artifactUri, ""))), ProxyListResponse.class).files());
    }

    /** Downloads the artifact file at {@code artifactUri} (an {@code mlflow-artifacts:} URI) to a local file. */
    public void downloadArtifactFile(String artifactUri, Path destination) {
        download(proxyPath(artifactUri, ""), destination);
    }

    private void download(String proxyPath, Path destination) {
        HttpRequest request = newRequest(URI.create(base + ARTIFACTS + encodePath(proxyPath))).GET().build();
        HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() >= 300) {
                throw error(response.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8), request);
            }
            saveAtomically(in, destination);
        } catch (IOException e) {
            throw unreachable(request, e);
        }
    }

    /** Something to check once the bytes are written and before they move into place. */
    @FunctionalInterface
    private interface BeforeMove {
        void check() throws IOException;
    }

    private static void saveAtomically(InputStream in, Path destination) throws IOException {
        saveAtomically(in, destination, () -> { });
    }

    /** Writes to a temporary file beside {@code destination}, then, when {@code beforeMove} passes, moves it there in one step. */
    private static void saveAtomically(InputStream in, Path destination, BeforeMove beforeMove) throws IOException {
        Path parent = destination.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, ".download-", ".part");
            try {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                beforeMove.check();
                Files.move(temp, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            if (e instanceof java.nio.file.FileSystemException local) {
                throw new UncheckedIOException("Cannot save the download to " + destination + ": " + local.getClass().getSimpleName()
                        + " " + local.getFile() + (local.getReason() == null ? "" : " (" + local.getReason() + ")"), local);
            }
            throw e;
        }
    }

    /** The proxy's path for {@code relativePath} inside {@code artifactUri}, e.g. {@code 1/<run_id>/artifacts/model}. */
    private static String proxyPath(String artifactUri, String relativePath) {
        if (!artifactUri.startsWith("mlflow-artifacts:")) {
            throw new SlipwayClientException(0, "INVALID_PARAMETER_VALUE",
                    "The artifact URI '" + artifactUri + "' is not served by the artifact proxy.");
        }
        String root = artifactUri.substring("mlflow-artifacts:".length()).replaceFirst("^//[^/]*", "")
                .replaceFirst("^/+", "").replaceFirst("/+$", "");
        String relative = relativePath.replaceFirst("^/+", "");
        return root.isEmpty() || relative.isEmpty() ? root + relative : root + "/" + relative;
    }

    private static String encodePath(String path) {
        StringBuilder encoded = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (encoded.length() > 0) {
                encoded.append('/');
            }
            encoded.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return encoded.toString();
    }

    // ---- datasets ----

    /** Starts adding a version: the server records the manifest and answers which blobs it lacks. */
    public UploadCreated createDatasetUpload(CreateUpload upload) {
        return slipwayPost("datasets/uploads/create", upload, UploadCreated.class);
    }

    /** Uploads {@code file} as blob {@code sha256}, streamed; the server verifies the bytes against the address. */
    public void uploadDatasetBlob(String sha256, Path file, LongConsumer bytesSent) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        HttpRequest request = newRequest(URI.create(base + SLIPWAY_API + "datasets/blobs/" + sha256))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return new CountingInputStream(Files.newInputStream(file), bytesSent);
                    } catch (IOException e) {
                        throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
                    }
                }), size))
                .build();
        send(request, JsonNode.class);
    }

    /** Which of {@code sizes} some stored version's or pending upload's file has: a file of another size is not stored yet. */
    public List<Long> knownDatasetFileSizes(List<Long> sizes) {
        return nullToEmpty(slipwayPost("datasets/blobs/sizes", new BlobSizes(sizes), KnownSizes.class).knownSizes());
    }

    /**
     * Uploads {@code file}, which has {@code size} bytes, as a blob whose address the server works
     * out: it hashes the bytes as they arrive and answers the blob. The caller checks the file did
     * not change while it was read (the answer is the hash of what was read).
     *
     * <p>This one request goes through {@link HttpURLConnection}, not the {@link HttpClient}: for
     * a body of gigabytes it costs a third less CPU (one copy of each chunk instead of three, see
     * BENCHMARKS.md, "Data add of one big file"), and on two cores the client's CPU is taken from
     * the server's hashing.
     */
    public StoredBlob streamDatasetBlob(Path file, long size, LongConsumer bytesSent) {
        String what = "POST " + SLIPWAY_API + "datasets/blobs/stream";
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) URI.create(base + SLIPWAY_API + "datasets/blobs/stream").toURL().openConnection();
            connection.setRequestMethod("POST");
        } catch (IOException e) {
            throw unreachable(e);
        }
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(size);
        connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        connection.setRequestProperty("Content-Type", "application/octet-stream");
        if (token != null) {
            connection.setRequestProperty("Authorization", "Bearer " + token);
        }
        try (FileChannel in = FileChannel.open(file)) {
            try (OutputStream out = connection.getOutputStream()) {
                byte[] chunk = new byte[STREAM_CHUNK_BYTES];
                ByteBuffer buffer = ByteBuffer.wrap(chunk);
                for (long sent = 0; sent < size; ) {
                    buffer.clear().limit((int) Math.min(chunk.length, size - sent));
                    int n = in.read(buffer);
                    if (n < 0) {
                        throw new UncheckedIOException(new IOException("data file changed while being uploaded (" + size
                                + " bytes when listed, " + sent + " read): " + file));
                    }
                    out.write(chunk, 0, n);
                    sent += n;
                    bytesSent.accept(n);
                }
            } catch (IOException e) {
                // the server may have answered early (401, 413, ...) and closed: its answer says more than the broken pipe
                if (answered(connection) < 0) {
                    throw unreachable(e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            int status = connection.getResponseCode();
            InputStream answer = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String body = answer == null ? "" : new String(answer.readAllBytes(), StandardCharsets.UTF_8);
            if (status >= 300) {
                throw error(status, body, what);
            }
            StoredBlob stored = mapper.readValue(body, StoredBlob.class);
            if (stored.size() != size || !DatasetFile.isSha256(stored.sha256())) {
                throw new SlipwayClientException(0, "DIGEST_MISMATCH", "The server stored " + file + " as " + stored.size()
                        + " bytes with SHA-256 " + stored.sha256() + ", but " + size + " bytes were sent.");
            }
            return stored;
        } catch (IOException e) {
            throw unreachable(e);
        } finally {
            connection.disconnect();
        }
    }

    /** The status the server answered with, or -1 when there is none to read. */
    private static int answered(HttpURLConnection connection) {
        try {
            return connection.getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Makes the upload a version once all its blobs are stored; the latest version when it has the same content. */
    public DatasetVersion commitDatasetUpload(String uploadId) {
        return slipwayPost("datasets/uploads/commit", new CommitUpload(uploadId), DatasetVersionResponse.class).datasetVersion();
    }

    /** The datasets the caller may read. */
    public List<DatasetSummary> listDatasets() {
        return nullToEmpty(slipwayGet("datasets/list", Map.of(), DatasetsResponse.class).datasets());
    }

    /** The dataset's versions, newest first, without their files. */
    public List<DatasetVersion> listDatasetVersions(String name) {
        return nullToEmpty(slipwayGet("datasets/versions", query("name", name), DatasetVersionsResponse.class).datasetVersions());
    }

    /** One version with its files; {@code version} null means the latest. */
    public DatasetVersion getDatasetVersion(String name, Integer version) {
        return slipwayGet("datasets/get", query("name", name, "version", string(version)), DatasetVersionResponse.class).datasetVersion();
    }

    public DatasetDiff diffDatasetVersions(String name, int from, int to) {
        return slipwayGet("datasets/diff", query("name", name, "from", string(from), "to", string(to)), DiffResponse.class).diff();
    }

    // ---- dataset validations ----

    /**
     * Has the server check a version ({@code version} null: the latest) against an expectation
     * suite (its YAML text) and store the report with it; answers the stored validation.
     */
    public ValidationView validateDatasetVersion(String name, Integer version, String suiteYaml) {
        return slipwayPost("datasets/validations/create", new CreateValidation(name, version, suiteYaml), ValidationResponse.class)
                .validation();
    }

    /** Validations of a version ({@code version} null: of every version), newest first, without suites and reports. */
    public List<ValidationView> listDatasetValidations(String name, Integer version, Integer maxResults) {
        return nullToEmpty(slipwayGet("datasets/validations/list", query("name", name, "version", string(version),
                "max_results", string(maxResults)), ValidationsResponse.class).validations());
    }

    /** One validation with its suite and report. */
    public ValidationView getDatasetValidation(String id) {
        return slipwayGet("datasets/validations/get", query("id", id), ValidationResponse.class).validation();
    }

    /** A suite (YAML) the server proposes from the version's profile, checked against its data. */
    public String suggestDatasetSuite(String name, Integer version) {
        return slipwayGet("datasets/suggest", query("name", name, "version", string(version)), SuggestResponse.class).suite();
    }

    // ---- deployments ----

    /**
     * A deployment named {@code name} serving what {@code modelUri} resolves to now; {@code rollout}
     * null for DIRECT, {@code rollback} null for no automatic rollback. Durations travel in whole
     * seconds, so a rollout step or rollback window is rounded down to one.
     */
    public Deployment createDeployment(String name, String modelUri, String description, Rollout rollout, RollbackPolicy rollback) {
        return slipwayPost("deployments/create", new CreateDeployment(name, modelUri, description,
                rollout == null ? null : RolloutView.of(rollout), RollbackView.of(rollback)), DeploymentResponse.class)
                .deployment().toDeployment();
    }

    public Deployment getDeployment(String name) {
        return slipwayGet("deployments/get", query("name", name), DeploymentResponse.class).deployment().toDeployment();
    }

    /** The deployments this user may read, by name. */
    public List<Deployment> listDeployments() {
        return nullToEmpty(slipwayGet("deployments/list", query(), DeploymentsResponse.class).deployments()).stream()
                .map(DeploymentView::toDeployment).toList();
    }

    public void deleteDeployment(String name) {
        slipwayPost("deployments/delete", new DeploymentName(name), JsonNode.class);
    }

    /** Rolls {@code version} out beside the stable one: a CANARY taking {@code percent} of the requests, or a SHADOW (percent null or 0). */
    public Deployment setDeploymentCandidate(String name, String version, RolloutMode mode, Integer percent) {
        return slipwayPost("deployments/set-candidate", new SetCandidate(name, version, mode, percent), DeploymentResponse.class)
                .deployment().toDeployment();
    }

    public Deployment setDeploymentPercent(String name, int percent) {
        return slipwayPost("deployments/set-percent", new SetPercent(name, percent), DeploymentResponse.class).deployment().toDeployment();
    }

    public Deployment promoteDeployment(String name) {
        return slipwayPost("deployments/promote", new DeploymentName(name), DeploymentResponse.class).deployment().toDeployment();
    }

    /**
     * Drops the candidate, or without one takes the stable version back to the one it replaced; with
     * {@code candidateVersion}, only if the candidate is still that version.
     */
    public Deployment rollbackDeployment(String name, String reason, String candidateVersion) {
        return slipwayPost("deployments/rollback", new RollbackDeployment(name, reason, candidateVersion), DeploymentResponse.class)
                .deployment().toDeployment();
    }

    /** The deployment's last events, newest first; {@code maxResults} null for the server's default (100). */
    public List<DeploymentEvent> deploymentEvents(String name, Integer maxResults) {
        return nullToEmpty(slipwayGet("deployments/events", query("name", name, "max_results", string(maxResults)), EventsResponse.class)
                .events());
    }

    // ---- trainings run by the server ----

    /**
     * Has the server train as {@code specYaml} says (the spec of {@code slipway train}), as this
     * client's user, and register the model as a new version of {@code registerAs} (null: not at all).
     * Answers at once with the training QUEUED or RUNNING; a full queue is TEMPORARILY_UNAVAILABLE (503).
     */
    public TrainingView submitTraining(String specYaml, String registerAs) {
        return slipwayPost("trainings/create", new CreateTraining(specYaml, registerAs), TrainingResponse.class).training();
    }

    public TrainingView getTraining(String id) {
        return slipwayGet("trainings/get", query("id", id), TrainingResponse.class).training();
    }

    /** This user's trainings (an admin's: everyone's), newest first; {@code maxResults} null for the server's default. */
    public List<TrainingView> listTrainings(Integer maxResults) {
        return nullToEmpty(slipwayGet("trainings/list", query("max_results", string(maxResults)), TrainingsResponse.class).trainings());
    }

    /** Waits until the training has FINISHED or FAILED and answers it; TIMEOUT when {@code timeout} passes first. */
    public TrainingView awaitTraining(String id, Duration timeout) {
        return awaitTraining(id, timeout, training -> {});
    }

    /**
     * As {@link #awaitTraining(String, Duration)}, telling {@code onChange} the training each time
     * its status changes (and first as it is). Polls, from every 100 ms up to every 2 s.
     */
    public TrainingView awaitTraining(String id, Duration timeout, Consumer<TrainingView> onChange) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 100;
        TrainingStatus last = null;
        while (true) {
            TrainingView training = getTraining(id);
            if (training.status() != last) {
                onChange.accept(training);
                last = training.status();
            }
            if (training.status().isFinal()) {
                return training;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SlipwayClientException(0, "TIMEOUT", "Training " + id + " is still " + training.status() + " after "
                        + timeout.toSeconds() + " s.");
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SlipwayClientException(0, "INTERRUPTED", "Interrupted while waiting for training " + id);
            }
            pause = Math.min(pause * 2, 2000);
        }
    }

    // ---- the prediction log ----

    /** Sends ground truth for a deployment's logged predictions (at most 1000 items); answers how many were accepted. */
    public int sendFeedback(String deployment, List<FeedbackItem> feedback) {
        return slipwayPost("predictions/feedback", new SendFeedback(deployment, feedback), FeedbackAccepted.class).accepted();
    }

    /**
     * A deployment's logged predictions from {@code from} to {@code to} (UTC dates, null for the
     * server's defaults: the last seven days), newest first, with their latest ground truth, matched
     * by prediction id or, with {@code keyColumn}, by that input's value.
     */
    public List<PredictionView> searchPredictions(String deployment, LocalDate from, LocalDate to, Integer maxResults, String keyColumn) {
        return nullToEmpty(slipwayGet("predictions/search", query("deployment", deployment, "from", from == null ? null : from.toString(),
                "to", to == null ? null : to.toString(), "max_results", string(maxResults), "key_column", keyColumn),
                PredictionsResponse.class).predictions());
    }

    /** Stores a prediction log segment a replica wrote at {@code relativePath} ({@code predictions/deployment=NAME/date=.../part-....parquet}). */
    public void uploadPredictionSegment(String relativePath, Path file) {
        HttpRequest request;
        try {
            request = newRequest(URI.create(base + SLIPWAY_API + "predictions/segments/" + relativePath))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        send(request, SegmentStored.class);
    }

    /**
     * Downloads one file of a version to {@code destination}, streamed, checking its SHA-256 and
     * size on the way; the file appears (atomically) only when they match.
     */
    public void downloadDatasetFile(String name, int version, DatasetFile file, Path destination, LongConsumer bytesReceived) {
        HttpRequest request = getRequest(SLIPWAY_API + "datasets/blobs/" + file.sha256(), query("name", name, "version", string(version)));
        HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest digest = FileDigests.newSha256();
        try (InputStream in = response.body()) {
            if (response.statusCode() >= 300) {
                throw error(response.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8), request);
            }
            CountingInputStream counted = new CountingInputStream(new DigestInputStream(in, digest), bytesReceived);
            saveAtomically(counted, destination, () -> {
                String actual = HexFormat.of().formatHex(digest.digest());
                if (counted.count() != file.size() || !actual.equals(file.sha256())) {
                    throw new SlipwayClientException(0, "DIGEST_MISMATCH", "The download of " + file.path() + " has SHA-256 " + actual + " and " + counted.count()
                            + " bytes, not " + file.sha256() + " and " + file.size() + "; it was not saved.");
                }
            });
        } catch (IOException e) {
            throw unreachable(request, e);
        }
    }

    /**
     * Adds {@code path} (a file or a directory) as the next version of dataset {@code name}:
     * builds its manifest (unchanged files come from {@code cache}, not re-read), uploads only the
     * blobs the server lacks, and commits. An interrupted add resumes by running it again: what
     * landed is not sent twice. Adding unchanged content answers the latest version.
     *
     * <p>New files of at least the stream threshold (64 MiB unless {@link #withStreamThreshold}
     * says otherwise) whose size no stored file has are streamed instead of hashed first: read
     * once, hashed while they upload, so a big first add costs about one pass over the bytes.
     * Their hashes go to {@code cache} as soon as the server has them. A file whose size some
     * stored file has may be stored already, so it is hashed first and sent only when missing.
     */
    public AddedDataset addDataset(Path path, String name, AddDatasetOptions options, TransferProgress progress, HashCache cache)
            throws IOException {
        StreamedFiles streamed = new StreamedFiles(progress);
        DatasetManifest manifest = new ManifestBuilder(cache).build(path, progress, streamed);
        UploadCreated upload = createDatasetUpload(new CreateUpload(name, manifest.files(), options.format(), options.schema(),
                options.rowCount(), options.profile(), options.source(), options.description(), options.tags()));
        Map<String, Path> local = localFiles(path, manifest);
        Set<String> lacking = new HashSet<>(upload.missingBlobs());
        Map<String, DatasetFile> missing = new LinkedHashMap<>();
        for (DatasetFile file : manifest.files()) {
            if (lacking.contains(file.sha256())) {
                missing.putIfAbsent(file.sha256(), file);
            }
        }
        long bytes = missing.values().stream().mapToLong(DatasetFile::size).sum();
        progress.transferPlanned(missing.size(), bytes);
        for (DatasetFile file : missing.values()) {
            uploadDatasetBlob(file.sha256(), local.get(file.path()), progress::bytesTransferred);
            progress.fileTransferred(file.path(), file.size());
        }
        Optional<DatasetVersion> before = latestVersion(name);
        DatasetVersion committed = commitDatasetUpload(upload.uploadId());
        boolean created = before.map(latest -> latest.version() != committed.version()).orElse(true);
        return new AddedDataset(committed, created, missing.size() + streamed.sha256s.size(), bytes + streamed.bytes);
    }

    /**
     * The {@link ManifestBuilder.Delegate} of {@link #addDataset}: streams the files at or above
     * the threshold whose size no stored file has (and no other file of this add: two of the same
     * size may be one content), so each is read once and hashed while it uploads.
     */
    private final class StreamedFiles implements ManifestBuilder.Delegate {
        private final TransferProgress progress;
        final Set<String> sha256s = new HashSet<>();
        long bytes;

        StreamedFiles(TransferProgress progress) {
            this.progress = progress;
        }

        @Override
        public void hash(List<ManifestBuilder.PendingFile> files, ManifestBuilder.Progress ignored, ManifestBuilder.HashedFiles hashed)
                throws IOException {
            List<ManifestBuilder.PendingFile> big = files.stream().filter(file -> file.state().size() >= streamThreshold).toList();
            if (big.isEmpty()) {
                return;
            }
            Map<Long, Long> sameSize = big.stream().collect(Collectors.groupingBy(file -> file.state().size(), Collectors.counting()));
            Set<Long> known = new HashSet<>(knownDatasetFileSizes(List.copyOf(sameSize.keySet())));
            for (ManifestBuilder.PendingFile file : big) {
                long size = file.state().size();
                if (known.contains(size) || sameSize.get(size) > 1) {
                    continue;
                }
                StoredBlob stored = streamDatasetBlob(file.file(), size, progress::bytesHashed);
                if (!FileState.read(file.file()).equals(file.state())) {
                    throw new IOException("data file changed while being uploaded: " + file.file());
                }
                hashed.accept(file, stored.sha256());
                progress.fileHashed(file.name(), size);
                sha256s.add(stored.sha256());
                bytes += size;
            }
        }
    }

    /** As {@link #addDataset(Path, String, AddDatasetOptions, TransferProgress, HashCache)} with the default hash cache. */
    public AddedDataset addDataset(Path path, String name, AddDatasetOptions options, TransferProgress progress) throws IOException {
        try (HashCache cache = HashCache.openDefault()) {
            return addDataset(path, name, options, progress, cache);
        }
    }

    /**
     * Downloads every file of a version into the directory {@code destination}, each verified by
     * its SHA-256 and written atomically; answers the version.
     */
    public DatasetVersion downloadDataset(String name, Integer version, Path destination, TransferProgress progress) {
        DatasetVersion got = getDatasetVersion(name, version);
        Path root = destination.toAbsolutePath().normalize();
        progress.transferPlanned(got.files().size(), got.totalSize());
        for (DatasetFile file : got.files()) {
            DatasetFile.validatePath(file.path(), "path");
            Path target = root.resolve(file.path()).normalize();
            if (!target.startsWith(root)) {
                throw new IllegalStateException("The server sent a path outside the destination: " + file.path());
            }
            downloadDatasetFile(name, got.version(), file, target, progress::bytesTransferred);
            progress.fileTransferred(file.path(), file.size());
        }
        return got;
    }

    private Optional<DatasetVersion> latestVersion(String name) {
        try {
            return listDatasetVersions(name).stream().findFirst();
        } catch (SlipwayClientException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Where each file of the manifest is on disk: {@code path} itself for a single file, else below it. */
    private static Map<String, Path> localFiles(Path path, DatasetManifest manifest) {
        Map<String, Path> local = new LinkedHashMap<>();
        boolean single = !Files.isDirectory(path);
        for (DatasetFile file : manifest.files()) {
            local.put(file.path(), single ? path : path.resolve(file.path()));
        }
        return local;
    }

    // ---- HTTP ----

    private <T> T post(String path, Object message, Class<T> responseType) {
        return sendJson("POST", API + path, message, responseType);
    }

    private <T> T patch(String path, Object message, Class<T> responseType) {
        return sendJson("PATCH", API + path, message, responseType);
    }

    /** A DELETE with a JSON body, as MLflow's Python client sends it. */
    private void delete(String path, Object message) {
        sendJson("DELETE", API + path, message, JsonNode.class);
    }

    private <T> T get(String path, Map<String, List<String>> query, Class<T> responseType) {
        return getFrom(API + path, query, responseType);
    }

    private <T> T slipwayPost(String path, Object message, Class<T> responseType) {
        return sendJson("POST", SLIPWAY_API + path, message, responseType);
    }

    private <T> T slipwayPatch(String path, Object message, Class<T> responseType) {
        return sendJson("PATCH", SLIPWAY_API + path, message, responseType);
    }

    private void slipwayDelete(String path, Object message) {
        sendJson("DELETE", SLIPWAY_API + path, message, JsonNode.class);
    }

    private <T> T slipwayGet(String path, Map<String, List<String>> query, Class<T> responseType) {
        return getFrom(SLIPWAY_API + path, query, responseType);
    }

    /** A request to {@code uri} with the client's timeout and, when it has one, its token. */
    private HttpRequest.Builder newRequest(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    /** {@code message} as the JSON body of a {@code method} request to {@code route} (below the server's base URL). */
    private <T> T sendJson(String method, String route, Object message, Class<T> responseType) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialise " + message.getClass().getSimpleName(), e);
        }
        HttpRequest request = newRequest(URI.create(base + route))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return send(request, responseType);
    }

    /** A GET of {@code route} (below the server's base URL) with these query parameters. */
    private <T> T getFrom(String route, Map<String, List<String>> query, Class<T> responseType) {
        return send(getRequest(route, query), responseType);
    }

    /** A GET whose answer is text to show as it is (a model card, a YAML file), not a JSON message. */
    private String getText(String route, Map<String, List<String>> query) {
        HttpRequest request = getRequest(route, query);
        HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() >= 300) {
            throw error(response.statusCode(), body, request);
        }
        return body;
    }

    private HttpRequest getRequest(String route, Map<String, List<String>> query) {
        StringBuilder uri = new StringBuilder(base + route);
        char separator = '?';
        for (Map.Entry<String, List<String>> entry : query.entrySet()) {
            for (String value : entry.getValue()) {
                uri.append(separator).append(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        return newRequest(URI.create(uri.toString())).GET().build();
    }

    private <T> T send(HttpRequest request, Class<T> responseType) {
        HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 300) {
            throw error(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8), request);
        }
        try {
            return mapper.readValue(response.body(), responseType);
        } catch (IOException e) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            throw new SlipwayClientException(response.statusCode(), "INVALID_RESPONSE", request.method() + " " + request.uri().getPath()
                    + " answered " + response.statusCode() + " with something that is not Slipway's JSON (is " + base
                    + " a Slipway server?): " + (body.length() > 200 ? body.substring(0, 200) + "..." : body));
        }
    }

    /** One HTTP exchange; only a failure to talk to the server at all becomes UNREACHABLE. */
    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw unreachable(request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlipwayClientException(0, "INTERRUPTED", "Interrupted while calling " + request.uri().getPath());
        }
    }

    private SlipwayClientException error(int status, String body, HttpRequest request) {
        return error(status, body, request.method() + " " + request.uri().getPath());
    }

    /** {@code what} is the request as {@code METHOD /path}. */
    private SlipwayClientException error(int status, String body, String what) {
        try {
            JsonNode json = mapper.readTree(body);
            if (json != null && json.hasNonNull("error_code")) {
                String hint = status == 401 && token == null ? " No token was sent: set --token or " + TOKEN_ENV + "." : "";
                return new SlipwayClientException(status, json.get("error_code").asText(), json.path("message").asText("") + hint);
            }
        } catch (IOException ignored) {
            // not JSON: fall through
        }
        String text = body.length() > 300 ? body.substring(0, 300) + "..." : body;
        return new SlipwayClientException(status, "HTTP_" + status, what + " answered " + status + ": " + text);
    }

    private SlipwayClientException unreachable(HttpRequest request, IOException e) {
        return unreachable(e);
    }

    private SlipwayClientException unreachable(IOException e) {
        String reason = e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new SlipwayClientException(0, "UNREACHABLE",
                "Cannot reach the Slipway server at " + base + " (" + reason + "). Is it running? Set --tracking-uri or "
                        + TRACKING_URI_ENV + ".");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Query parameters from alternating names and values; a null or empty value leaves its parameter out. */
    private static Map<String, List<String>> query(String... namesAndValues) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String value = namesAndValues[i + 1];
            if (value != null && !value.isEmpty()) {
                query.put(namesAndValues[i], List.of(value));
            }
        }
        return query;
    }

    private static String string(Number number) {
        return number == null ? null : number.toString();
    }

    private static List<KeyValue> pairs(Map<String, String> map) {
        if (map == null) {
            return List.of();
        }
        return map.entrySet().stream().map(e -> new KeyValue(e.getKey(), e.getValue())).toList();
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Counts the bytes read and reports each read to {@code progress}. */
    private static final class CountingInputStream extends FilterInputStream {
        private final LongConsumer progress;
        private long count;

        CountingInputStream(InputStream in, LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(long n) {
            count += n;
            progress.accept(n);
        }
    }

    @Override
    public void close() {
        // java.net.http.HttpClient on Java 17 has no close(); its threads end with the JVM
    }
}
