package io.slipway.store.jdbc;

import static io.slipway.store.jdbc.AbstractTrackingStoreContractTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.ErrorCode;
import io.slipway.core.data.BlobStore;
import io.slipway.core.data.DataService;
import io.slipway.core.data.DataService.UploadStarted;
import io.slipway.core.data.DatasetDiff;
import io.slipway.core.data.DatasetFile;
import io.slipway.core.data.DatasetManifest;
import io.slipway.core.data.DatasetTag;
import io.slipway.core.data.DatasetValidation;
import io.slipway.core.data.DatasetVersion;
import io.slipway.core.data.NewDatasetVersion;
import io.slipway.core.data.StoredBlob;
import io.slipway.core.data.validation.ExpectationResult;
import io.slipway.core.data.validation.Severity;
import io.slipway.core.data.validation.ValidationReport;
import io.slipway.store.artifact.LocalArtifactStore;
import io.slipway.store.testing.TickingClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versioned datasets as every metadata backend must keep them, driven through {@link DataService}
 * as the server drives it, with blobs in a real local artifact store. Written once, run on SQLite
 * and PostgreSQL.
 */
public abstract class AbstractDatasetStoreContractTest {
    protected static final String ROOT = "mlflow-artifacts:/";
    private static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path artifacts;

    private Database database;
    private DataService data;
    private BlobStore blobs;

    /** A database with an up-to-date, empty schema. */
    protected abstract Database openDatabase();

    protected void closeDatabase(Database database) {
        database.close();
    }

    @BeforeEach
    void open() {
        database = openDatabase();
        blobs = new BlobStore(new LocalArtifactStore(artifacts));
        data = new DataService(new JdbcDatasetStore(database), blobs, new TickingClock(START));
    }

    @AfterEach
    void close() {
        closeDatabase(database);
    }

    @Test
    void aVersionBecomesVisibleOnlyWhenCommittedAfterItsBlobs() {
        Map<String, String> files = files("train.csv", "a,b\n1,2\n", "test.csv", "a,b\n3,4\n");
        UploadStarted started = data.beginUpload(version("transactions", files));
        assertThat(started.missingBlobs()).containsExactlyInAnyOrderElementsOf(files.values().stream().map(this::sha).toList());
        assertThat(data.listDatasets()).isEmpty();
        assertError(() -> data.getVersion("transactions", 1), ErrorCode.RESOURCE_DOES_NOT_EXIST, "transactions");

        upload(files);
        DatasetVersion committed = data.commitUpload(started.upload().id());

        assertThat(committed.version()).isEqualTo(1);
        assertThat(committed.digest()).isEqualTo(started.digest());
        assertThat(committed.files()).extracting(DatasetFile::path).containsExactly("test.csv", "train.csv");
        assertThat(committed.fileCount()).isEqualTo(2);
        assertThat(committed.totalSize()).isEqualTo(16);
        assertThat(data.getVersion("transactions", null)).isEqualTo(committed);
        assertThat(data.listDatasets()).singleElement().satisfies(d -> assertThat(d.latestVersion()).isEqualTo(1));
    }

    @Test
    void aCommitWithMissingBlobsIsRefusedAndCanResumeLater() {
        Map<String, String> files = files("a.bin", "alpha", "b.bin", "beta");
        UploadStarted started = data.beginUpload(version("resumable", files));
        data.putBlob(sha("alpha"), bytes("alpha"), 5);

        assertError(() -> data.commitUpload(started.upload().id()), ErrorCode.INVALID_PARAMETER_VALUE, "1 blob(s) are not stored yet");
        assertThat(data.listDatasets()).isEmpty();
        assertThat(data.beginUpload(version("resumable", files)).missingBlobs()).containsExactly(sha("beta"));

        data.putBlob(sha("beta"), bytes("beta"), 4);
        assertThat(data.commitUpload(started.upload().id()).version()).isEqualTo(1);
    }

    @Test
    void knownFileSizesAreThoseOfCommittedAndPendingFiles() {
        add("sized", files("five.bin", "12345"));
        data.beginUpload(version("sized", files("five.bin", "12345", "seven.bin", "1234567")));

        assertThat(data.knownFileSizes(List.of(9L, 7L, 5L, 5L))).containsExactly(5L, 7L);
        assertThat(data.knownFileSizes(List.of())).isEmpty();
        assertError(() -> data.knownFileSizes(List.of(-1L)), ErrorCode.INVALID_PARAMETER_VALUE, "'sizes'");
    }

    @Test
    void aStreamedBlobIsStoredUnderItsHashAndNeedsNoUpload() {
        StoredBlob stored = data.streamBlob(bytes("streamed"), 8);

        assertThat(stored).isEqualTo(new StoredBlob(sha("streamed"), 8));
        assertThat(data.beginUpload(version("streamed", files("s.bin", "streamed"))).missingBlobs()).isEmpty();
        assertError(() -> data.streamBlob(bytes("short"), 9), ErrorCode.INVALID_PARAMETER_VALUE, "not the 9 announced");
        assertThat(data.hasBlob(sha("short"))).isFalse();
    }

    @Test
    void aNewVersionNeedsOnlyTheBlobsThatChanged() {
        Map<String, String> first = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            first.put("part-" + i + ".csv", "row " + i + "\n");
        }
        add("shards", first);
        Map<String, String> second = new LinkedHashMap<>(first);
        second.put("part-7.csv", "row 7, corrected\n");

        UploadStarted started = data.beginUpload(version("shards", second));

        assertThat(started.missingBlobs()).containsExactly(sha("row 7, corrected\n"));
        upload(Map.of("part-7.csv", "row 7, corrected\n"));
        assertThat(data.commitUpload(started.upload().id()).version()).isEqualTo(2);
    }

    @Test
    void addingUnchangedDataReturnsTheLatestVersion() {
        Map<String, String> files = files("data.csv", "x\n1\n");
        DatasetVersion first = add("stable", files);
        DatasetVersion again = add("stable", files);
        assertThat(again).isEqualTo(first);
        assertThat(data.listVersions("stable")).hasSize(1);
    }

    @Test
    void versionsAreListedNewestFirstWithTheirMetadata() {
        add("grows", files("d.csv", "1"));
        UploadStarted started = data.beginUpload(new NewDatasetVersion("grows", manifest(files("d.csv", "12")), "csv",
                "{\"columns\":[{\"name\":\"x\",\"type\":\"long\"}]}", 2L, "{\"row_count\":2}", "s3://raw/grows", "second cut",
                List.of(new DatasetTag("owner", "risk")), "alice"));
        upload(files("d.csv", "12"));
        data.commitUpload(started.upload().id());

        List<DatasetVersion> versions = data.listVersions("grows");
        assertThat(versions).extracting(DatasetVersion::version).containsExactly(2, 1);
        DatasetVersion latest = versions.get(0);
        assertThat(latest.files()).isEmpty();
        assertThat(latest.rowCount()).isEqualTo(2L);
        assertThat(latest.profile()).isEqualTo("{\"row_count\":2}");
        assertThat(data.getVersion("grows", 2).profile()).isEqualTo("{\"row_count\":2}");
        assertThat(latest.format()).isEqualTo("csv");
        assertThat(latest.source()).isEqualTo("s3://raw/grows");
        assertThat(latest.createdBy()).isEqualTo("alice");
        assertThat(latest.tags()).containsExactly(new DatasetTag("owner", "risk"));
        assertThat(versions.get(1).rowCount()).isNull();
        assertThat(versions.get(1).profile()).isNull();
    }

    @Test
    void diffShowsAddedRemovedAndChangedFilesAndFacts() {
        add("evolving", files("keep.csv", "same", "change.csv", "old", "drop.csv", "gone"));
        add("evolving", files("keep.csv", "same", "change.csv", "new!", "new.csv", "fresh"));

        DatasetDiff diff = data.diff("evolving", 1, 2);

        assertThat(diff.added()).extracting(DatasetFile::path).containsExactly("new.csv");
        assertThat(diff.removed()).extracting(DatasetFile::path).containsExactly("drop.csv");
        assertThat(diff.changed()).singleElement().satisfies(change -> {
            assertThat(change.path()).isEqualTo("change.csv");
            assertThat(change.fromSha256()).isEqualTo(sha("old"));
            assertThat(change.toSha256()).isEqualTo(sha("new!"));
        });
        assertThat(diff.unchanged()).isEqualTo(1);
        assertThat(diff.fields()).extracting(DatasetDiff.FieldChange::field).containsExactly("total_size");
    }

    @Test
    void aBlobWhoseBytesDoNotMatchItsAddressIsNotStored() {
        assertError(() -> data.putBlob(sha("expected"), bytes("tampered"), 8), ErrorCode.INVALID_PARAMETER_VALUE, "nothing was stored");
        assertThat(blobs.exists(sha("expected"))).isFalse();
        assertError(() -> data.putBlob(sha("expected"), bytes("expected"), 99), ErrorCode.INVALID_PARAMETER_VALUE, "expected 99");
        assertThat(blobs.exists(sha("expected"))).isFalse();
        data.putBlob(sha("expected"), bytes("expected"), 8);
        assertThat(blobs.exists(sha("expected"))).isTrue();
    }

    @Test
    void badManifestsAreRefusedBeforeAnythingIsStored() {
        String sha = sha("x");
        assertError(() -> begin("bad", new DatasetFile("../etc/passwd", sha, 1)), ErrorCode.INVALID_PARAMETER_VALUE, "'..'");
        assertError(() -> begin("bad", new DatasetFile("/abs", sha, 1)), ErrorCode.INVALID_PARAMETER_VALUE, "relative path");
        assertError(() -> begin("bad", new DatasetFile("a.csv", "XYZ", 1)), ErrorCode.INVALID_PARAMETER_VALUE, "sha256");
        assertError(() -> begin("bad", new DatasetFile("a.csv", sha, -1)), ErrorCode.INVALID_PARAMETER_VALUE, "negative");
        assertError(() -> begin("bad", new DatasetFile("a.csv", sha, 1), new DatasetFile("a.csv", sha, 1)),
                ErrorCode.INVALID_PARAMETER_VALUE, "appears twice");
        assertError(() -> begin("bad"), ErrorCode.INVALID_PARAMETER_VALUE, "at least one file");
        assertError(() -> begin("bad/name", new DatasetFile("a.csv", sha, 1)), ErrorCode.INVALID_PARAMETER_VALUE, "name");
        assertThat(data.listDatasets()).isEmpty();
    }

    @Test
    void unknownAndMalformedUploadsAreTold() {
        assertError(() -> data.commitUpload("0".repeat(32)), ErrorCode.RESOURCE_DOES_NOT_EXIST, "does not exist");
        assertError(() -> data.commitUpload("nope"), ErrorCode.INVALID_PARAMETER_VALUE, "32 hexadecimal");
        assertError(() -> data.getVersion("never", 1), ErrorCode.RESOURCE_DOES_NOT_EXIST, "never");
        add("once", files("a", "a"));
        assertError(() -> data.getVersion("once", 2), ErrorCode.RESOURCE_DOES_NOT_EXIST, "no version 2");
    }

    @Test
    void concurrentCommitsNumberVersionsWithoutGaps() throws Exception {
        int writers = 6;
        List<String> uploads = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            Map<String, String> files = files("v.csv", "content " + i);
            upload(files);
            uploads.add(data.beginUpload(version("contended", files)).upload().id());
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<DatasetVersion>> commits = new ArrayList<>();
            for (String id : uploads) {
                commits.add(pool.submit((Callable<DatasetVersion>) () -> data.commitUpload(id)));
            }
            List<Integer> numbers = new ArrayList<>();
            for (Future<DatasetVersion> commit : commits) {
                numbers.add(commit.get().version());
            }
            assertThat(numbers).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- validations ----

    @Test
    void aValidationIsStoredWithItsVersionAndReadBackWhole() {
        DatasetVersion version = add("checked", files("d.csv", "a\n1\n"));
        ValidationReport report = ValidationReport.of(List.of(
                result("between", Severity.ERROR, false), result("unique", Severity.WARNING, false), result("not_null", Severity.ERROR, true)));

        DatasetValidation stored = data.recordValidation(version, "expectations: []\n", report, "{\"passed\":false}", "ann");

        assertThat(stored.id()).matches("[0-9a-f]{32}");
        assertThat(stored.passed()).isFalse();
        assertThat(stored.failedErrors()).isEqualTo(1);
        assertThat(stored.failedWarnings()).isEqualTo(1);
        assertThat(stored.reference()).isEqualTo("checked@1");
        assertThat(data.getValidation(stored.id())).isEqualTo(stored);
    }

    @Test
    void validationsAreListedNewestFirstWithoutSuitesOrReports() {
        DatasetVersion first = add("audited", files("d.csv", "1"));
        DatasetVersion second = add("audited", files("d.csv", "2"));
        DatasetValidation older = data.recordValidation(first, "s1", passing(), "{}", "ann");
        DatasetValidation newer = data.recordValidation(second, "s2", passing(), "{}", "bob");
        DatasetValidation newest = data.recordValidation(second, "s3", passing(), "{}", "bob");

        assertThat(data.listValidations("audited", null, null)).containsExactly(newest.summary(), newer.summary(), older.summary());
        assertThat(data.listValidations("audited", 2, null)).extracting(DatasetValidation::id).containsExactly(newest.id(), newer.id());
        assertThat(data.listValidations("audited", 1, null)).extracting(DatasetValidation::id).containsExactly(older.id());
        assertThat(data.listValidations("audited", null, 1)).extracting(DatasetValidation::id).containsExactly(newest.id());
        assertThat(data.listValidations("audited", 2, null).get(0).report()).isNull();
    }

    @Test
    void validationsOfUnknownDatasetsVersionsOrIdsAreNotFound() {
        DatasetVersion version = add("lonely", files("d.csv", "1"));

        assertError(() -> data.listValidations("nobody", null, null), ErrorCode.RESOURCE_DOES_NOT_EXIST, "nobody");
        assertError(() -> data.listValidations("lonely", 2, null), ErrorCode.RESOURCE_DOES_NOT_EXIST, "no version 2");
        assertError(() -> data.listValidations("lonely", null, 0), ErrorCode.INVALID_PARAMETER_VALUE, "max_results");
        assertError(() -> data.getValidation("0".repeat(32)), ErrorCode.RESOURCE_DOES_NOT_EXIST, "does not exist");
        assertError(() -> data.getValidation("nope"), ErrorCode.INVALID_PARAMETER_VALUE, "32 hexadecimal");
        DatasetVersion gone = new DatasetVersion("lonely", 7, version.digest(), 1, 1, "csv", null, null, null, "", "", List.of(), "ann",
                0, List.of());
        assertError(() -> data.recordValidation(gone, "s", passing(), "{}", "ann"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "no version 7");
        assertThat(data.listValidations("lonely", null, null)).isEmpty();
    }

    @Test
    void aVersionsFilesCopyOutAtTheirPaths(@TempDir Path out) throws Exception {
        DatasetVersion version = add("copied", files("part/a.csv", "x\n1\n", "b.csv", "x\n2\n"));

        data.copyFiles(data.getVersion("copied", version.version()).files(), out);

        assertThat(Files.readString(out.resolve("part/a.csv"))).isEqualTo("x\n1\n");
        assertThat(Files.readString(out.resolve("b.csv"))).isEqualTo("x\n2\n");
    }

    // ---- helpers ----

    private static ExpectationResult result(String kind, Severity severity, boolean passed) {
        return new ExpectationResult(kind, "x", severity, passed, "observed", passed ? 0 : 1, List.of());
    }

    private static ValidationReport passing() {
        return ValidationReport.of(List.of(result("not_null", Severity.ERROR, true)));
    }

    private DatasetVersion add(String name, Map<String, String> files) {
        UploadStarted started = data.beginUpload(version(name, files));
        upload(files);
        return data.commitUpload(started.upload().id());
    }

    private void begin(String name, DatasetFile... files) {
        data.beginUpload(new NewDatasetVersion(name, new DatasetManifest(List.of(files)), "", null, null, null, "", "", List.of(), "ann"));
    }

    private void upload(Map<String, String> files) {
        files.values().forEach(content -> data.putBlob(sha(content), bytes(content), content.getBytes(StandardCharsets.UTF_8).length));
    }

    private NewDatasetVersion version(String name, Map<String, String> files) {
        return new NewDatasetVersion(name, manifest(files), "", null, null, null, "", "", List.of(), "ann");
    }

    private DatasetManifest manifest(Map<String, String> files) {
        List<DatasetFile> entries = new ArrayList<>();
        files.forEach((path, content) -> entries.add(new DatasetFile(path, sha(content), content.getBytes(StandardCharsets.UTF_8).length)));
        return new DatasetManifest(entries);
    }

    private static Map<String, String> files(String... pathsAndContents) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(pathsAndContents[i], pathsAndContents[i + 1]);
        }
        return files;
    }

    private String sha(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ByteArrayInputStream bytes(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }
}
