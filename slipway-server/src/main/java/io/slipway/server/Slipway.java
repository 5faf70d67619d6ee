package io.slipway.server;

import static java.util.Objects.requireNonNull;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.slipway.api.ApiJson;
import io.slipway.api.card.ModelCardRenderer;
import io.slipway.api.mlmodel.MlModelDescriptors;
import io.slipway.api.slipway.DatasetProfiles;
import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactService;
import io.slipway.core.artifacts.ArtifactStore;
import io.slipway.core.audit.AuditLog;
import io.slipway.core.data.BlobStore;
import io.slipway.core.data.DataService;
import io.slipway.core.governance.LineageService;
import io.slipway.core.governance.ModelCardService;
import io.slipway.core.governance.PromotionService;
import io.slipway.core.identity.IdentityService;
import io.slipway.core.identity.Permission;
import io.slipway.core.identity.ResourceType;
import io.slipway.core.registry.RegistryService;
import io.slipway.core.serving.DeploymentService;
import io.slipway.core.tracking.TrackingService;
import io.slipway.data.DatasetChecks;
import io.slipway.data.profile.ProfilerSettings;
import io.slipway.server.audit.AuditTrail;
import io.slipway.server.auth.Access;
import io.slipway.server.auth.Authenticator;
import io.slipway.server.http.ErrorResponses;
import io.slipway.server.http.JsonErrorHandler;
import io.slipway.server.http.JsonIo;
import io.slipway.server.mlflow.MlflowArtifactsApi;
import io.slipway.server.mlflow.MlflowRegistryApi;
import io.slipway.server.mlflow.MlflowTrackingApi;
import io.slipway.server.serving.ArtifactSegmentSink;
import io.slipway.server.serving.PredictionLog;
import io.slipway.server.serving.PredictionLogReader;
import io.slipway.server.slipway.AuditApi;
import io.slipway.server.slipway.DatasetValidationsApi;
import io.slipway.server.slipway.DatasetsApi;
import io.slipway.server.serving.ArtifactSegmentSink;
import io.slipway.server.serving.LocalServingBackend;
import io.slipway.server.serving.ModelServer;
import io.slipway.server.serving.PredictionLog;
import io.slipway.server.serving.ServingApi;
import io.slipway.server.serving.ServingMetrics;
import io.slipway.server.slipway.DeploymentsApi;
import io.slipway.server.slipway.IdentityApi;
import io.slipway.server.slipway.ModelGovernanceApi;
import io.slipway.server.slipway.PredictionsApi;
import io.slipway.server.slipway.PromotionsApi;
import io.slipway.server.slipway.TrainingsApi;
import io.slipway.server.training.Trainings;
import io.slipway.store.artifact.ArtifactStores;
import io.slipway.store.jdbc.BackendUri;
import io.slipway.store.jdbc.Database;
import io.slipway.store.jdbc.JdbcAuditStore;
import io.slipway.store.jdbc.JdbcDatasetStore;
import io.slipway.store.jdbc.JdbcDeploymentStore;
import io.slipway.store.jdbc.JdbcIdentityStore;
import io.slipway.store.jdbc.JdbcPromotionStore;
import io.slipway.store.jdbc.JdbcRegistryStore;
import io.slipway.store.jdbc.JdbcTrackingStore;
import io.slipway.store.jdbc.StoreFailure;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every store, service and HTTP surface of one Slipway process
 * from one {@link SlipwayConfig}, and owns their lifecycle.
 */
public final class Slipway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Slipway.class);
    public static final String VERSION = "0.1.0";
    /**
     * Dataset checks run one at a time: each may use DuckDB's memory limit (a quarter of the
     * machine's memory); a request waits this long for its turn, then is told to retry.
     */
    private static final int CONCURRENT_DATASET_CHECKS = 1;
    private static final Duration DATASET_CHECK_WAIT = Duration.ofSeconds(30);
    private static final Set<String> HTTP_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final SlipwayConfig config;
    private final Database database;
    private final ArtifactStore artifactStore;
    private final TrackingService tracking;
    private final ArtifactService artifacts;
    private final RegistryService registry;
    private final IdentityService identity;
    private final PromotionService promotions;
    private final ModelCardService modelCards;
    private final LineageService lineage;
    private final DataService data;
    private final AuditLog audit;
    private final Access access;
    private final Authenticator authenticator;
    private final Trainings trainings;
    private final DeploymentService deployments;
    private final ArtifactSegmentSink segmentSink;
    private final PredictionLog predictionLog;
    private final PredictionLogReader predictionLogReader;
    private final ServingMetrics servingMetrics;
    private final ModelServer modelServer;
    private final Javalin http;

    private Slipway(SlipwayConfig config, Database database, ArtifactStore artifactStore) {
        Clock clock = Clock.systemUTC();
        this.config = config;
        this.database = database;
        this.artifactStore = artifactStore;
        this.tracking = new TrackingService(new JdbcTrackingStore(database), ArtifactService.DEFAULT_ARTIFACT_ROOT, clock);
        this.artifacts = new ArtifactService(artifactStore, tracking);
        MlModelDescriptors descriptors = new MlModelDescriptors(artifacts, clock);
        this.registry = new RegistryService(new JdbcRegistryStore(database), tracking, descriptors,
                config.auth().enforcedProtectedAliases(), clock);
        this.identity = new IdentityService(new JdbcIdentityStore(database), clock);
        this.promotions = new PromotionService(new JdbcPromotionStore(database), registry, tracking, config.auth().requiredApprovals(),
                clock);
        this.modelCards = new ModelCardService(registry, tracking, promotions, descriptors);
        this.lineage = new LineageService(registry, tracking);
        this.data = new DataService(new JdbcDatasetStore(database), new BlobStore(artifactStore), clock, DatasetProfiles::read);
        this.audit = new AuditLog(new JdbcAuditStore(database));
        this.access = new Access(config.auth(), identity, tracking);
        this.authenticator = new Authenticator(config.auth(), identity);
        this.trainings = new Trainings(tracking, artifacts, registry, data, access, Path.of(System.getProperty("java.io.tmpdir"),
                "slipway-trainings"), config.maxQueuedTrainings(), VERSION, clock);
        this.deployments = new DeploymentService(new JdbcDeploymentStore(database), registry, clock);
        Path servingDirectory = Path.of(System.getProperty("java.io.tmpdir"), "slipway-serving");
        this.segmentSink = new ArtifactSegmentSink(artifactStore);
        this.predictionLog = new PredictionLog(segmentSink, PredictionLog.Settings.defaults(), servingDirectory.resolve("prediction-log"),
                clock);
        this.predictionLogReader = new PredictionLogReader(artifactStore, servingDirectory.resolve("prediction-log-reads"));
        this.servingMetrics = new ServingMetrics();
        servingMetrics.bindPredictionLog(predictionLog);
        this.modelServer = new ModelServer(new LocalServingBackend(deployments, registry, artifacts), config.serving(), predictionLog,
                servingMetrics, servingDirectory.resolve("models"), clock);
        this.http = createHttp(clock);
    }

    /** Opens the stores, migrates the schema and starts serving HTTP. */
    public static Slipway start(SlipwayConfig config) {
        requireNonNull(config, "config is null");
        BackendUri backend = config.backendStoreUri() == null
                ? BackendUri.sqlite(config.dataDir().resolve("slipway.db"))
                : BackendUri.parse(config.backendStoreUri());
        Database database = Database.open(backend, ArtifactService.DEFAULT_ARTIFACT_ROOT);
        ArtifactStore artifactStore;
        try {
            artifactStore = ArtifactStores.open(
                    config.artifactsDestination() == null ? config.dataDir().resolve("artifacts").toString() : config.artifactsDestination(),
                    config.s3());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        Slipway slipway = new Slipway(config, database, artifactStore);
        try {
            slipway.announceAuth();
        } catch (RuntimeException e) {
            slipway.close();
            throw e;
        }
        try {
            slipway.modelServer.start();
            slipway.http.start(config.host(), config.port());
        } catch (RuntimeException e) {
            slipway.close();
            throw new SlipwayException(io.slipway.core.ErrorCode.INVALID_PARAMETER_VALUE,
                    "Cannot listen on " + config.host() + ":" + config.port() + ": " + SlipwayException.rootMessage(e), e);
        }
        LOG.info("Slipway {} listening on {} (metadata: {}, artifacts: {})", VERSION, url(slipway), backend.describe(),
                artifactStore.describe());
        return slipway;
    }

    /**
     * With auth off, says loudly that everything is open. With auth on and no users yet, creates
     * the first admin: with the token from the environment, or with a new one printed once.
     */
    private void announceAuth() {
        AuthConfig auth = config.auth();
        if (!auth.enabled()) {
            LOG.warn("""

                    ************************************************************************
                    * AUTHENTICATION IS OFF: anyone who can reach this server can read,    *
                    * change and delete everything, and protected aliases are not enforced.*
                    * Fine for a laptop; for a shared server start it with --auth.         *
                    ************************************************************************""");
            return;
        }
        Long expiry = auth.adminToken() == null ? Clock.systemUTC().millis() + AuthConfig.BOOTSTRAP_TOKEN_VALIDITY.toMillis() : null;
        identity.bootstrapAdmin(auth.adminUsername(), auth.adminToken(), expiry).ifPresent(issued -> {
            if (auth.adminToken() != null) {
                LOG.warn("Authentication is on. Created the first admin '{}' with the token from ${}.", auth.adminUsername(),
                        AuthConfig.ADMIN_TOKEN_ENV);
            } else {
                LOG.warn("""

                        ************************************************************************
                        * Authentication is on and there were no users: created admin '{}'.
                        * Its bootstrap token (shown only now, valid for 24 hours):
                        *
                        *   {}
                        *
                        * Use it to create users and long-lived tokens:
                        *   export SLIPWAY_TOKEN={}
                        *   slipway users create alice && slipway tokens create --user alice
                        ************************************************************************""",
                        auth.adminUsername(), issued.secret(), issued.secret());
            }
        });
        LOG.info("Authentication is on: default permission {}, protected aliases {}, {} approval(s) per promotion.",
                auth.defaultPermission(), auth.enforcedProtectedAliases(), auth.requiredApprovals());
    }

    private Javalin createHttp(Clock clock) {
        JsonIo io = new JsonIo(ApiJson.newMapper(), config.maxRequestBodyBytes());
        ErrorResponses errors = new ErrorResponses(io);
        MlflowTrackingApi trackingApi = new MlflowTrackingApi(tracking, artifacts, access, io);
        MlflowArtifactsApi artifactsApi = new MlflowArtifactsApi(artifacts, access, io);
        MlflowRegistryApi registryApi = new MlflowRegistryApi(registry, identity, access, io);
        IdentityApi identityApi = new IdentityApi(identity, tracking, registry, data, access, authenticator, io, clock);
        PromotionsApi promotionsApi = new PromotionsApi(promotions, access, io);
        AuditApi auditApi = new AuditApi(audit, access, io);
        ModelGovernanceApi modelGovernanceApi = new ModelGovernanceApi(registry, modelCards, lineage, data, new ModelCardRenderer(), access, io);
        DatasetsApi datasetsApi = new DatasetsApi(data, access, io);
        DatasetChecks checks = new DatasetChecks(data, ProfilerSettings.defaults(), io.mapper(),
                Path.of(System.getProperty("java.io.tmpdir"), "slipway-checks"), CONCURRENT_DATASET_CHECKS, DATASET_CHECK_WAIT);
        DatasetValidationsApi datasetValidationsApi = new DatasetValidationsApi(data, checks, access, io);
        TrainingsApi trainingsApi = new TrainingsApi(trainings, access, io);
        ServingApi servingApi = new ServingApi(modelServer, access, servingMetrics, VERSION, null, config.maxRequestBodyBytes());
        DeploymentsApi deploymentsApi = new DeploymentsApi(deployments, access, io);
        PredictionsApi predictionsApi = new PredictionsApi(deployments, predictionLog, predictionLogReader, segmentSink, access, io,
                Path.of(System.getProperty("java.io.tmpdir"), "slipway-serving", "uploads"), clock);
        AuditTrail auditTrail = new AuditTrail(audit, access, clock);
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.http.prefer405over404 = true;
            cfg.http.maxRequestSize = config.maxRequestBodyBytes();
            cfg.router.ignoreTrailingSlashes = true;
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            // let odd URIs (encoded NUL, '..', '%2F') reach the routes, which refuse them with a JSON
            // error after draining the body, instead of Jetty cutting the connection at the parser
            cfg.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(org.eclipse.jetty.http.UriCompliance.UNSAFE));
            cfg.jetty.modifyServletContextHandler(context -> context.getServletHandler().setDecodeAmbiguousURIs(true));
            // inference's hot path, in front of the servlet (the same answers as servingApi's routes)
            cfg.jetty.modifyServletContextHandler(context -> context.insertHandler(servingApi.fastPath((authorization, deployment) -> {
                if (access.enabled()) {
                    access.require(authenticator.principal(authorization), ResourceType.REGISTERED_MODEL,
                            modelServer.modelName(deployment), Permission.READ);
                }
            })));
            cfg.routes.beforeMatched(auditTrail::begin);
            cfg.routes.beforeMatched(authenticator::authenticate);
            cfg.routes.afterMatched(auditTrail::record);
            // first: Javalin tries routes in order, and inference is the hot path
            servingApi.register(cfg.routes);
            trackingApi.register(cfg.routes);
            artifactsApi.register(cfg.routes);
            registryApi.register(cfg.routes);
            identityApi.register(cfg.routes);
            promotionsApi.register(cfg.routes);
            auditApi.register(cfg.routes);
            modelGovernanceApi.register(cfg.routes);
            datasetsApi.register(cfg.routes);
            datasetValidationsApi.register(cfg.routes);
            trainingsApi.register(cfg.routes);
            // a deployment changed or an alias moved: serving follows now rather than at its next sync
            cfg.routes.after(ctx -> {
                if (ctx.statusCode() == 200 && isServingChange(ctx.method().name(), ctx.path())) {
                    modelServer.requestSync();
                }
            });
            deploymentsApi.register(cfg.routes);
            predictionsApi.register(cfg.routes);
            cfg.routes.get("/health", ctx -> ctx.result("OK"));
            cfg.routes.get("/version", ctx -> ctx.result(VERSION));
            cfg.routes.exception(SlipwayException.class, errors::slipway);
            cfg.routes.exception(StoreFailure.class, errors::store);
            cfg.routes.exception(HttpResponseException.class, errors::http);
            cfg.routes.exception(Exception.class, errors::unexpected);
        });
    }

    private static boolean isServingChange(String method, String path) {
        return !method.equals("GET") && (path.startsWith("/api/2.0/slipway/deployments/") || path.contains("/registered-models/alias")
                || path.contains("/promotions/") || path.contains("/model-versions/transition-stage"));
    }

    public int port() {
        return http.port();
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:5050}. */
    public String url() {
        return url(this);
    }

    private static String url(Slipway slipway) {
        String host = slipway.config.host().equals("0.0.0.0") ? "127.0.0.1" : slipway.config.host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + slipway.port();
    }

    /** Every HTTP route this server answers, as {@code METHOD /path}, sorted: for tests that must cover them all. */
    public List<String> routes() {
        return http.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> HTTP_METHODS.contains(endpoint.method.name()))
                .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
                .distinct().sorted().toList();
    }

    public SlipwayConfig config() {
        return config;
    }

    public TrackingService tracking() {
        return tracking;
    }

    public ArtifactService artifacts() {
        return artifacts;
    }

    public RegistryService registry() {
        return registry;
    }

    public Database database() {
        return database;
    }

    public ModelServer modelServer() {
        return modelServer;
    }

    public DeploymentService deployments() {
        return deployments;
    }

    public DataService data() {
        return data;
    }

    /** Where the serving runtime logs what it answered. */
    public PredictionLog predictionLog() {
        return predictionLog;
    }

    @Override
    public void close() {
        try {
            http.stop();
            modelServer.close();
            trainings.close();
            audit.close();
        } finally {
            try {
                predictionLog.close(); // its last segments go to the artifact store, closed below
            } catch (RuntimeException e) {
                LOG.warn("Closing the prediction log failed", e);
            }
            try {
                artifactStore.close();
            } catch (Exception e) {
                LOG.warn("Closing the artifact store failed", e);
            }
            database.close();
        }
    }
}
