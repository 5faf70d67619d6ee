package io.slipway.server;

import static java.util.Objects.requireNonNull;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.slipway.api.ApiJson;
import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactService;
import io.slipway.core.artifacts.ArtifactStore;
import io.slipway.core.registry.RegistryService;
import io.slipway.core.tracking.TrackingService;
import io.slipway.server.http.ErrorResponses;
import io.slipway.server.http.JsonErrorHandler;
import io.slipway.server.http.JsonIo;
import io.slipway.server.mlflow.MlflowArtifactsApi;
import io.slipway.server.mlflow.MlflowRegistryApi;
import io.slipway.server.mlflow.MlflowTrackingApi;
import io.slipway.store.artifact.ArtifactStores;
import io.slipway.store.jdbc.BackendUri;
import io.slipway.store.jdbc.Database;
import io.slipway.store.jdbc.JdbcRegistryStore;
import io.slipway.store.jdbc.JdbcTrackingStore;
import io.slipway.store.jdbc.StoreFailure;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every store, service and HTTP surface of one Slipway process
 * from one {@link SlipwayConfig}, and owns their lifecycle.
 */
public final class Slipway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Slipway.class);
    public static final String VERSION = "0.1.0";

    private final SlipwayConfig config;
    private final Database database;
    private final ArtifactStore artifactStore;
    private final TrackingService tracking;
    private final ArtifactService artifacts;
    private final RegistryService registry;
    private final Javalin http;

    private Slipway(SlipwayConfig config, Database database, ArtifactStore artifactStore) {
        this.config = config;
        this.database = database;
        this.artifactStore = artifactStore;
        this.tracking = new TrackingService(new JdbcTrackingStore(database), ArtifactService.DEFAULT_ARTIFACT_ROOT, Clock.systemUTC());
        this.artifacts = new ArtifactService(artifactStore, tracking);
        this.registry = new RegistryService(new JdbcRegistryStore(database), tracking, Clock.systemUTC());
        this.http = createHttp();
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

    private Javalin createHttp() {
        JsonIo io = new JsonIo(ApiJson.newMapper(), config.maxRequestBodyBytes());
        ErrorResponses errors = new ErrorResponses(io);
        MlflowTrackingApi trackingApi = new MlflowTrackingApi(tracking, artifacts, io);
        MlflowArtifactsApi artifactsApi = new MlflowArtifactsApi(artifacts, io);
        MlflowRegistryApi registryApi = new MlflowRegistryApi(registry, io);
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
            trackingApi.register(cfg.routes);
            artifactsApi.register(cfg.routes);
            registryApi.register(cfg.routes);
            cfg.routes.get("/health", ctx -> ctx.result("OK"));
            cfg.routes.get("/version", ctx -> ctx.result(VERSION));
            cfg.routes.exception(SlipwayException.class, errors::slipway);
            cfg.routes.exception(StoreFailure.class, errors::store);
            cfg.routes.exception(HttpResponseException.class, errors::http);
            cfg.routes.exception(Exception.class, errors::unexpected);
        });
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

    @Override
    public void close() {
        try {
            http.stop();
        } finally {
            try {
                artifactStore.close();
            } catch (Exception e) {
                LOG.warn("Closing the artifact store failed", e);
            }
            database.close();
        }
    }
}
