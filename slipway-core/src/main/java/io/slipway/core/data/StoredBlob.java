package io.slipway.core.data;

import static java.util.Objects.requireNonNull;

/** A blob stored from a stream whose hash the server worked out: the address its bytes hash to, and how many there were. */
public record StoredBlob(String sha256, long size) {
    public StoredBlob {
        requireNonNull(sha256, "sha256 is null");
        if (!DatasetFile.isSha256(sha256)) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size is negative: " + size);
        }
    }
}
