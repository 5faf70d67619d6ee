package io.slipway.core.data;

import static java.util.Objects.requireNonNull;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactPath;
import io.slipway.core.artifacts.ArtifactStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Content-addressed blobs in the artifact store, under {@code datasets/sha256/ab/cdef…}: a file is
 * stored once whatever its name and however many versions hold it. A blob is verified while it
 * streams in: when its bytes do not hash to the address it is written to, the write fails before
 * anything becomes visible (the artifact store's writes are atomic).
 *
 * <p>A blob whose hash the client does not know yet ({@link #putStreamed}) is written once to
 * {@code datasets/staging/}, hashed on the way, and then moved to the address its bytes hash
 * to: one pass over the bytes, and they appear only at their true address.
 */
public final class BlobStore {
    public static final ArtifactPath ROOT = ArtifactPath.parse("datasets/sha256", "root");
    /** Where {@link #putStreamed} writes a blob before its address is known. */
    public static final ArtifactPath STAGING = ArtifactPath.parse("datasets/staging", "root");
    /** The SHA-256 of no bytes: an empty body is checked against it up front, since a store may not read it at all. */
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private final ArtifactStore store;

    public BlobStore(ArtifactStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    public static ArtifactPath pathOf(String sha256) {
        if (!DatasetFile.isSha256(sha256)) {
            throw SlipwayException.invalidParameter("Invalid blob address '%s': 64 lower-case hexadecimal characters.",
                    sha256.length() > 80 ? sha256.substring(0, 80) + "..." : sha256);
        }
        return ROOT.child(sha256.substring(0, 2)).child(sha256.substring(2));
    }

    public boolean exists(String sha256) {
        try {
            return store.stat(pathOf(sha256)).filter(info -> !info.isDir()).isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not look up blob " + sha256 + ": " + e.getMessage(), e);
        }
    }

    /** The blobs of {@code sha256s} not stored yet, in the order given, each once. */
    public List<String> missing(Collection<String> sha256s) {
        return sha256s.stream().distinct().filter(sha -> !exists(sha)).toList();
    }

    /**
     * Stores {@code content} as blob {@code sha256}, verifying it on the way. Fails with
     * INVALID_PARAMETER_VALUE, storing nothing, when the bytes hash to something else or their
     * number differs from {@code length} (when known, else -1).
     */
    public void put(String sha256, InputStream content, long length) {
        ArtifactPath path = pathOf(sha256);
        if (length == 0 && !sha256.equals(EMPTY_SHA256)) {
            throw SlipwayException.invalidParameter("The uploaded bytes have SHA-256 %s (no bytes), not %s; nothing was stored.",
                    EMPTY_SHA256, sha256);
        }
        Verifying verifying = new Verifying(content, sha256, length);
        try {
            store.write(path, verifying, length);
        } catch (IOException e) {
            if (verifying.mismatch != null) {
                throw verifying.mismatch;
            }
            throw new UncheckedIOException("Could not store blob " + sha256 + ": " + e.getMessage(), e);
        }
        if (verifying.mismatch != null) {
            throw verifying.mismatch;
        }
    }

    /**
     * Stores {@code content}, exactly {@code length} bytes, as the blob its bytes hash to; the
     * bytes are read and hashed once. When that blob is already stored, the new copy is dropped.
     * Fails with INVALID_PARAMETER_VALUE, storing nothing, when the bytes are fewer or more than
     * {@code length}; a failure leaves nothing in the staging area.
     */
    public StoredBlob putStreamed(InputStream content, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length is negative: " + length);
        }
        ArtifactPath staged = STAGING.child(UUID.randomUUID().toString().replace("-", ""));
        Hashing hashing = new Hashing(content, length);
        try {
            store.write(staged, hashing, length);
            if (hashing.received != length) {
                // a store that knows the length stops reading there, and may not have asked for the end
                throw SlipwayException.invalidParameter("The upload had %d bytes, not the %d announced; nothing was stored.",
                        hashing.received, length);
            }
            String sha256 = HexFormat.of().formatHex(hashing.digest.digest());
            if (exists(sha256)) {
                store.delete(staged);
            } else {
                store.move(staged, pathOf(sha256));
            }
            return new StoredBlob(sha256, length);
        } catch (IOException e) {
            deleteStaged(staged, e);
            if (hashing.wrongLength != null) {
                throw hashing.wrongLength;
            }
            throw new UncheckedIOException("Could not store the uploaded blob: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            deleteStaged(staged, e);
            throw e;
        }
    }

    private void deleteStaged(ArtifactPath staged, Throwable failure) {
        try {
            store.delete(staged);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    public Optional<InputStream> open(String sha256) {
        try {
            return store.read(pathOf(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read blob " + sha256 + ": " + e.getMessage(), e);
        }
    }

    /**
     * Hashes and counts what passes through, and fails (as the source, so that every store
     * reports it as such) when the bytes end before {@code length} or go beyond it.
     */
    private static final class Hashing extends FilterInputStream {
        private final MessageDigest digest = newSha256();
        private final long length;
        private long received;
        private SlipwayException wrongLength;

        Hashing(InputStream in, long length) {
            super(in);
            this.length = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            int n = super.read(buffer, offset, count);
            if (n < 0 && received < length || n > 0 && received + n > length) {
                wrongLength = SlipwayException.invalidParameter("The upload had %s bytes, not the %d announced; nothing was stored.",
                        n < 0 ? Long.toString(received) : "more than " + length, length);
                throw new IOException(wrongLength.getMessage());
            }
            if (n > 0) {
                digest.update(buffer, offset, n);
                received += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("skipping is not supported while hashing a blob");
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Hashes what passes through and refuses to reach the end when the bytes are not the blob they claim to be. */
    private static final class Verifying extends FilterInputStream {
        private final MessageDigest digest;
        private final String expected;
        private final long expectedLength;
        private long received;
        private boolean ended;
        private SlipwayException mismatch;

        Verifying(InputStream in, String expected, long expectedLength) {
            super(in);
            this.expected = expected;
            this.expectedLength = expectedLength;
            this.digest = newSha256();
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                checkAtEnd();
            } else {
                digest.update((byte) b);
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
                checkAtEnd();
            } else {
                digest.update(buffer, offset, n);
                counted(n);
            }
            return n;
        }

        /**
         * A store that knows the length reads exactly that many bytes and may never ask for the end
         * (S3 does not): so the check runs as soon as the declared length has arrived, and a byte
         * beyond it is a mismatch.
         */
        private void counted(int n) throws IOException {
            received += n;
            if (ended && n > 0) {
                mismatch = new SlipwayException(ErrorCode.INVALID_PARAMETER_VALUE, "Blob " + expected + ": received more than "
                        + expectedLength + " bytes; nothing was stored.");
                throw new IOException(mismatch.getMessage());
            }
            if (expectedLength >= 0 && received >= expectedLength) {
                checkAtEnd();
            }
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("skipping is not supported while verifying a blob");
        }

        private void checkAtEnd() throws IOException {
            if (ended) {
                if (mismatch != null) {
                    throw new IOException(mismatch.getMessage());
                }
                return;
            }
            ended = true;
            String actual = HexFormat.of().formatHex(digest.digest());
            if (expectedLength >= 0 && received != expectedLength) {
                mismatch = new SlipwayException(ErrorCode.INVALID_PARAMETER_VALUE, "Blob " + expected + ": received " + received
                        + " bytes, expected " + expectedLength + "; nothing was stored.");
            } else if (!actual.equals(expected)) {
                mismatch = new SlipwayException(ErrorCode.INVALID_PARAMETER_VALUE, "The uploaded bytes have SHA-256 " + actual
                        + ", not " + expected + "; nothing was stored.");
            }
            if (mismatch != null) {
                throw new IOException(mismatch.getMessage());
            }
        }
    }
}
