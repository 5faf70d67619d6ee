package io.slipway.core.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Blob storage for artifacts, addressed by {@link ArtifactPath}. Writes are atomic: a reader
 * sees the old content (or nothing) until the new content is complete, and a failed or
 * interrupted write leaves nothing visible behind.
 */
public interface ArtifactStore extends AutoCloseable {
    /**
     * Streams {@code content} to {@code path}, replacing what was there.
     *
     * @param length the number of bytes when known in advance, else -1
     */
    void write(ArtifactPath path, InputStream content, long length) throws IOException;

    /** Opens a file for reading; empty when there is no file at that path. */
    Optional<InputStream> read(ArtifactPath path) throws IOException;

    /** What is at a path: a file, a directory (a prefix of files), or nothing. */
    Optional<FileInfo> stat(ArtifactPath path) throws IOException;

    /**
     * The immediate children of a directory, sorted by name; {@link FileInfo#path()} is the
     * child's name. Empty when the directory does not exist.
     */
    List<FileInfo> list(ArtifactPath directory) throws IOException;

    /**
     * Moves the file at {@code from} to {@code to}, replacing what is there, without reading it
     * through this process: readers of {@code to} see the old content (or nothing) until they see
     * all of the new. For bytes written under a name that is only known once they are all in
     * (a blob's hash). Fails with {@link java.nio.file.NoSuchFileException} when {@code from} is
     * not a file.
     */
    void move(ArtifactPath from, ArtifactPath to) throws IOException;

    /** Deletes a file, or a directory and everything below it. Returns false when nothing was there. */
    boolean delete(ArtifactPath path) throws IOException;

    /** Where the store keeps its blobs, for logs and messages (e.g. {@code s3://bucket/prefix}). */
    String describe();

    @Override
    default void close() throws IOException {}
}
