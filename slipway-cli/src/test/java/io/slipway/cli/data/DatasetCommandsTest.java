package io.slipway.cli.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.cli.testing.CliRun;
import io.slipway.cli.testing.CliServerTest;
import io.slipway.core.data.DatasetVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCommandsTest extends CliServerTest {
    @TempDir
    Path local;

    private Path data;
    private String hashCache;

    @BeforeEach
    void writeTwentyFiles() throws IOException {
        data = Files.createDirectories(local.resolve("cards"));
        // blobs are shared by every dataset on the server: this test's files must be its own
        long salt = ThreadLocalRandom.current().nextLong(1, 1_000_000);
        for (int i = 0; i < 20; i++) {
            write("part-" + i + ".csv", "amount,country\n" + i + "." + salt + ",FR\n");
        }
        hashCache = local.resolve("cache").resolve("hashes.db").toString();
    }

    @Test
    void aChangedFileUploadsOnlyItselfAndShowsInTheDiff() throws IOException {
        String name = unique("cards");
        CliRun first = add(name);
        write("part-7.csv", "amount,country\n700.0,DE\n");

        CliRun second = add(name);
        CliRun diff = slipway("data", "diff", name + "@1", name + "@2");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("Added " + name + "@1", "20 files", "uploaded 20 file(s)");
        assertThat(second.out()).as(second.toString()).contains("Added " + name + "@2", "uploaded 1 file(s)");
        assertThat(diff.exitCode()).as(diff.toString()).isZero();
        assertThat(diff.out()).contains("0 added, 0 removed, 1 changed, 19 unchanged").containsPattern("~\\s+part-7.csv");
        // the profiles of both versions: part-7's amount grew a hundredfold and its country changed
        assertThat(diff.out()).containsPattern("amount\\s+max\\s+19\\.\\d+\\s+700").containsPattern("amount\\s+mean")
                .containsPattern("country\\s+share of 'FR'\\s+100.00%\\s+95.00%")
                .containsPattern("country\\s+share of 'DE'\\s+0.00%\\s+5.00%");
    }

    @Test
    void reAddingUnchangedDataKeepsTheVersion() {
        String name = unique("cards");
        add(name);

        CliRun again = add(name);

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("Unchanged: " + name + "@1", "uploaded 0 file(s)");
        assertThat(client.listDatasetVersions(name)).hasSize(1);
    }

    @Test
    void getRestoresIdenticalBytes() throws IOException {
        String name = unique("cards");
        add(name);
        Path back = local.resolve("back");

        CliRun get = slipway("data", "get", name + "@1", back.toString());

        assertThat(get.exitCode()).as(get.toString()).isZero();
        for (int i = 0; i < 20; i++) {
            assertThat(Files.readAllBytes(back.resolve("part-" + i + ".csv"))).isEqualTo(Files.readAllBytes(data.resolve("part-" + i + ".csv")));
        }
        try (var files = Files.list(back)) {
            assertThat(files.count()).isEqualTo(20);
        }
    }

    @Test
    void showListsTheMetadataAndFilesAndLsTheDataset() {
        String name = unique("cards");
        slipway("data", "add", data.toString(), "--name", name, "--hash-cache", hashCache, "--tag", "owner=risk",
                "--description", "card transactions", "--source", "s3://bucket/cards");

        CliRun show = slipway("data", "show", name);
        CliRun ls = slipway("data", "ls");

        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains("Dataset " + name + "@1", "csv", "owner=risk", "card transactions", "s3://bucket/cards",
                "part-19.csv");
        assertThat(ls.out()).as(ls.toString()).containsPattern(name + "\\s+v1");
    }

    @Test
    void jsonOutputIsTheApisMessage() {
        String name = unique("cards");
        add(name);

        CliRun show = slipway("data", "show", name + "@1", "-o", "json");

        assertThat(show.out()).contains("\"dataset_version\"", "\"file_count\" : 20");
    }

    @Test
    void tabularFilesAreProfiledWithTheirRowsAndSchema() {
        String name = unique("cards");

        assertThat(add(name).exitCode()).isZero();

        DatasetVersion version = client.getDatasetVersion(name, 1);
        assertThat(version.rowCount()).isEqualTo(20L);
        assertThat(version.schema()).contains("mlflow_colspec", "\"name\":\"amount\",\"type\":\"double\"",
                "\"name\":\"country\",\"type\":\"string\"");
        assertThat(version.profile()).contains("\"row_count\":20", "\"name\":\"amount\"", "\"histogram\"");
        assertThat(slipway("data", "show", name + "@1").out()).contains("rows", "20", "mlflow_colspec");
    }

    @Test
    void aMalformedCsvFailsTheAddNamingTheLineAndStoresNothing() throws IOException {
        write("part-3.csv", "amount,country\n1.5,FR\n2.5\n");
        String name = unique("cards");

        CliRun add = add(name);

        assertThat(add.exitCode()).as(add.toString()).isEqualTo(1);
        assertThat(add.err()).startsWith("error: ").contains("part-3.csv");
        assertThat(client.listDatasets()).noneMatch(d -> d.name().equals(name));
    }

    @Test
    void aPathThatDoesNotExistIsAOneLineError() {
        CliRun add = slipway("data", "add", local.resolve("nope").toString(), "--name", unique("cards"), "--hash-cache", hashCache);

        assertThat(add.exitCode()).isEqualTo(1);
        assertThat(add.err().lines()).hasSize(1).first().asString().startsWith("error: ").contains("nope");
        assertThat(add.out()).isEmpty();
    }

    @Test
    void aReferenceWithoutAVersionIsAUsageErrorForDiff() {
        CliRun diff = slipway("data", "diff", "cards", "cards@2");

        assertThat(diff.exitCode()).isEqualTo(2);
        assertThat(diff.err()).contains("NAME@VERSION");
    }

    @Test
    void formatsAreGuessedFromExtensions() throws IOException {
        assertThat(DatasetCommands.guessFormat(data)).isEqualTo("csv");
        assertThat(DatasetCommands.guessFormat(Files.writeString(local.resolve("x.ndjson"), "{}"))).isEqualTo("jsonl");
        write("notes.txt", "mixed");
        assertThat(DatasetCommands.guessFormat(data)).isEqualTo("binary");
    }

    private CliRun add(String name) {
        return slipway("data", "add", data.toString(), "--name", name, "--hash-cache", hashCache);
    }

    /** Writes a file with an mtime outside the racy window, so the hash cache may keep it. */
    private void write(String relative, String content) throws IOException {
        Path file = Files.writeString(data.resolve(relative), content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS).plusMillis(relative.hashCode() % 1000)));
    }
}
