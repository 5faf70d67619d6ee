package io.slipway.server.serving;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.identity.Permission;
import io.slipway.ml.predict.Predictor;
import io.slipway.ml.protocol.MlflowScoringCodec;
import io.slipway.ml.protocol.OipCodec;
import io.slipway.ml.protocol.OipRequest;
import io.slipway.server.auth.Access;
import io.slipway.server.auth.Authenticator;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The inference endpoints: Open Inference Protocol v2 over REST ({@code /v2/...}, a deployment is
 * an OIP "model", its served versions the model's versions) and MLflow's scoring protocol per
 * deployment ({@code /deployments/NAME/invocations}, and {@code /invocations} at the root of a
 * replica serving one deployment), plus {@code /metrics}. Errors are OIP's {@code {"error": …}}
 * with Slipway's {@code error_code} and {@code message} beside it; an overloaded or loading
 * deployment answers 503 with {@code Retry-After: 1}. Calling a deployment needs READ on the
 * registered model it serves.
 */
public final class ServingApi {
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final MlflowScoringCodec MLFLOW_ENCODER = new MlflowScoringCodec(List.of());
    private static final JsonFactory JSON = new JsonFactory();
    private static final String JSON_TYPE = "application/json";

    private final ModelServer server;
    private final Access access;
    private final ServingMetrics metrics;
    private final String serverVersion;
    private final String rootDeployment;
    private final long maxBodyBytes;
    private final String idPrefix = Long.toString(ThreadLocalRandom.current().nextLong() & 0xffffffffL, 36) + "-";
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param rootDeployment the deployment {@code /invocations} and {@code /ping} answer for (a
     *     replica's), or null for none (the server, which serves many)
     * @param access permission checks, or null where there is no authentication (a replica trusts its network)
     */
    public ServingApi(ModelServer server, Access access, ServingMetrics metrics, String serverVersion, String rootDeployment,
            long maxBodyBytes) {
        this.server = requireNonNull(server, "server is null");
        this.access = access;
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.serverVersion = requireNonNull(serverVersion, "serverVersion is null");
        this.rootDeployment = rootDeployment;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Checks a caller of the fast path: authenticates its {@code Authorization} header and checks
     * READ on the deployment's model (UNAUTHENTICATED, PERMISSION_DENIED or a 404 otherwise).
     */
    @FunctionalInterface
    public interface Guard {
        void check(String authorization, String deployment);

        /** No checks: a replica trusts its network. */
        Guard NONE = (authorization, deployment) -> { };
    }

    /**
     * The inference requests ({@code POST} to {@code /v2/models/NAME[/versions/V]/infer},
     * {@code /deployments/NAME/invocations} and, in a replica, {@code /invocations}) answered by a
     * plain Jetty handler in front of Javalin's servlet: no servlet wrapping, sessions, route regexes
     * or before/after handlers on the hot path. Everything else passes through to Javalin, whose
     * routes for the same paths stay as the documented (and tested) definition.
     */
    public InferenceHandler fastPath(Guard guard) {
        return new InferenceHandler(this, guard, rootDeployment, maxBodyBytes);
    }

    public void register(RoutesConfig routes) {
        routes.get("/v2", this::serverMetadata);
        routes.get("/v2/health/live", ctx -> json(ctx, 200, "{\"live\":true}"));
        routes.get("/v2/health/ready", this::serverReady);
        routes.get("/v2/models/{name}", ctx -> guarded(ctx, () -> modelMetadata(ctx, null)));
        routes.get("/v2/models/{name}/versions/{version}", ctx -> guarded(ctx, () -> modelMetadata(ctx, ctx.pathParam("version"))));
        routes.get("/v2/models/{name}/ready", ctx -> guarded(ctx, () -> modelReady(ctx, null)));
        routes.get("/v2/models/{name}/versions/{version}/ready", ctx -> guarded(ctx, () -> modelReady(ctx, ctx.pathParam("version"))));
        routes.post("/v2/models/{name}/infer", ctx -> guarded(ctx, () -> infer(ctx, null)));
        routes.post("/v2/models/{name}/versions/{version}/infer", ctx -> guarded(ctx, () -> infer(ctx, ctx.pathParam("version"))));
        routes.post("/deployments/{name}/invocations", ctx -> guarded(ctx, () -> invocations(ctx, ctx.pathParam("name"))));
        routes.get("/deployments/{name}/ping", ctx -> guarded(ctx, () -> ping(ctx, ctx.pathParam("name"))));
        if (rootDeployment != null) {
            routes.post("/invocations", ctx -> guarded(ctx, () -> invocations(ctx, rootDeployment)));
            routes.get("/ping", ctx -> guarded(ctx, () -> ping(ctx, rootDeployment)));
        }
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    }

    // ---- health and metadata ----

    private void serverMetadata(Context ctx) {
        json(ctx, 200, "{\"name\":\"slipway\",\"version\":\"" + serverVersion + "\",\"extensions\":[]}");
    }

    private void serverReady(Context ctx) {
        boolean ready = server.ready();
        json(ctx, ready ? 200 : 503, "{\"ready\":" + ready + "}");
    }

    private void modelMetadata(Context ctx, String version) {
        String name = authorized(ctx, ctx.pathParam("name"));
        ModelServer.Status status = server.status(name);
        if (!status.ready()) {
            throw new SlipwayException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Deployment '" + name + "' has no model loaded yet"
                    + (status.error() == null ? "." : ": " + status.error()));
        }
        Predictor predictor = server.predictor(name, version);
        List<String> versions = new ArrayList<>();
        if (version != null) {
            versions.add(version);
        } else {
            versions.add(status.stable().version());
            if (status.candidate() != null) {
                versions.add(status.candidate().version());
            }
        }
        ctx.contentType(JSON_TYPE).result(OipCodec.modelMetadata(name, versions, predictor.flavor(), predictor.task(),
                predictor.classes(), predictor.inputs()));
    }

    private void modelReady(Context ctx, String version) {
        String name = authorized(ctx, ctx.pathParam("name"));
        ModelServer.Status status = server.status(name);
        boolean ready = status.ready() && (version == null || version.equals(status.stable().version())
                || (status.candidate() != null && version.equals(status.candidate().version())));
        if (!ready && status.ready()) {
            throw SlipwayException.notFound("Version %s is not served by deployment '%s'.", version, name);
        }
        writeJson(ctx, ready ? 200 : 503, generator -> {
            generator.writeStringField("name", name);
            generator.writeBooleanField("ready", ready);
            if (status.error() != null) {
                generator.writeStringField("error", status.error());
            }
        });
    }

    private void ping(Context ctx, String name) {
        authorized(ctx, name);
        ModelServer.Status status = server.status(name);
        if (!status.ready()) {
            throw new SlipwayException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Deployment '" + name + "' has no model loaded yet"
                    + (status.error() == null ? "." : ": " + status.error()));
        }
        ctx.contentType(JSON_TYPE).result("\n");
    }

    // ---- inference ----

    private void infer(Context ctx, String version) {
        String name = authorized(ctx, ctx.pathParam("name"));
        write(ctx, infer(name, version, ctx.header(REQUEST_ID_HEADER), body(ctx)));
    }

    /** An OIP inference request of an authorized caller, answered. */
    Reply infer(String name, String version, String requestIdHeader, byte[] body) {
        OipRequest request = OipCodec.decodeRequest(body);
        String requestId = request.id().filter(id -> !id.isEmpty()).orElseGet(() -> requestId(requestIdHeader));
        ModelServer.Answer answer = server.infer(name, version, requestId,
                served -> OipCodec.toFrame(request, served.predictor.inputs()));
        return Reply.ok(OipCodec.encodeResponse(request, name, answer.model().version(), answer.predictions()), requestId, answer);
    }

    private void invocations(Context ctx, String name) {
        authorized(ctx, name);
        write(ctx, invocations(name, ctx.contentType(), ctx.header(REQUEST_ID_HEADER), body(ctx)));
    }

    /** An MLflow scoring request of an authorized caller, answered. */
    Reply invocations(String name, String contentType, String requestIdHeader, byte[] body) {
        String requestId = requestId(requestIdHeader);
        ModelServer.Answer answer = server.infer(name, null, requestId, served -> served.mlflow.decode(contentType, body));
        return Reply.ok(MLFLOW_ENCODER.encode(answer.predictions()), requestId, answer);
    }

    /**
     * A request's answer, written the same way by the Javalin routes and by {@link InferenceHandler}:
     * a status, a JSON body and its headers (name, value pairs).
     */
    record Reply(int status, byte[] body, List<String> headers) {
        static Reply ok(byte[] body, String requestId, ModelServer.Answer answer) {
            return new Reply(200, body, List.of(REQUEST_ID_HEADER, requestId, "X-Model-Version", answer.model().version(),
                    "X-Model-Role", answer.role()));
        }

        static Reply error(ErrorCode code, String message) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            try (JsonGenerator generator = JSON.createGenerator(out)) {
                generator.writeStartObject();
                generator.writeStringField("error", message);
                generator.writeStringField("error_code", code.wireName());
                generator.writeStringField("message", message);
                generator.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Reply(code.httpStatus(), out.toByteArray(), switch (code) {
                case TEMPORARILY_UNAVAILABLE -> List.of("Retry-After", "1");
                case UNAUTHENTICATED -> List.of("WWW-Authenticate", Authenticator.CHALLENGE);
                default -> List.of();
            });
        }
    }

    private static void write(Context ctx, Reply reply) {
        for (int i = 0; i < reply.headers().size(); i += 2) {
            ctx.header(reply.headers().get(i), reply.headers().get(i + 1));
        }
        respond(ctx, reply.status(), reply.body());
    }


    /** The client's request id when it sent a usable one (in the header), else a new one unique to this process. */
    private String requestId(String given) {
        if (given != null && CLIENT_REQUEST_ID.matcher(given).matches()) {
            return given;
        }
        return idPrefix + Long.toString(ids.incrementAndGet(), 36);
    }

    /** Checks READ on the model the deployment serves (when authentication is on); the name. */
    private String authorized(Context ctx, String deployment) {
        if (access != null && access.enabled()) {
            access.requireModel(ctx, server.modelName(deployment), Permission.READ);
        }
        return deployment;
    }

    // ---- errors ----

    @FunctionalInterface
    private interface Handler {
        void handle() throws Exception;
    }

    /** Runs a handler, answering its failure in OIP's form (with Slipway's error fields beside). */
    private static void guarded(Context ctx, Handler handler) throws Exception {
        try {
            handler.handle();
        } catch (SlipwayException e) {
            error(ctx, e.errorCode(), e.getMessage());
        }
    }

    private static void error(Context ctx, ErrorCode code, String message) {
        write(ctx, Reply.error(code, message));
    }

    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator generator) throws IOException;
    }

    private static void writeJson(Context ctx, int status, Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            fields.write(generator);
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        respond(ctx, status, out.toByteArray());
    }

    /**
     * The request body, read straight into an array of its length: no intermediate buffers on the
     * hot path. A body over the server's limit is a 413, as Javalin's own reading answers.
     */
    private byte[] body(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length > maxBodyBytes) {
            throw new SlipwayException(ErrorCode.REQUEST_TOO_LARGE, "The request body has " + length + " bytes; this server takes at most "
                    + maxBodyBytes + ".");
        }
        try {
            InputStream in = ctx.req().getInputStream();
            if (length >= 0) {
                return in.readNBytes((int) length);
            }
            byte[] body = in.readNBytes((int) maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                throw new SlipwayException(ErrorCode.REQUEST_TOO_LARGE, "The request body has more than " + maxBodyBytes
                        + " bytes; this server takes at most " + maxBodyBytes + ".");
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the request body failed: " + e.getMessage(), e);
        }
    }

    /** Writes {@code body} with its length, straight to the response (Javalin's result copy allocates a buffer per request). */
    private static void respond(Context ctx, int status, byte[] body) {
        HttpServletResponse response = ctx.res();
        response.setStatus(status);
        response.setContentType(JSON_TYPE);
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing the response failed: " + e.getMessage(), e);
        }
    }

    private static void json(Context ctx, int status, String body) {
        respond(ctx, status, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
