package io.slipway.cli.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.cli.testing.CliRun;
import io.slipway.cli.testing.CliServerTest;
import io.slipway.core.artifacts.FileInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactsCommandTest extends CliServerTest {
    @TempDir
    Path local;

    @Test
    void uploadedFileListsAndDownloadsBackUnchanged() throws Exception {
        String runId = newRun();
        Path file = Files.writeString(local.resolve("weights.json"), "{\"w\": [1, 2, 3]}");

        CliRun upload = slipway("artifacts", "upload", runId, file.toString(), "--artifact-path", "model");
        CliRun list = slipway("artifacts", "list", runId, "model");
        CliRun download = slipway("artifacts", "download", runId, "model/weights.json", "--dest", local.resolve("back").toString());

        assertThat(upload.exitCode()).as(upload.toString()).isZero();
        assertThat(upload.out()).contains("Uploaded model/weights.json");
        assertThat(list.out()).as(list.toString()).contains("model/weights.json", "16 B");
        assertThat(download.exitCode()).as(download.toString()).isZero();
        assertThat(local.resolve("back/weights.json")).hasContent("{\"w\": [1, 2, 3]}");
    }

    @Test
    void directoriesUploadAndDownloadAsTrees() throws Exception {
        String runId = newRun();
        Path dir = Files.createDirectories(local.resolve("out/plots"));
        Files.writeString(local.resolve("out/report.txt"), "report");
        Files.writeString(dir.resolve("roc.csv"), "fpr,tpr");

        CliRun upload = slipway("artifacts", "upload", runId, local.resolve("out").toString(), "--artifact-path", "eval");
        CliRun tree = slipway("artifacts", "list", runId, "--recursive");
        CliRun download = slipway("artifacts", "download", runId, "eval", "--dest", local.resolve("back").toString());

        assertThat(upload.out()).as(upload.toString()).contains("2 file(s) uploaded");
        assertThat(tree.out().lines().skip(1).map(line -> line.split("\\s+")[0]).toList())
                .containsExactly("eval/", "eval/plots/", "eval/plots/roc.csv", "eval/report.txt");
        assertThat(download.exitCode()).as(download.toString()).isZero();
        assertThat(local.resolve("back/eval/report.txt")).hasContent("report");
        assertThat(local.resolve("back/eval/plots/roc.csv")).hasContent("fpr,tpr");
    }

    @Test
    void recursiveListOfADirectoryGivesPathsFromTheRunsRoot() throws Exception {
        String runId = newRun();
        client.uploadArtifact(runId, "eval/plots/roc.csv", Files.writeString(local.resolve("roc.csv"), "fpr,tpr"));

        CliRun tree = slipway("artifacts", "list", runId, "eval", "--recursive");

        assertThat(tree.out().lines().skip(1).map(line -> line.split("\\s+")[0]).toList())
                .containsExactly("eval/plots/", "eval/plots/roc.csv");
    }

    @Test
    void downloadOfARunWithoutArtifactsSaysSo() {
        CliRun run = slipway("artifacts", "download", newRun(), "/", "--dest", local.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outText()).isEqualTo("No artifacts to download.");
    }

    @Test
    void listOfARunWithoutArtifactsSaysSo() {
        CliRun run = slipway("artifacts", "list", newRun());

        assertThat(run.exitCode()).isZero();
        assertThat(run.outText()).isEqualTo("No artifacts.");
    }

    @Test
    void listJsonIsTheApiResponse() throws Exception {
        String runId = newRun();
        client.uploadArtifact(runId, "a.txt", Files.writeString(local.resolve("a.txt"), "a"));

        JsonNode listing = new ObjectMapper().readTree(slipway("artifacts", "list", runId, "-o", "json").out());

        assertThat(listing.get("root_uri").asText()).endsWith(runId + "/artifacts");
        assertThat(listing.at("/files/0/path").asText()).isEqualTo("a.txt");
        assertThat(listing.at("/files/0/file_size").asLong()).isEqualTo(1);
    }

    @Test
    void uploadOfAMissingFileFailsWithoutCallingTheServer() {
        String runId = newRun();

        CliRun run = slipway("artifacts", "upload", runId, local.resolve("nope.bin").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: No such file or directory: " + local.resolve("nope.bin") + "\n");
        assertThat(client.listArtifacts(runId, "").files()).extracting(FileInfo::path).isEmpty();
    }

    @Test
    void downloadOfAMissingArtifactIsNotFound() {
        CliRun run = slipway("artifacts", "download", newRun(), "nope.bin", "--dest", local.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: RESOURCE_DOES_NOT_EXIST").doesNotContain("\tat ");
    }

    private static String newRun() {
        return client.createRun(newExperiment(), "artifacts", Map.of()).info().runId();
    }
}
