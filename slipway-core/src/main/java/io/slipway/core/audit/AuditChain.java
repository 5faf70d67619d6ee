package io.slipway.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash rule of the audit chain. An event's hash is the SHA-256 of the previous event's hash
 * and every field of the event, each length-prefixed so that no two different events serialize
 * alike. Changing, inserting or deleting any event changes every hash after it.
 */
public final class AuditChain {
    /** The "previous hash" of the first event. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {}

    public static String hash(String prevHash, long seq, AuditRecord r) {
        StringBuilder s = new StringBuilder(256);
        append(s, prevHash);
        append(s, Long.toString(seq));
        append(s, Long.toString(r.timestamp()));
        append(s, r.actor());
        append(s, r.sourceIp());
        append(s, r.action());
        append(s, r.target());
        append(s, r.requestId());
        append(s, Integer.toString(r.status()));
        append(s, r.digest());
        return sha256(s.toString());
    }

    /** Chains {@code record} after an event with {@code prevSeq} and {@code prevHash}. */
    public static AuditEvent next(long prevSeq, String prevHash, AuditRecord record) {
        long seq = prevSeq + 1;
        return new AuditEvent(seq, record, prevHash, hash(prevHash, seq, record));
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static void append(StringBuilder s, String field) {
        s.append(field.length()).append(':').append(field).append('\n');
    }
}
