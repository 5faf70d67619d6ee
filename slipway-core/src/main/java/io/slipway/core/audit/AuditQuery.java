package io.slipway.core.audit;

/**
 * A filter over the audit log; null fields match everything. {@code afterSeq} pages: events with
 * a higher sequence number, oldest first.
 *
 * @param actor exact actor
 * @param targetPrefix targets starting with this (e.g. {@code registered_model:fraud})
 * @param action exact action (e.g. {@code POST runs/log-batch})
 * @param fromTimestamp inclusive lower time bound, epoch ms
 * @param toTimestamp exclusive upper time bound, epoch ms
 * @param afterSeq only events after this sequence number
 * @param limit at most this many events
 */
public record AuditQuery(String actor, String targetPrefix, String action, Long fromTimestamp, Long toTimestamp, long afterSeq,
        int limit) {
    public AuditQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }
}
