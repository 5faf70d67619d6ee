package io.slipway.core.audit;

import java.util.List;

/**
 * The append-only store of the audit chain. {@link #append} chains a batch after the current
 * head in one transaction that holds the head's lock, so events from several servers on one
 * database form one chain.
 */
public interface AuditStore {
    /** Appends the records in order, after the current head, and returns them chained. */
    List<AuditEvent> append(List<AuditRecord> records);

    /** Events matching the query, by ascending sequence number. */
    List<AuditEvent> query(AuditQuery query);

    /** Up to {@code limit} events after {@code afterSeq}, by ascending sequence number, unfiltered. */
    List<AuditEvent> scan(long afterSeq, int limit);

    /** The head as recorded separately from the events: last sequence number and its hash. */
    AuditEvent.Head head();
}
