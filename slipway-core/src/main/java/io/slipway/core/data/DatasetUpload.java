package io.slipway.core.data;

import static java.util.Objects.requireNonNull;

/**
 * A dataset version being added: recorded before its blobs are uploaded and invisible until it
 * is committed, so an interrupted add leaves nothing a reader can see.
 */
public record DatasetUpload(String id, NewDatasetVersion version, long creationTimestamp) {
    public DatasetUpload {
        requireNonNull(id, "id is null");
        requireNonNull(version, "version is null");
    }
}
