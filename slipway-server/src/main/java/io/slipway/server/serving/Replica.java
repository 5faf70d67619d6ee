package io.slipway.server.serving;

import static java.util.Objects.requireNonNull;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.slipway.api.ApiJson;
import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.server.http.ErrorResponses;
import io.slipway.server.http.JsonErrorHandler;
import io.slipway.server.http.JsonIo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A serving replica ({@code slipway serve --deployment NAME}): the server's serving code on its
 * own, for one deployment, reading it and its models through a {@link ServingBackend} (the REST
 * API) and shipping its prediction log through a {@link SegmentSink}. It keeps no state of its own,
 * so replicas scale out behind any load balancer. It starts even when the server is unreachable,
 * says so, answers 503 on {@code /v2/health/ready} and retries every sync interval.
 */
public final class Replica implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final PredictionLog log;
    private final ModelServer server;
    private final Javalin http;

    private Replica(PredictionLog log, ModelServer server, Javalin http) {
        this.log = log;
        this.server = server;
        this.http = http;
    }

    /** Starts serving {@code deployment} on {@code host}:{@code port} (0: any free port). */
    public static Replica start(String deployment, ServingBackend backend, SegmentSink sink, ServingSettings settings, String host,
            int port, long maxRequestBodyBytes, Path workDir, String version) {
        requireNonNull(deployment, "deployment is null");
        Clock clock = Clock.systemUTC();
        PredictionLog log = new PredictionLog(sink, new PredictionLog.Settings(65_536, 50_000, Duration.ofSeconds(10)),
                workDir.resolve("prediction-log"), clock);
        ServingMetrics metrics = new ServingMetrics();
        metrics.bindPredictionLog(log);
        ModelServer server = new ModelServer(backend, settings, log, metrics, workDir.resolve("models"), clock);
        ServingApi api = new ServingApi(server, null, metrics, version, deployment, maxRequestBodyBytes);
        JsonIo io = new JsonIo(ApiJson.newMapper(), maxRequestBodyBytes);
        ErrorResponses errors = new ErrorResponses(io);
        Javalin http = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = maxRequestBodyBytes;
            cfg.router.ignoreTrailingSlashes = true;
            cfg.jetty.modifyServer(jetty -> jetty.setErrorHandler(new JsonErrorHandler()));
            cfg.jetty.modifyServletContextHandler(context -> context.insertHandler(api.fastPath(ServingApi.Guard.NONE)));
            api.register(cfg.routes);
            cfg.routes.get("/health", ctx -> ctx.result("OK"));
            cfg.routes.exception(SlipwayException.class, errors::slipway);
            cfg.routes.exception(HttpResponseException.class, errors::http);
            cfg.routes.exception(Exception.class, errors::unexpected);
        });
        Replica replica = new Replica(log, server, http);
        try {
            server.start();
            http.start(host, port);
        } catch (RuntimeException e) {
            replica.close();
            throw new SlipwayException(ErrorCode.INVALID_PARAMETER_VALUE, "Cannot listen on " + host + ":" + port + ": "
                    + SlipwayException.rootMessage(e), e);
        }
        LOG.info("Replica of deployment '{}' listening on http://{}:{}{}", deployment, host, http.port(),
                server.backendError() == null ? "" : " (cannot reach the server yet: " + server.backendError() + "; retrying)");
        return replica;
    }

    public int port() {
        return http.port();
    }

    public ModelServer server() {
        return server;
    }

    public PredictionLog predictionLog() {
        return log;
    }

    @Override
    public void close() {
        try {
            http.stop();
        } finally {
            server.close();
            log.close();
        }
    }
}
