package io.slipway.store.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content for upload tests, generated on the fly so that large uploads never sit in memory. */
public final class TestStreams {
    private TestStreams() {}

    /** {@code length} deterministic pseudo-random bytes. */
    public static InputStream pseudoRandom(long seed, long length) {
        return new PseudoRandomInputStream(seed, length);
    }

    /** Behaves like {@code content} for {@code bytes} bytes, then fails as a dropped client connection does. */
    public static InputStream failingAfter(InputStream content, long bytes) {
        return new FailingInputStream(content, bytes);
    }

    public static DigestInputStream sha256(InputStream content) {
        return new DigestInputStream(content, newSha256());
    }

    public static String hex(DigestInputStream digested) {
        return HexFormat.of().formatHex(digested.getMessageDigest().digest());
    }

    /** Reads {@code content} to its end and returns its SHA-256. */
    public static String sha256Of(InputStream content) throws IOException {
        try (DigestInputStream digested = sha256(content)) {
            digested.transferTo(OutputStream.nullOutputStream());
            return hex(digested);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static final class PseudoRandomInputStream extends InputStream {
        private long state;
        private long remaining;

        PseudoRandomInputStream(long seed, long length) {
            this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
            this.remaining = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                // xorshift64: cheap, and a different byte sequence for every seed
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                b[off + i] = (byte) state;
            }
            remaining -= n;
            return n;
        }
    }

    private static final class FailingInputStream extends InputStream {
        private final InputStream content;
        private long remaining;

        FailingInputStream(InputStream content, long bytes) {
            this.content = content;
            this.remaining = bytes;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                throw new IOException("simulated client disconnect");
            }
            int n = content.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
