package io.slipway.core.data;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a new dataset version is made of, before the store numbers it. {@code schema} is JSON text
 * (columns and types) or null, {@code rowCount} null when unknown (not tabular), {@code profile}
 * the per-column statistics as JSON text (a {@code DatasetProfile}) or null.
 */
public record NewDatasetVersion(
        String name,
        DatasetManifest manifest,
        String format,
        String schema,
        Long rowCount,
        String profile,
        String source,
        String description,
        List<DatasetTag> tags,
        String createdBy) {
    public NewDatasetVersion {
        requireNonNull(name, "name is null");
        requireNonNull(manifest, "manifest is null");
        format = format == null ? "" : format;
        source = source == null ? "" : source;
        description = description == null ? "" : description;
        tags = List.copyOf(requireNonNull(tags, "tags is null"));
        createdBy = createdBy == null ? "" : createdBy;
    }
}
