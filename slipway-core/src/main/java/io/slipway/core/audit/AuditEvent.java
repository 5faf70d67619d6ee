package io.slipway.core.audit;

import static java.util.Objects.requireNonNull;

/**
 * An event of the audit chain: its sequence number (1, 2, ...), the record, the hash of the
 * event before it ({@link AuditChain#GENESIS} for the first) and its own hash.
 */
public record AuditEvent(long seq, AuditRecord record, String prevHash, String hash) {
    public AuditEvent {
        requireNonNull(record, "record is null");
        requireNonNull(prevHash, "prevHash is null");
        requireNonNull(hash, "hash is null");
    }

    /** The chain's head: the last sequence number (0 when empty) and its hash. */
    public record Head(long seq, String hash) {
        public static final Head EMPTY = new Head(0, AuditChain.GENESIS);
    }
}
