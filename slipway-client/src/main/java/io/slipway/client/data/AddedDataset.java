package io.slipway.client.data;

import static java.util.Objects.requireNonNull;

import io.slipway.core.data.DatasetVersion;

/** The version an add ended with (a new one, or the latest when nothing changed) and what it had to upload. */
public record AddedDataset(DatasetVersion version, boolean created, int blobsUploaded, long bytesUploaded) {
    public AddedDataset {
        requireNonNull(version, "version is null");
    }
}
