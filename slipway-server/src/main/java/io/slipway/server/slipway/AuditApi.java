package io.slipway.server.slipway;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.slipway.api.slipway.GovernanceMessages.AuditEventView;
import io.slipway.api.slipway.GovernanceMessages.AuditEventsQuery;
import io.slipway.api.slipway.GovernanceMessages.AuditEventsResponse;
import io.slipway.api.slipway.GovernanceMessages.AuditVerifyResponse;
import io.slipway.core.SlipwayException;
import io.slipway.core.audit.AuditEvent;
import io.slipway.core.audit.AuditLog;
import io.slipway.core.audit.AuditQuery;
import io.slipway.server.auth.Access;
import io.slipway.server.http.JsonIo;
import java.util.List;

/** The audit trail, for admins: its events, filtered and paged, and a verification of its chain. */
public final class AuditApi {
    public static final int DEFAULT_MAX_RESULTS = 1000;
    public static final int MAX_RESULTS = 10_000;
    private static final String PREFIX = IdentityApi.PREFIX + "audit/";

    private final AuditLog audit;
    private final Access access;
    private final JsonIo io;

    public AuditApi(AuditLog audit, Access access, JsonIo io) {
        this.audit = requireNonNull(audit, "audit is null");
        this.access = requireNonNull(access, "access is null");
        this.io = requireNonNull(io, "io is null");
    }

    public void register(RoutesConfig routes) {
        routes.get(PREFIX + "events", this::events);
        routes.get(PREFIX + "verify", this::verify);
    }

    private void events(Context ctx) {
        AuditEventsQuery request = io.read(ctx, AuditEventsQuery.class);
        access.requireAdmin(ctx);
        int limit = request.maxResults() == null ? DEFAULT_MAX_RESULTS : request.maxResults();
        if (limit < 1 || limit > MAX_RESULTS) {
            throw SlipwayException.invalidParameter("Invalid value %d for parameter 'max_results': it must be between 1 and %d.",
                    limit, MAX_RESULTS);
        }
        long afterSeq = request.afterSeq() == null ? 0 : request.afterSeq();
        if (afterSeq < 0) {
            throw SlipwayException.invalidParameter("Invalid value %d for parameter 'after_seq': it cannot be negative.", afterSeq);
        }
        if (request.fromTimestamp() != null && request.toTimestamp() != null && request.fromTimestamp() > request.toTimestamp()) {
            throw SlipwayException.invalidParameter("'from_timestamp' lies after 'to_timestamp'.");
        }
        List<AuditEvent> events = audit.query(new AuditQuery(blankToNull(request.actor()), blankToNull(request.target()),
                blankToNull(request.action()), request.fromTimestamp(), request.toTimestamp(), afterSeq, limit));
        Long next = events.size() == limit ? events.get(events.size() - 1).seq() : null;
        io.write(ctx, new AuditEventsResponse(events.stream().map(AuditEventView::of).toList(), next));
    }

    private void verify(Context ctx) {
        access.requireAdmin(ctx);
        io.write(ctx, AuditVerifyResponse.of(audit.verify()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
