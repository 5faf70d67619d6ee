package io.slipway.core.data;

import static java.util.Objects.requireNonNull;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.data.profile.DatasetProfile;
import io.slipway.core.data.validation.ExpectationResult;
import io.slipway.core.data.validation.Severity;
import io.slipway.core.data.validation.ValidationReport;
import io.slipway.core.registry.RegistryService;
import io.slipway.core.tracking.TrackingValidation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * Versioned datasets. Adding a version is three steps, so that nothing half-added is ever visible
 * and an interrupted add resumes: {@link #beginUpload} records the manifest and answers which
 * blobs the store lacks; the client uploads those ({@link #putBlob}, verified by hash); {@link
 * #commitUpload} checks every blob is there and numbers the version.
 *
 * <p>A client about to upload a big file it has not hashed yet may instead stream it ({@link
 * #streamBlob}): the server hashes it once while storing it and answers the address, so hashing
 * and upload overlap. Streaming a file whose content is already stored would send it again, so
 * the client first asks which of its big files' sizes are {@link #knownFileSizes known} and
 * hashes those first as before.
 */
public final class DataService {
    public static final int MAX_DESCRIPTION_LENGTH = 65_535;
    public static final int MAX_PROFILE_LENGTH = 4 * 1024 * 1024;
    public static final int MAX_FORMAT_LENGTH = 100;
    /** Uploads not committed within this time are forgotten (their blobs stay: another add may use them). */
    public static final Duration UPLOAD_RETENTION = Duration.ofDays(7);
    /** Validations listed when the caller does not say how many, and the most it may ask for. */
    public static final int DEFAULT_VALIDATIONS_LISTED = 100;
    public static final int MAX_VALIDATIONS_LISTED = 1000;
    /** Sizes asked about in one {@link #knownFileSizes} call, at most. */
    public static final int MAX_SIZES_PER_QUERY = 10_000;

    private final DatasetStore store;
    private final BlobStore blobs;
    private final Clock clock;
    private final Function<String, Optional<DatasetProfile>> profiles;

    /** Without a profile reader: diffs leave out column statistics. */
    public DataService(DatasetStore store, BlobStore blobs, Clock clock) {
        this(store, blobs, clock, json -> Optional.empty());
    }

    /** {@code profiles} reads a stored profile's JSON (empty when it cannot), for diffs' column statistics. */
    public DataService(DatasetStore store, BlobStore blobs, Clock clock, Function<String, Optional<DatasetProfile>> profiles) {
        this.store = requireNonNull(store, "store is null");
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.profiles = requireNonNull(profiles, "profiles is null");
    }

    /** A pending upload and the blobs the client still has to send. */
    public record UploadStarted(DatasetUpload upload, String digest, List<String> missingBlobs) {}

    public UploadStarted beginUpload(NewDatasetVersion version) {
        validateName(version.name());
        version.manifest().validate();
        if (version.description().length() > MAX_DESCRIPTION_LENGTH) {
            throw SlipwayException.invalidParameter("The description had length %d, which exceeded length limit of %d.",
                    version.description().length(), MAX_DESCRIPTION_LENGTH);
        }
        if (version.profile() != null && version.profile().length() > MAX_PROFILE_LENGTH) {
            throw SlipwayException.invalidParameter("The profile had length %d, which exceeded length limit of %d.",
                    version.profile().length(), MAX_PROFILE_LENGTH);
        }
        if (version.rowCount() != null && version.rowCount() < 0) {
            throw SlipwayException.invalidParameter("Invalid value %d for parameter 'row_count': it cannot be negative.", version.rowCount());
        }
        if (version.format().length() > MAX_FORMAT_LENGTH || version.format().chars().anyMatch(c -> c < 0x20)) {
            throw SlipwayException.invalidParameter("Invalid value for parameter 'format': at most %d characters, no control characters.",
                    MAX_FORMAT_LENGTH);
        }
        requireNoNul("source", version.source());
        requireNoNul("description", version.description());
        requireNoNul("schema", version.schema());
        version.tags().forEach(tag -> {
            TrackingValidation.validateKey("tag", tag.key());
            requireNoNul("tags.value", tag.value());
        });
        long now = clock.millis();
        store.deleteUploadsBefore(now - UPLOAD_RETENTION.toMillis());
        DatasetUpload upload = store.createUpload(new DatasetUpload(UUID.randomUUID().toString().replace("-", ""), version, now));
        List<String> missing = blobs.missing(version.manifest().files().stream().map(DatasetFile::sha256).toList());
        return new UploadStarted(upload, version.manifest().digest(), missing);
    }

    /** Stores one blob, verified against its address; a blob already stored is not written again. */
    public void putBlob(String sha256, InputStream content, long length) {
        if (blobs.exists(sha256)) {
            return;
        }
        blobs.put(sha256, content, length);
    }

    /**
     * Stores a blob whose address the caller does not know: exactly {@code length} bytes, hashed
     * once on the way in; answers the address. A blob already stored is not stored twice.
     */
    public StoredBlob streamBlob(InputStream content, long length) {
        return blobs.putStreamed(content, length);
    }

    /**
     * Which of {@code sizes} a file of some version or pending upload has, each once: a file of
     * another size cannot be stored yet under any manifest, so streaming it sends nothing twice.
     */
    public List<Long> knownFileSizes(List<Long> sizes) {
        if (sizes == null) {
            throw SlipwayException.missingParameter("sizes");
        }
        if (sizes.size() > MAX_SIZES_PER_QUERY) {
            throw SlipwayException.invalidParameter("Invalid value for parameter 'sizes': at most %d sizes per request, got %d.",
                    MAX_SIZES_PER_QUERY, sizes.size());
        }
        for (Long size : sizes) {
            if (size == null || size < 0) {
                throw SlipwayException.invalidParameter("Invalid value %s in parameter 'sizes': sizes are non-negative integers.", size);
            }
        }
        return sizes.isEmpty() ? List.of() : store.knownFileSizes(new TreeSet<>(sizes));
    }

    public boolean hasBlob(String sha256) {
        return blobs.exists(sha256);
    }

    /** The blob's bytes; 404 when it is not stored. Callers check first that a version the reader may see names it. */
    public InputStream openBlob(String sha256) {
        return blobs.open(sha256).orElseThrow(() -> SlipwayException.notFound("Blob %s is not stored.", sha256));
    }

    /** A pending upload; 404 when it does not exist (or was committed, or expired). */
    public DatasetUpload getUpload(String uploadId) {
        return store.getUpload(requireUploadId(uploadId))
                .orElseThrow(() -> SlipwayException.notFound("Upload '%s' does not exist (or was committed, or expired).", uploadId));
    }

    /**
     * Makes the upload a version once every blob it names is stored; fails with 400 listing (the
     * first few) missing blobs otherwise, and the upload stays pending so the client can resume.
     */
    public DatasetVersion commitUpload(String uploadId) {
        DatasetUpload upload = getUpload(uploadId);
        List<String> missing = blobs.missing(upload.version().manifest().files().stream().map(DatasetFile::sha256).toList());
        if (!missing.isEmpty()) {
            throw SlipwayException.invalidParameter("Upload %s cannot be committed: %d blob(s) are not stored yet, e.g. %s.",
                    uploadId, missing.size(), String.join(", ", missing.subList(0, Math.min(3, missing.size()))));
        }
        return store.commitUpload(uploadId, clock.millis());
    }

    public List<DatasetSummary> listDatasets() {
        return store.listDatasets();
    }

    /** Whether the dataset has any version. */
    public boolean exists(String name) {
        validateName(name);
        return !store.listVersions(name).isEmpty();
    }

    public List<DatasetVersion> listVersions(String name) {
        validateName(name);
        List<DatasetVersion> versions = store.listVersions(name);
        if (versions.isEmpty()) {
            throw datasetNotFound(name);
        }
        return versions;
    }

    /** A version with its files; {@code version} null means the latest. */
    public DatasetVersion getVersion(String name, Integer version) {
        validateName(name);
        int number = version == null ? listVersions(name).get(0).version() : version;
        if (number < 1) {
            throw SlipwayException.invalidParameter("Invalid dataset version %d: versions are positive integers.", number);
        }
        return store.getVersion(name, number).orElseThrow(() -> SlipwayException.notFound(
                "Dataset '%s' has no version %d.", name, number));
    }

    public DatasetDiff diff(String name, int from, int to) {
        return DatasetDiff.between(getVersion(name, from), getVersion(name, to), profiles);
    }

    // ---- validations ----

    /**
     * Copies {@code files} of a version from the blob store into {@code directory}, each at its
     * path in the manifest (so tools that go by file extensions read them), checking every size.
     */
    public void copyFiles(Collection<DatasetFile> files, Path directory) {
        Path root = directory.toAbsolutePath().normalize();
        for (DatasetFile file : files) {
            DatasetFile.validatePath(file.path(), "path");
            Path target = root.resolve(file.path()).normalize();
            if (!target.startsWith(root)) {
                throw new IllegalStateException("A stored path leaves the directory: " + file.path());
            }
            long copied;
            try (InputStream in = openBlob(file.sha256())) {
                Files.createDirectories(target.getParent());
                copied = Files.copy(in, target);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not copy " + file.path() + " out of the blob store: " + e.getMessage(), e);
            }
            if (copied != file.size()) {
                throw new SlipwayException(ErrorCode.INTERNAL_ERROR, "Blob " + file.sha256() + " of " + file.path() + " holds " + copied
                        + " bytes, not " + file.size() + ": the blob store is damaged.");
            }
        }
    }

    /**
     * Stores the outcome of checking {@code version} against {@code suite} (its YAML text, already
     * parsed by the caller); {@code reportJson} is {@code report} as JSON, which this module cannot write.
     */
    public DatasetValidation recordValidation(DatasetVersion version, String suite, ValidationReport report, String reportJson,
            String createdBy) {
        int failedErrors = (int) report.expectations().stream().filter(ExpectationResult::failsValidation).count();
        int failedWarnings = (int) report.failed().stream().filter(r -> r.severity() == Severity.WARNING).count();
        return store.createValidation(new DatasetValidation(UUID.randomUUID().toString().replace("-", ""), version.name(),
                version.version(), report.passed(), failedErrors, failedWarnings, suite, reportJson, createdBy, clock.millis()));
    }

    /** A validation with its suite and report; 404 when there is none with this id. */
    public DatasetValidation getValidation(String id) {
        return store.getValidation(requireHexId(id, "id", "validation"))
                .orElseThrow(() -> SlipwayException.notFound("Validation '%s' does not exist.", id));
    }

    /**
     * The validations of a dataset's version ({@code version} null: of every version), newest
     * first, without suites and reports; 404 when the dataset or the version does not exist.
     */
    public List<DatasetValidation> listValidations(String name, Integer version, Integer maxResults) {
        int max = maxResults == null ? DEFAULT_VALIDATIONS_LISTED : maxResults;
        if (max < 1 || max > MAX_VALIDATIONS_LISTED) {
            throw SlipwayException.invalidParameter("Invalid value %d for parameter 'max_results': between 1 and %d.", max,
                    MAX_VALIDATIONS_LISTED);
        }
        if (version == null) {
            listVersions(name);
        } else {
            getVersion(name, version);
        }
        return store.listValidations(name, version, max);
    }

    public static void validateName(String name) {
        RegistryService.validateName(name, "name");
    }

    public static SlipwayException datasetNotFound(String name) {
        return SlipwayException.notFound("Dataset '%s' does not exist.", name);
    }

    private static void requireNoNul(String field, String value) {
        if (value != null && value.indexOf('\0') >= 0) {
            throw SlipwayException.invalidParameter("Invalid value for parameter '%s': it contains a NUL character.", field);
        }
    }

    private static String requireUploadId(String id) {
        return requireHexId(id, "upload_id", "upload");
    }

    /** An id the service handed out: 32 lower-case hexadecimal characters; {@code field} and {@code what} name it in errors. */
    private static String requireHexId(String id, String field, String what) {
        if (id == null || id.isEmpty()) {
            throw SlipwayException.missingParameter(field);
        }
        if (id.length() != 32 || !id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw SlipwayException.invalidParameter("Invalid %s id '%s': ids are 32 hexadecimal characters.", what,
                    id.length() > 40 ? id.substring(0, 40) + "..." : id);
        }
        return id;
    }
}
