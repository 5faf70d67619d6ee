package io.slipway.core.data;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A committed, numbered version of a named dataset: its manifest digest, size, format, schema,
 * row count, profile (per-column statistics as JSON text, null when not tabular), where it came from, who added it and when. {@code files} is empty when versions are
 * listed and full when one version is read.
 */
public record DatasetVersion(
        String name,
        int version,
        String digest,
        long fileCount,
        long totalSize,
        String format,
        String schema,
        Long rowCount,
        String profile,
        String source,
        String description,
        List<DatasetTag> tags,
        String createdBy,
        long creationTimestamp,
        List<DatasetFile> files) {
    /** How many hex digits of the manifest digest a run logs as the MLflow dataset digest. */
    public static final int MLFLOW_DIGEST_LENGTH = 32;
    public static final String MLFLOW_SOURCE_SCHEME = "slipway-dataset:";
    /** The MLflow dataset {@code source_type} of a Slipway dataset version. */
    public static final String MLFLOW_SOURCE_TYPE = "slipway";

    public DatasetVersion {
        requireNonNull(name, "name is null");
        requireNonNull(digest, "digest is null");
        format = format == null ? "" : format;
        source = source == null ? "" : source;
        description = description == null ? "" : description;
        createdBy = createdBy == null ? "" : createdBy;
        tags = List.copyOf(requireNonNull(tags, "tags is null"));
        files = List.copyOf(requireNonNull(files, "files is null"));
    }

    public DatasetVersion withTags(List<DatasetTag> newTags) {
        return new DatasetVersion(name, version, digest, fileCount, totalSize, format, schema, rowCount, profile, source, description,
                newTags, createdBy, creationTimestamp, files);
    }

    public DatasetVersion withFiles(List<DatasetFile> newFiles) {
        return new DatasetVersion(name, version, digest, fileCount, totalSize, format, schema, rowCount, profile, source, description,
                tags, createdBy, creationTimestamp, newFiles);
    }

    /** {@code name@version}, how the CLI names it. */
    public String reference() {
        return name + "@" + version;
    }

    /**
     * The digest a run logs for this version as an MLflow dataset input: MLflow caps digests at 36
     * characters, so the first {@value #MLFLOW_DIGEST_LENGTH} hex digits of the manifest digest. Lineage
     * finds the runs that used a version by it.
     */
    public String mlflowDigest() {
        return digest.substring(0, MLFLOW_DIGEST_LENGTH);
    }

    /** The URI a run logs as the MLflow dataset's source: {@code slipway-dataset:NAME@VERSION}. */
    public String mlflowSourceUri() {
        return MLFLOW_SOURCE_SCHEME + reference();
    }
}
