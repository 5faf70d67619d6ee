package io.slipway.client.data;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * SHA-256 of a file's bytes, streamed. {@link MessageDigest} SHA-256 is a HotSpot intrinsic
 * (SHA-NI where the CPU has it), so reading is what there is to tune: a 256 KiB heap buffer
 * filled by a {@link FileChannel} measured as fast as 1-4 MiB, direct buffers and mmap here
 * (all within noise of {@code openssl dgst -sha256}) while staying in the L2 cache.
 */
public final class FileDigests {
    static final int BUFFER_BYTES = 256 * 1024;

    private static final LongConsumer NO_PROGRESS = bytesDone -> { };

    private FileDigests() {
    }

    /** Lower-case hex SHA-256 of the file's contents. */
    public static String sha256(Path file) throws IOException {
        return sha256(file, NO_PROGRESS);
    }

    /**
     * Lower-case hex SHA-256 of the file's contents; {@code progress} receives the bytes hashed
     * so far after each buffer, on the calling thread.
     */
    public static String sha256(Path file, LongConsumer progress) throws IOException {
        requireNonNull(file, "file is null");
        requireNonNull(progress, "progress is null");
        MessageDigest digest = newSha256();
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(1, Math.min(BUFFER_BYTES, size)));
            long done = 0;
            // small files get a buffer of their own size; one that grows meanwhile is still read to its end
            while (channel.read(buffer) >= 0) {
                digest.update(buffer.array(), 0, buffer.position());
                done += buffer.position();
                buffer.clear();
                progress.accept(done);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A fresh SHA-256 digest (every Java runtime has one). */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
