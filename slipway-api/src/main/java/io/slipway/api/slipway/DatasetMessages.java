package io.slipway.api.slipway;

import io.slipway.core.SlipwayException;
import io.slipway.core.data.DatasetDiff;
import io.slipway.core.data.DatasetFile;
import io.slipway.core.data.DatasetManifest;
import io.slipway.core.data.DatasetSummary;
import io.slipway.core.data.DatasetTag;
import io.slipway.core.data.DatasetVersion;
import io.slipway.core.data.NewDatasetVersion;
import java.util.List;
import java.util.Objects;

/**
 * Versioned datasets under {@code /api/2.0/slipway/datasets/} (see docs/data.md): adding a
 * version (create an upload, PUT the missing blobs, commit it; or first stream big files whose
 * hash is not known yet), reading versions, their files and their blobs, and diffs. Versions,
 * files, diffs and streamed blobs travel as the core records.
 */
public final class DatasetMessages {
    private DatasetMessages() {}

    /** POST datasets/uploads/create: the version to add, as the client's manifest and metadata. */
    public record CreateUpload(String name, List<DatasetFile> files, String format, String schema, Long rowCount, String profile,
            String source, String description, List<DatasetTag> tags) {
        /** The version this upload would add, made by {@code createdBy}; fails naming the field when one is missing. */
        public NewDatasetVersion toNewVersion(String createdBy) {
            if (files == null) {
                throw SlipwayException.missingParameter("files");
            }
            for (int i = 0; i < files.size(); i++) {
                if (files.get(i) == null) {
                    throw SlipwayException.invalidParameter("Invalid value for parameter 'files[%d]': expected an object.", i);
                }
            }
            List<DatasetTag> given = tags == null ? List.of() : tags;
            if (given.stream().anyMatch(Objects::isNull)) {
                throw SlipwayException.invalidParameter("Invalid value for parameter 'tags': expected objects with a key and a value.");
            }
            return new NewDatasetVersion(name == null ? "" : name, new DatasetManifest(files), format, schema, rowCount, profile, source,
                    description, given, createdBy);
        }
    }

    /** The upload's id, the digest the version will have, and the blobs to PUT before committing. */
    public record UploadCreated(String uploadId, String digest, List<String> missingBlobs) {}

    /** POST datasets/blobs/sizes: the sizes of the files the client would rather stream than hash first. */
    public record BlobSizes(List<Long> sizes) {}

    /** Which of those sizes a stored version's or pending upload's file has: files of these sizes are hashed first. */
    public record KnownSizes(List<Long> knownSizes) {}

    /** POST datasets/uploads/commit. */
    public record CommitUpload(String uploadId) {}

    /** GET datasets/versions. */
    public record DatasetName(String name) {}

    /** GET datasets/get and GET datasets/blobs/{sha256}: a version, null meaning the latest. */
    public record DatasetVersionRef(String name, Integer version) {}

    /** GET datasets/diff. */
    public record DiffVersions(String name, Integer from, Integer to) {
        public int requireFrom() {
            return require(from, "from");
        }

        public int requireTo() {
            return require(to, "to");
        }

        private static int require(Integer version, String field) {
            if (version == null) {
                throw SlipwayException.missingParameter(field);
            }
            return version;
        }
    }

    public record DatasetVersionResponse(DatasetVersion datasetVersion) {}

    public record DatasetVersionsResponse(List<DatasetVersion> datasetVersions) {}

    public record DatasetsResponse(List<DatasetSummary> datasets) {}

    public record DiffResponse(DatasetDiff diff) {}
}
