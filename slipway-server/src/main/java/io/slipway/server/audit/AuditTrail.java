package io.slipway.server.audit;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.slipway.core.audit.AuditChain;
import io.slipway.core.audit.AuditLog;
import io.slipway.core.audit.AuditRecord;
import io.slipway.core.identity.Principal;
import io.slipway.server.auth.Access;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every request an id (the {@code X-Request-Id} response header; a sane one sent by the
 * client is kept) and, after every matched mutating call (POST, PUT, PATCH, DELETE), appends an
 * audit event: time, actor, source IP, action (method and route), target, request id, the status
 * answered and the SHA-256 of the request body. Refused calls (401, 403, 400) are recorded too.
 * The event is committed before the answer is sent.
 */
public final class AuditTrail {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    /** Set by whoever reads a request body: the SHA-256 of its bytes. */
    public static final String BODY_DIGEST = "slipway.bodyDigest";
    private static final String REQUEST_ID = "slipway.requestId";
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final List<String> PREFIXES = List.of("/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/", "/api/2.0/slipway/", "/api/2.0/");

    private final AuditLog audit;
    private final Access access;
    private final Clock clock;

    public AuditTrail(AuditLog audit, Access access, Clock clock) {
        this.audit = requireNonNull(audit, "audit is null");
        this.access = requireNonNull(access, "access is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Before the route: assigns the request id. */
    public void begin(Context ctx) {
        if (isInference(ctx.path())) {
            return; // serving names its requests itself, and cheaply
        }
        String given = ctx.header(REQUEST_ID_HEADER);
        String id = given != null && CLIENT_REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
        ctx.attribute(REQUEST_ID, id);
        ctx.header(REQUEST_ID_HEADER, id);
    }

    /** After the route (also when it failed): records a mutating call. */
    public void record(Context ctx) {
        if (!MUTATING.contains(ctx.method().name()) || isInference(ctx.path())) {
            return;
        }
        String digest = ctx.attribute(BODY_DIGEST);
        if (digest == null && ctx.queryString() != null) {
            digest = AuditChain.sha256(ctx.queryString());
        }
        String target = ctx.attribute(Access.TARGET_ATTRIBUTE);
        AuditRecord record = new AuditRecord(clock.millis(), actor(ctx), ctx.ip(), ctx.method().name() + " " + action(ctx),
                target, ctx.attribute(REQUEST_ID), ctx.statusCode(), digest);
        try {
            audit.record(record);
        } catch (RuntimeException e) {
            LOG.error("AUDIT EVENT LOST for {} {} (request {}): {}", ctx.method(), ctx.path(), record.requestId(), e.getMessage(), e);
        }
    }

    /** Predictions are data, not changes: logged by the prediction log, never one audit event each. */
    private static boolean isInference(String path) {
        return path.startsWith("/v2/") || path.startsWith("/deployments/") || path.equals("/invocations");
    }

    private String actor(Context ctx) {
        if (!access.enabled()) {
            return Principal.ANONYMOUS.username();
        }
        Principal principal = ctx.attribute(Access.PRINCIPAL_ATTRIBUTE);
        return principal == null ? "unauthenticated" : principal.username();
    }

    /** The route without its API prefix and path parameters: {@code runs/log-batch}, {@code mlflow-artifacts/artifacts}. */
    private static String action(Context ctx) {
        String route = ctx.endpoints().matchedHttpEndpoint().path;
        int param = route.indexOf("/<");
        if (param < 0) {
            param = route.indexOf("/{");
        }
        if (param >= 0) {
            route = route.substring(0, param);
        }
        for (String prefix : PREFIXES) {
            if (route.startsWith(prefix)) {
                return route.substring(prefix.length());
            }
        }
        return route.startsWith("/") ? route.substring(1) : route;
    }
}
