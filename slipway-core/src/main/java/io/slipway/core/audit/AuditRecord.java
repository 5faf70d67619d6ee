package io.slipway.core.audit;

import static java.util.Objects.requireNonNull;

/**
 * What one mutating call did, before it is chained: when, who (and from where), which action on
 * which target, the request id, the HTTP status it was answered with and the SHA-256 of the
 * change (the request body). Optional parts are empty strings, never null.
 */
public record AuditRecord(
        long timestamp,
        String actor,
        String sourceIp,
        String action,
        String target,
        String requestId,
        int status,
        String digest) {
    public AuditRecord {
        actor = requireNonNull(actor, "actor is null");
        action = requireNonNull(action, "action is null");
        sourceIp = sourceIp == null ? "" : sourceIp;
        target = target == null ? "" : target;
        requestId = requestId == null ? "" : requestId;
        digest = digest == null ? "" : digest;
    }
}
