package io.slipway.core.data;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where named datasets, their numbered versions (with manifests) and pending uploads live.
 * Version numbers are allocated per dataset at commit, without gaps or reuse, also with several
 * servers committing at once.
 */
public interface DatasetStore {
    DatasetUpload createUpload(DatasetUpload upload);

    Optional<DatasetUpload> getUpload(String id);

    /**
     * Turns an upload into the dataset's next version and deletes the upload, in one transaction.
     * When the dataset's latest version has the same digest, no version is added and that one is
     * returned (adding unchanged data is idempotent). Fails with RESOURCE_DOES_NOT_EXIST for an
     * unknown upload.
     */
    DatasetVersion commitUpload(String id, long now);

    /**
     * Which of {@code sizes} some version's or pending upload's file has: a file of any other
     * size cannot be a blob a version or upload names.
     */
    List<Long> knownFileSizes(Collection<Long> sizes);

    /** Drops uploads created before {@code cutoff}; returns how many. */
    int deleteUploadsBefore(long cutoff);

    List<DatasetSummary> listDatasets();

    /** The dataset's versions, newest first, without their files. */
    List<DatasetVersion> listVersions(String name);

    /** One version with its files. */
    Optional<DatasetVersion> getVersion(String name, int version);

    /** Stores a validation of an existing version; fails with RESOURCE_DOES_NOT_EXIST when the version is not there. */
    DatasetValidation createValidation(DatasetValidation validation);

    /** One validation with its suite and report. */
    Optional<DatasetValidation> getValidation(String id);

    /**
     * Validations of the dataset ({@code version} null: of all its versions), newest first, at
     * most {@code maxResults}, without suites and reports.
     */
    List<DatasetValidation> listValidations(String name, Integer version, int maxResults);
}
