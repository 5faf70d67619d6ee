package io.slipway.client;

import static io.slipway.client.ClientAssertions.assertClientError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.api.mlflow.TrackingMessages.ListArtifactsResponse;
import io.slipway.core.Page;
import io.slipway.core.artifacts.FileInfo;
import io.slipway.core.tracking.Experiment;
import io.slipway.core.tracking.ExperimentTag;
import io.slipway.core.tracking.LifecycleStage;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.MlflowTags;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunInfo;
import io.slipway.core.tracking.RunStatus;
import io.slipway.core.tracking.RunTag;
import io.slipway.core.tracking.ViewType;
import io.slipway.server.Slipway;
import io.slipway.server.SlipwayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Java client against a real in-process server (SQLite and a local artifact directory), started once for all tests. */
class SlipwayClientTest {
    private static final String MISSING_RUN_ID = "0123456789abcdef0123456789abcdef";
    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    static Path dataDir;

    private static Slipway server;
    private static SlipwayClient client;

    @BeforeAll
    static void startServer() {
        server = Slipway.start(SlipwayConfig.embedded(dataDir).withPort(0));
        client = SlipwayClient.connect(server.url());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Tests share one server: every experiment gets a name no other test uses. */
    private static String uniqueName(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    private static String newExperiment() {
        return client.createExperiment(uniqueName("experiment"), null, Map.of());
    }

    private static Run newRun() {
        return client.createRun(newExperiment(), null, Map.of());
    }

    @Nested
    class Experiments {
        @Test
        void createsExperimentWithTags() {
            String name = uniqueName("tagged");
            String id = client.createExperiment(name, null, Map.of("team", "vision"));

            Experiment experiment = client.getExperiment(id);
            assertThat(experiment.name()).isEqualTo(name);
            assertThat(experiment.tags()).contains(new ExperimentTag("team", "vision"));
            assertThat(experiment.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
            assertThat(experiment.artifactLocation()).isEqualTo("mlflow-artifacts:/" + id);
        }

        @Test
        void findsExperimentByName() {
            String name = uniqueName("findable");
            String id = client.createExperiment(name, null, Map.of());
            assertThat(client.findExperimentByName(name)).map(Experiment::experimentId).contains(id);
        }

        @Test
        void findsNothingForUnknownName() {
            assertThat(client.findExperimentByName(uniqueName("never-created"))).isEmpty();
        }

        @Test
        void pagesThroughSearchResults() {
            String prefix = uniqueName("paged");
            List<String> names = IntStream.range(0, 5).mapToObj(i -> prefix + "-" + i).toList();
            names.forEach(name -> client.createExperiment(name, null, Map.of()));

            List<List<String>> pages = new ArrayList<>();
            String token = null;
            do {
                Page<Experiment> page = client.searchExperiments("name LIKE '" + prefix + "-%'", ViewType.ACTIVE_ONLY, 2L, List.of("name ASC"), token);
                pages.add(page.items().stream().map(Experiment::name).toList());
                token = page.nextPageToken();
            } while (token != null);

            assertThat(pages).containsExactly(names.subList(0, 2), names.subList(2, 4), names.subList(4, 5));
        }

        @Test
        void renamesExperiment() {
            String oldName = uniqueName("old");
            String newName = uniqueName("new");
            String id = client.createExperiment(oldName, null, Map.of());

            client.renameExperiment(id, newName);

            assertThat(client.getExperiment(id).name()).isEqualTo(newName);
            assertThat(client.findExperimentByName(oldName)).isEmpty();
        }

        @Test
        void deletesAndRestoresExperiment() {
            String name = uniqueName("trashed");
            String id = client.createExperiment(name, null, Map.of());
            String filter = "name = '" + name + "'";

            client.deleteExperiment(id);
            assertThat(client.getExperiment(id).lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
            assertThat(client.searchExperiments(filter, ViewType.ACTIVE_ONLY, null, null, null).items()).isEmpty();
            assertThat(client.searchExperiments(filter, ViewType.DELETED_ONLY, null, null, null).items()).hasSize(1);

            client.restoreExperiment(id);
            assertThat(client.getExperiment(id).lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        }

        @Test
        void findsDeletedExperimentByName() {
            String name = uniqueName("deleted");
            String id = client.createExperiment(name, null, Map.of());
            client.deleteExperiment(id);
            assertThat(client.findExperimentByName(name)).map(Experiment::lifecycleStage).contains(LifecycleStage.DELETED);
        }

        @Test
        void setsAndOverwritesExperimentTag() {
            String id = newExperiment();
            client.setExperimentTag(id, "owner", "alice");
            client.setExperimentTag(id, "owner", "bob");
            assertThat(client.getExperiment(id).tags()).contains(new ExperimentTag("owner", "bob")).doesNotContain(new ExperimentTag("owner", "alice"));
        }
    }

    @Nested
    class Runs {
        @Test
        void createsRunWithNameAndTags() {
            String experimentId = newExperiment();
            Run run = client.createRun(experimentId, "baseline", Map.of("team", "vision"));

            RunInfo info = run.info();
            assertThat(info.runName()).isEqualTo("baseline");
            assertThat(info.experimentId()).isEqualTo(experimentId);
            assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(info.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
            assertThat(info.endTime()).isNull();
            assertThat(info.artifactUri()).isEqualTo("mlflow-artifacts:/" + experimentId + "/" + info.runId() + "/artifacts");
            assertThat(run.data().tags()).contains(new RunTag("team", "vision"), new RunTag(MlflowTags.RUN_NAME, "baseline"));
        }

        @Test
        void getsCreatedRun() {
            Run run = newRun();
            assertThat(client.getRun(run.info().runId()).info()).isEqualTo(run.info());
        }

        @Test
        void logsBatchOfMetricsParamsAndTags() {
            String runId = newRun().info().runId();

            client.logBatch(runId,
                    List.of(new Metric("acc", 0.5, 1000, 0), new Metric("acc", 0.7, 2000, 1), new Metric("loss", 0.3, 1000, 0)),
                    List.of(new Param("lr", "0.01")),
                    List.of(new RunTag("stage", "dev")));

            Run run = client.getRun(runId);
            assertThat(run.data().metrics()).containsExactlyInAnyOrder(new Metric("acc", 0.7, 2000, 1), new Metric("loss", 0.3, 1000, 0));
            assertThat(run.data().params()).containsExactly(new Param("lr", "0.01"));
            assertThat(run.data().tags()).contains(new RunTag("stage", "dev"));
        }

        @Test
        void logsSingleMetricParamAndTag() {
            String runId = newRun().info().runId();

            client.logMetric(runId, "f1 score", 0.8, 1234, 7);
            client.logParam(runId, "optimizer", "adam");
            client.setTag(runId, "note", "first try");

            Run run = client.getRun(runId);
            assertThat(run.data().metrics()).containsExactly(new Metric("f1 score", 0.8, 1234, 7));
            assertThat(run.data().params()).containsExactly(new Param("optimizer", "adam"));
            assertThat(run.data().tags()).contains(new RunTag("note", "first try"));
        }

        @Test
        void deletesTag() {
            String runId = newRun().info().runId();
            client.setTag(runId, "temporary", "x");

            client.deleteTag(runId, "temporary");

            assertThat(client.getRun(runId).data().tags()).extracting(RunTag::key).doesNotContain("temporary");
        }

        @Test
        void updatesStatusAndName() {
            String runId = newRun().info().runId();

            RunInfo info = client.updateRun(runId, RunStatus.KILLED, null, "renamed");

            assertThat(info.status()).isEqualTo(RunStatus.KILLED);
            assertThat(info.runName()).isEqualTo("renamed");
            assertThat(client.getRun(runId).info().runName()).isEqualTo("renamed");
        }

        @Test
        void finishesRun() {
            Run run = newRun();

            RunInfo info = client.finishRun(run.info().runId());

            assertThat(info.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(info.endTime()).isNotNull().isGreaterThanOrEqualTo(run.info().startTime());
        }

        @Test
        void deletesAndRestoresRun() {
            String runId = newRun().info().runId();

            client.deleteRun(runId);
            assertThat(client.getRun(runId).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);

            client.restoreRun(runId);
            assertThat(client.getRun(runId).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        }

        @Test
        void searchesRunsWithFilterAndOrder() {
            String experimentId = newExperiment();
            for (Map.Entry<String, Double> entry : Map.of("low", 0.2, "high", 0.9, "mid", 0.6).entrySet()) {
                String runId = client.createRun(experimentId, entry.getKey(), Map.of()).info().runId();
                client.logMetric(runId, "acc", entry.getValue(), 1000, 0);
            }

            Page<Run> page = client.searchRuns(List.of(experimentId), "metrics.acc > 0.5", ViewType.ACTIVE_ONLY, null,
                    List.of("metrics.acc DESC"), null);

            assertThat(page.items()).extracting(run -> run.info().runName()).containsExactly("high", "mid");
            assertThat(page.nextPageToken()).isNull();
        }

        @Test
        void searchFindsDeletedRunsOnlyWhenAskedTo() {
            String experimentId = newExperiment();
            String runId = client.createRun(experimentId, null, Map.of()).info().runId();
            client.deleteRun(runId);

            assertThat(client.searchRuns(List.of(experimentId), null, ViewType.ACTIVE_ONLY, null, null, null).items()).isEmpty();
            assertThat(client.searchRuns(List.of(experimentId), null, ViewType.DELETED_ONLY, null, null, null).items())
                    .extracting(run -> run.info().runId()).containsExactly(runId);
        }

        @Test
        void pagesThroughRunSearch() {
            String experimentId = newExperiment();
            for (String name : List.of("a", "b", "c")) {
                client.createRun(experimentId, name, Map.of());
            }

            Page<Run> first = client.searchRuns(List.of(experimentId), null, null, 2, List.of("attributes.run_name ASC"), null);
            Page<Run> second = client.searchRuns(List.of(experimentId), null, null, 2, List.of("attributes.run_name ASC"), first.nextPageToken());

            assertThat(first.items()).extracting(run -> run.info().runName()).containsExactly("a", "b");
            assertThat(second.items()).extracting(run -> run.info().runName()).containsExactly("c");
            assertThat(second.nextPageToken()).isNull();
        }
    }

    @Nested
    class MetricHistory {
        private static final int POINTS = 26_000;
        private static final int BATCH = 1_000;

        private List<Metric> history(int from, int to) {
            return IntStream.range(from, to).mapToObj(step -> new Metric("loss", 1.0 / (step + 1), 1_700_000_000_000L + step, step)).toList();
        }

        @Test
        void readsHistoryLongerThanOnePage() {
            String runId = newRun().info().runId();
            for (int from = 0; from < POINTS; from += BATCH) {
                client.logBatch(runId, history(from, from + BATCH), List.of(), List.of());
            }
            assertThat(server.tracking().getMetricHistory(runId, "loss", 25_000, null).nextPageToken())
                    .as("the history spans more than one page of the client's page size")
                    .isNotNull();

            assertThat(client.getMetricHistory(runId, "loss")).isEqualTo(history(0, POINTS));
        }

        @Test
        void readsEmptyHistoryOfUnknownMetric() {
            assertThat(client.getMetricHistory(newRun().info().runId(), "never-logged")).isEmpty();
        }

        @Test
        void keepsNonFiniteValues() {
            String runId = newRun().info().runId();
            List<Metric> points = List.of(new Metric("odd", Double.NaN, 1, 0), new Metric("odd", Double.POSITIVE_INFINITY, 1, 1),
                    new Metric("odd", Double.NEGATIVE_INFINITY, 1, 2));
            client.logBatch(runId, points, List.of(), List.of());

            assertThat(client.getMetricHistory(runId, "odd")).isEqualTo(points);
        }
    }

    @Nested
    class Artifacts {
        @TempDir
        Path localDir;

        private Path localFile(String name, byte[] content) throws IOException {
            return Files.write(localDir.resolve(name), content);
        }

        private static byte[] randomBytes(int size) {
            byte[] bytes = new byte[size];
            new Random(42).nextBytes(bytes);
            return bytes;
        }

        @Test
        void downloadsWhatWasUploaded() throws IOException {
            String runId = newRun().info().runId();
            byte[] content = randomBytes(300_000);
            client.uploadArtifact(runId, "model.bin", localFile("model.bin", content));

            Path downloaded = localDir.resolve("downloaded.bin");
            client.downloadArtifact(runId, "model.bin", downloaded);

            assertThat(downloaded).hasBinaryContent(content);
        }

        @Test
        void uploadsToNestedPath() throws IOException {
            String runId = newRun().info().runId();
            client.uploadArtifact(runId, "model/weights/w.bin", localFile("w.bin", randomBytes(10)));

            assertThat(client.listArtifacts(runId, null).files()).containsExactly(new FileInfo("model", true, null));
            assertThat(client.listArtifacts(runId, "model/weights").files()).containsExactly(new FileInfo("model/weights/w.bin", false, 10L));
        }

        @Test
        void roundTripsNameWithSpace() throws IOException {
            String runId = newRun().info().runId();
            byte[] content = "hello, artifacts".getBytes();
            client.uploadArtifact(runId, "notes/read me.txt", localFile("local name.txt", content));

            Path downloaded = localDir.resolve("copy.txt");
            client.downloadArtifact(runId, "notes/read me.txt", downloaded);

            assertThat(downloaded).hasBinaryContent(content);
            assertThat(client.listArtifacts(runId, "notes").files()).extracting(FileInfo::path).containsExactly("notes/read me.txt");
        }

        @Test
        void listsRunRootWithItsUri() throws IOException {
            Run run = newRun();
            client.uploadArtifact(run.info().runId(), "b.txt", localFile("b.txt", new byte[3]));
            client.uploadArtifact(run.info().runId(), "a.txt", localFile("a.txt", new byte[2]));

            ListArtifactsResponse listing = client.listArtifacts(run.info().runId(), "");

            assertThat(listing.rootUri()).isEqualTo(run.info().artifactUri());
            assertThat(listing.files()).containsExactly(new FileInfo("a.txt", false, 2L), new FileInfo("b.txt", false, 3L));
        }

        @Test
        void listsNothingForFreshRun() {
            assertThat(client.listArtifacts(newRun().info().runId(), null).files()).isEmpty();
        }

        @Test
        void createsParentDirectoriesOfDownload() throws IOException {
            String runId = newRun().info().runId();
            client.uploadArtifact(runId, "x.txt", localFile("x.txt", new byte[] {1, 2, 3}));

            Path downloaded = localDir.resolve("deep/er/x.txt");
            client.downloadArtifact(runId, "x.txt", downloaded);

            assertThat(downloaded).hasBinaryContent(new byte[] {1, 2, 3});
        }

        @Test
        void reportsMissingArtifact() {
            String runId = newRun().info().runId();
            assertClientError(404, "RESOURCE_DOES_NOT_EXIST", () -> client.downloadArtifact(runId, "absent.txt", localDir.resolve("x")))
                    .hasMessageContaining("No artifact at");
            assertThat(localDir.resolve("x")).doesNotExist();
        }

        @Test
        void rejectsMissingLocalFile() {
            String runId = newRun().info().runId();
            assertThatThrownBy(() -> client.uploadArtifact(runId, "x.txt", localDir.resolve("nope.txt")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("No such file");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a+b.txt", "#1?x=y&z.txt", "100%.txt", "ünï cödé.txt", "semi;colon,comma.txt"})
        void roundTripsNamesThatNeedEncoding(String name) throws IOException {
            String runId = newRun().info().runId();
            client.uploadArtifact(runId, "odd/" + name, localFile("odd.bin", new byte[] {7}));

            Path downloaded = localDir.resolve("odd-copy.bin");
            client.downloadArtifact(runId, "odd/" + name, downloaded);

            assertThat(downloaded).hasBinaryContent(new byte[] {7});
            assertThat(client.listArtifacts(runId, "odd").files()).extracting(FileInfo::path).containsExactly("odd/" + name);
        }

        @Test
        void refusesToDownloadDirectory() throws IOException {
            String runId = newRun().info().runId();
            client.uploadArtifact(runId, "model/w.bin", localFile("w.bin", new byte[1]));

            assertClientError(400, "INVALID_PARAMETER_VALUE", () -> client.downloadArtifact(runId, "model", localDir.resolve("model")))
                    .hasMessageContaining("is a directory");
        }

        @Test
        void reportsLocalFailureOfDownloadAsLocal() throws IOException {
            String runId = newRun().info().runId();
            client.uploadArtifact(runId, "x.txt", localFile("x.txt", new byte[] {1}));
            Path notADirectory = localFile("plain-file", new byte[0]);

            assertThatThrownBy(() -> client.downloadArtifact(runId, "x.txt", notADirectory.resolve("x.txt")))
                    .hasMessageNotContaining("Cannot reach the Slipway server")
                    .hasMessageContaining("plain-file");
        }
    }

    @Nested
    class Errors {
        @Test
        void reportsMissingRun() {
            assertClientError(404, "RESOURCE_DOES_NOT_EXIST", () -> client.getRun(MISSING_RUN_ID))
                    .hasMessageContaining("Run with id=" + MISSING_RUN_ID + " not found");
        }

        @Test
        void reportsMissingExperiment() {
            assertClientError(404, "RESOURCE_DOES_NOT_EXIST", () -> client.getExperiment("999999"))
                    .hasMessageContaining("No Experiment with id=999999 exists");
        }

        @Test
        void reportsDuplicateExperimentAsBadRequest() {
            String name = uniqueName("duplicate");
            client.createExperiment(name, null, Map.of());

            assertClientError(400, "RESOURCE_ALREADY_EXISTS", () -> client.createExperiment(name, null, Map.of()))
                    .hasMessageContaining("Experiment(name=" + name + ") already exists.");
        }

        @Test
        void reportsInvalidFilter() {
            assertClientError(400, "INVALID_PARAMETER_VALUE",
                    () -> client.searchRuns(List.of(newExperiment()), "metrics.acc > 1 OR params.lr = '1'", null, null, null, null))
                    .hasMessageContaining("Clauses can only be joined by AND");
        }

        @Test
        void reportsInvalidKeyInBatch() {
            String runId = newRun().info().runId();
            assertClientError(400, "INVALID_PARAMETER_VALUE", () -> client.logParam(runId, "../escape", "x"))
                    .hasMessageContaining("Invalid param name");
        }

        @Test
        void describesItselfWithCodeAndStatus() {
            assertThatThrownBy(() -> client.getRun(MISSING_RUN_ID))
                    .asString()
                    .startsWith("RESOURCE_DOES_NOT_EXIST (HTTP 404): ");
        }
    }
}
