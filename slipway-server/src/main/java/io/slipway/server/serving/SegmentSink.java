package io.slipway.server.serving;

import java.nio.file.Path;

/**
 * Where the prediction log's Parquet segments go: the artifact store, directly in the server,
 * through the REST API from a replica. {@code relativePath} is under the log's root, e.g.
 * {@code predictions/deployment=fraud/date=2026-11-28/part-1764345600000-3f2a.parquet}.
 */
public interface SegmentSink {
    /** Stores {@code file} (a complete segment) at {@code relativePath}, replacing nothing: paths are unique. */
    void store(String relativePath, Path file);
}
