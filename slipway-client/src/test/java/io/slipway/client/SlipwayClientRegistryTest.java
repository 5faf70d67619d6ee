package io.slipway.client;

import static io.slipway.client.ClientAssertions.assertClientError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.slipway.core.Page;
import io.slipway.core.artifacts.FileInfo;
import io.slipway.core.registry.ModelAlias;
import io.slipway.core.registry.ModelStage;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.ModelVersionStatus;
import io.slipway.core.registry.RegisteredModel;
import io.slipway.core.registry.RegistryTag;
import io.slipway.core.tracking.Run;
import io.slipway.server.Slipway;
import io.slipway.server.SlipwayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's model registry calls against a real in-process server (SQLite and a local artifact directory), started once. */
class SlipwayClientRegistryTest {
    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    static Path dataDir;

    private static Slipway server;
    private static SlipwayClient client;
    private static String experimentId;

    @BeforeAll
    static void startServer() {
        server = Slipway.start(SlipwayConfig.embedded(dataDir).withPort(0));
        client = SlipwayClient.connect(server.url());
        experimentId = client.createExperiment("registry-test", null, Map.of());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Tests share one server: every model gets a name no other test uses. */
    private static String uniqueName(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    private static RegisteredModel newModel() {
        return client.createRegisteredModel(uniqueName("model"), null, Map.of());
    }

    /** A run with {@code model/weights.json} in its artifacts, as a training script leaves it. */
    private static Run runWithModel() throws IOException {
        Run run = client.createRun(experimentId, null, Map.of());
        Path weights = Files.writeString(dataDir.resolve("weights-" + run.info().runId() + ".json"), "{\"w\": [1, 2]}");
        client.uploadArtifact(run.info().runId(), "model/weights.json", weights);
        return run;
    }

    private static ModelVersion newVersion(String model) throws IOException {
        Run run = runWithModel();
        return client.createModelVersion(model, "runs:/" + run.info().runId() + "/model", run.info().runId(), null, Map.of());
    }

    @Nested
    class RegisteredModels {
        @Test
        void createsModelWithDescriptionAndTags() {
            String name = uniqueName("created");

            RegisteredModel created = client.createRegisteredModel(name, "scores transactions", Map.of("team", "risk"));

            assertThat(created.name()).isEqualTo(name);
            assertThat(created.description()).isEqualTo("scores transactions");
            assertThat(created.tags()).containsExactly(new RegistryTag("team", "risk"));
            assertThat(client.getRegisteredModel(name)).isEqualTo(created);
        }

        @Test
        void refusesSecondModelOfTheSameName() {
            String name = newModel().name();

            assertClientError(400, "RESOURCE_ALREADY_EXISTS", () -> client.createRegisteredModel(name, null, Map.of()))
                    .hasMessageContaining(name);
        }

        @Test
        void refusesNameWithSlash() {
            assertClientError(400, "INVALID_PARAMETER_VALUE", () -> client.createRegisteredModel("fraud/v2", null, Map.of()))
                    .hasMessageContaining("'/'");
        }

        @Test
        void reportsUnknownModel() {
            String name = uniqueName("never-created");

            assertClientError(404, "RESOURCE_DOES_NOT_EXIST", () -> client.getRegisteredModel(name)).hasMessageContaining(name);
        }

        @Test
        void findsModelByNameOrNothing() {
            String name = newModel().name();

            assertThat(client.findRegisteredModel(name)).map(RegisteredModel::name).contains(name);
            assertThat(client.findRegisteredModel(uniqueName("never-created"))).isEmpty();
        }

        @Test
        void renamesModelAndItsVersions() throws IOException {
            String oldName = newModel().name();
            newVersion(oldName);
            String newName = uniqueName("renamed");

            RegisteredModel renamed = client.renameRegisteredModel(oldName, newName);

            assertThat(renamed.name()).isEqualTo(newName);
            assertThat(client.getModelVersion(newName, "1").name()).isEqualTo(newName);
            assertClientError(404, "RESOURCE_DOES_NOT_EXIST", () -> client.getRegisteredModel(oldName));
        }

        @Test
        void replacesDescription() {
            String name = client.createRegisteredModel(uniqueName("described"), "first", Map.of()).name();

            assertThat(client.updateRegisteredModel(name, "second").description()).isEqualTo("second");
            assertThat(client.getRegisteredModel(name).description()).isEqualTo("second");
        }

        @Test
        void deletesModelWithItsVersions() throws IOException {
            String name = newModel().name();
            newVersion(name);

            client.deleteRegisteredModel(name);

            assertClientError(404, "RESOURCE_DOES_NOT_EXIST", () -> client.getRegisteredModel(name));
            assertClientError(404, "RESOURCE_DOES_NOT_EXIST", () -> client.getModelVersion(name, "1"));
        }

        @Test
        void reportsDeleteOfUnknownModel() {
            assertClientError(404, "RESOURCE_DOES_NOT_EXIST", () -> client.deleteRegisteredModel(uniqueName("never-created")));
        }

        @Test
        void pagesThroughSearchResults() {
            String prefix = uniqueName("paged");
            List<String> names = List.of(prefix + "-a", prefix + "-b", prefix + "-c");
            names.forEach(name -> client.createRegisteredModel(name, null, Map.of()));

            List<List<String>> pages = new ArrayList<>();
            String token = null;
            do {
                Page<RegisteredModel> page = client.searchRegisteredModels("name LIKE '" + prefix + "-%'", 2L, List.of("name DESC"), token);
                pages.add(page.items().stream().map(RegisteredModel::name).toList());
                token = page.nextPageToken();
            } while (token != null);

            assertThat(pages).containsExactly(List.of(prefix + "-c", prefix + "-b"), List.of(prefix + "-a"));
        }

        @Test
        void reportsInvalidSearchFilter() {
            assertClientError(400, "INVALID_PARAMETER_VALUE", () -> client.searchRegisteredModels("version = 1", null, null, null));
        }

        @Test
        void setsAndDeletesTag() {
            String name = newModel().name();

            client.setRegisteredModelTag(name, "owner", "ana");
            assertThat(client.getRegisteredModel(name).tags()).containsExactly(new RegistryTag("owner", "ana"));

            client.deleteRegisteredModelTag(name, "owner");
            assertThat(client.getRegisteredModel(name).tags()).isEmpty();
        }

        @Test
        void reportsTagOfUnknownModel() {
            assertClientError(404, "RESOURCE_DOES_NOT_EXIST", () -> client.setRegisteredModelTag(uniqueName("never-created"), "k", "v"));
        }
    }

    @Nested
    class ModelVersions {
        @Test
        void registersVersionFromRunArtifacts() throws IOException {
            String name = newModel().name();
            Run run = runWithModel();
            String source = "runs:/" + run.info().runId() + "/model";

            ModelVersion version = client.createModelVersion(name, source, null, "first cut", Map.of("data", "2024-05"));

            assertThat(version.name()).isEqualTo(name);
            assertThat(version.version()).isEqualTo("1");
            assertThat(version.source()).isEqualTo(source);
            assertThat(version.runId()).isEqualTo(run.info().runId());
            assertThat(version.description()).isEqualTo("first cut");
            assertThat(version.tags()).containsExactly(new RegistryTag("data", "2024-05"));
            assertThat(version.currentStage()).isEqualTo(ModelStage.NONE);
            assertThat(version.status()).isEqualTo(ModelVersionStatus.READY);
            assertThat(client.getModelVersion(name, "1")).isEqualTo(version);
        }

        @Test
        void numbersVersionsOfEachModelFromOne() throws IOException {
            String first = newModel().name();
            String second = newModel().name();

            assertThat(newVersion(first).version()).isEqualTo("1");
            assertThat(newVersion(first).version()).isEqualTo("2");
            assertThat(newVersion(second).version()).isEqualTo("1");
        }

        @Test
        void reportsVersionOfUnknownModel() throws IOException {
            Run run = runWithModel();
            String name = uniqueName("never-created");

            assertClientError(404, "RESOURCE_DOES_NOT_EXIST",
                    () -> client.createModelVersion(name, "runs:/" + run.info().runId() + "/model", null, null, Map.of()))
                    .hasMessageContaining(name);
        }

        @Test
        void reportsVersionFromUnknownRun() {
            String name = newModel().name();

            assertClientError(404, "RESOURCE_DOES_NOT_EXIST",
                    () -> client.createModelVersion(name, "runs:/0123456789abcdef0123456789abcdef/model", null, null, Map.of()));
        }

        @Test
        void refusesLocalPathAsSource() {
            String name = newModel().name();

            assertClientError(400, "INVALID_PARAMETER_VALUE", () -> client.createModelVersion(name, "/tmp/model", null, null, Map.of()))
                    .hasMessageContaining("local paths are not accepted");
        }

        @Test
        void reportsUnknownVersion() {
            String name = newModel().name();

            assertClientError(404, "RESOURCE_DOES_NOT_EXIST", () -> client.getModelVersion(name, "7"))
                    .hasMessageContaining("version=7");
        }

        @Test
        void refusesVersionThatIsNotANumber() {
            String name = newModel().name();

            assertClientError(400, "INVALID_PARAMETER_VALUE", () -> client.getModelVersion(name, "one"))
                    .hasMessageContaining("positive integers");
        }

        @Test
        void replacesDescription() throws IOException {
            String name = newModel().name();
            newVersion(name);

            assertThat(client.updateModelVersion(name, "1", "validated").description()).isEqualTo("validated");
            assertThat(client.getModelVersion(name, "1").description()).isEqualTo("validated");
        }

        @Test
        void transitionsStageAndArchivesTheVersionItReplaces() throws IOException {
            String name = newModel().name();
            newVersion(name);
            newVersion(name);
            client.transitionStage(name, "1", "Production", false);

            ModelVersion promoted = client.transitionStage(name, "2", "production", true);

            assertThat(promoted.currentStage()).isEqualTo(ModelStage.PRODUCTION);
            assertThat(client.getModelVersion(name, "1").currentStage()).isEqualTo(ModelStage.ARCHIVED);
        }

        @Test
        void refusesUnknownStage() throws IOException {
            String name = newModel().name();
            newVersion(name);

            assertClientError(400, "INVALID_PARAMETER_VALUE", () -> client.transitionStage(name, "1", "Live", false))
                    .hasMessageContaining("Invalid Model Version stage: Live");
        }

        @Test
        void getsLatestVersionOfEachStage() throws IOException {
            String name = newModel().name();
            newVersion(name);
            newVersion(name);
            newVersion(name);
            client.transitionStage(name, "1", "Staging", false);

            assertThat(client.getLatestVersions(name, List.of("Staging"))).extracting(ModelVersion::version).containsExactly("1");
            assertThat(client.getLatestVersions(name, List.of())).extracting(ModelVersion::version).containsExactlyInAnyOrder("1", "3");
        }

        @Test
        void deletesVersion() throws IOException {
            String name = newModel().name();
            newVersion(name);

            client.deleteModelVersion(name, "1");

            assertClientError(404, "RESOURCE_DOES_NOT_EXIST", () -> client.getModelVersion(name, "1"));
        }

        @Test
        void reportsDeleteOfUnknownVersion() {
            String name = newModel().name();

            assertClientError(404, "RESOURCE_DOES_NOT_EXIST", () -> client.deleteModelVersion(name, "3"));
        }

        @Test
        void pagesThroughVersionSearch() throws IOException {
            String name = newModel().name();
            for (int i = 0; i < 3; i++) {
                newVersion(name);
            }

            List<List<String>> pages = new ArrayList<>();
            String token = null;
            do {
                Page<ModelVersion> page = client.searchModelVersions("name = '" + name + "'", 2L, List.of("version_number ASC"), token);
                pages.add(page.items().stream().map(ModelVersion::version).toList());
                token = page.nextPageToken();
            } while (token != null);

            assertThat(pages).containsExactly(List.of("1", "2"), List.of("3"));
        }

        @Test
        void findsVersionsOfARun() throws IOException {
            String name = newModel().name();
            ModelVersion version = newVersion(name);

            List<ModelVersion> found = client.searchModelVersions("run_id = '" + version.runId() + "'", null, null, null).items();

            assertThat(found).extracting(ModelVersion::name, ModelVersion::version).containsExactly(tuple(name, "1"));
        }

        @Test
        void setsAndDeletesTag() throws IOException {
            String name = newModel().name();
            newVersion(name);

            client.setModelVersionTag(name, "1", "validated", "yes");
            assertThat(client.getModelVersion(name, "1").tags()).containsExactly(new RegistryTag("validated", "yes"));

            client.deleteModelVersionTag(name, "1", "validated");
            assertThat(client.getModelVersion(name, "1").tags()).isEmpty();
        }

        @Test
        void reportsTagOfUnknownVersion() {
            String name = newModel().name();

            assertClientError(404, "RESOURCE_DOES_NOT_EXIST", () -> client.setModelVersionTag(name, "5", "k", "v"));
        }

        @Test
        void downloadUriPointsIntoTheRunsArtifacts() throws IOException {
            String name = newModel().name();
            ModelVersion version = newVersion(name);

            String uri = client.getModelVersionDownloadUri(name, "1");

            assertThat(uri).isEqualTo(client.getRun(version.runId()).info().artifactUri() + "/model");
        }
    }

    @Nested
    class Aliases {
        @Test
        void aliasNamesAVersionUntilMoved() throws IOException {
            String name = newModel().name();
            newVersion(name);
            newVersion(name);

            client.setAlias(name, "champion", "1");
            assertThat(client.getModelVersionByAlias(name, "champion").version()).isEqualTo("1");
            assertThat(client.getModelVersion(name, "1").aliases()).containsExactly("champion");

            client.setAlias(name, "champion", "2");
            assertThat(client.getModelVersionByAlias(name, "champion").version()).isEqualTo("2");
            assertThat(client.getRegisteredModel(name).aliases()).containsExactly(new ModelAlias("champion", "2"));
        }

        @Test
        void deletedAliasNoLongerResolves() throws IOException {
            String name = newModel().name();
            newVersion(name);
            client.setAlias(name, "champion", "1");

            client.deleteAlias(name, "champion");

            assertThat(client.getModelVersion(name, "1").aliases()).isEmpty();
            assertClientError(400, "INVALID_PARAMETER_VALUE", () -> client.getModelVersionByAlias(name, "champion"))
                    .hasMessageContaining("alias champion not found");
        }

        @Test
        void refusesAliasWithInvalidCharacters() throws IOException {
            String name = newModel().name();
            newVersion(name);

            assertClientError(400, "INVALID_PARAMETER_VALUE", () -> client.setAlias(name, "my champion", "1"))
                    .hasMessageContaining("Invalid alias name");
        }

        @Test
        void refusesReservedAlias() throws IOException {
            String name = newModel().name();
            newVersion(name);

            assertClientError(400, "INVALID_PARAMETER_VALUE", () -> client.setAlias(name, "latest", "1"))
                    .hasMessageContaining("reserved");
        }

        @Test
        void reportsAliasToUnknownVersion() {
            String name = newModel().name();

            assertClientError(404, "RESOURCE_DOES_NOT_EXIST", () -> client.setAlias(name, "champion", "9"));
        }
    }

    @Nested
    class ModelUris {
        @Test
        void resolvesEveryKindOfModelUri() throws IOException {
            String name = newModel().name();
            newVersion(name);
            newVersion(name);
            newVersion(name);
            client.setAlias(name, "champion", "1");
            client.transitionStage(name, "2", "Production", false);

            assertThat(client.resolveModel("models:/" + name + "/3").version()).isEqualTo("3");
            assertThat(client.resolveModel("models:/" + name + "@champion").version()).isEqualTo("1");
            assertThat(client.resolveModel("models:/" + name + "/Production").version()).isEqualTo("2");
            assertThat(client.resolveModel("models:/" + name + "/latest").version()).isEqualTo("3");
        }

        @Test
        void refusesMalformedUriWithoutAsking() {
            assertClientError(0, "INVALID_PARAMETER_VALUE", () -> client.resolveModel("models:/fraud"))
                    .hasMessageContaining("Invalid model URI 'models:/fraud'");
            assertClientError(0, "INVALID_PARAMETER_VALUE", () -> client.resolveModel("runs:/abc/model"));
        }

        @Test
        void reportsLatestOfModelWithoutVersions() {
            String name = newModel().name();

            assertClientError(404, "RESOURCE_DOES_NOT_EXIST", () -> client.resolveModel("models:/" + name + "/latest"))
                    .hasMessageContaining("has no versions");
        }

        @Test
        void reportsStageWithoutVersions() throws IOException {
            String name = newModel().name();
            newVersion(name);

            assertClientError(404, "RESOURCE_DOES_NOT_EXIST", () -> client.resolveModel("models:/" + name + "/Staging"))
                    .hasMessageContaining("no version in stage Staging");
        }

        @Test
        void reportsUnknownModel() {
            assertClientError(404, "RESOURCE_DOES_NOT_EXIST", () -> client.resolveModel("models:/" + uniqueName("never-created") + "/1"));
        }
    }

    @Nested
    class ArtifactsByUri {
        @TempDir
        Path localDir;

        @Test
        void listsAndDownloadsTheFilesOfAVersion() throws IOException {
            String name = newModel().name();
            newVersion(name);
            String uri = client.getModelVersionDownloadUri(name, "1");

            List<FileInfo> files = client.listArtifactDirectory(uri);
            client.downloadArtifactFile(uri + "/weights.json", localDir.resolve("weights.json"));

            assertThat(files).containsExactly(new FileInfo("weights.json", false, 13L));
            assertThat(localDir.resolve("weights.json")).hasContent("{\"w\": [1, 2]}");
        }

        @Test
        void listsNothingInAnEmptyDirectory() throws IOException {
            Run run = runWithModel();

            assertThat(client.listArtifactDirectory(run.info().artifactUri() + "/nothing-here")).isEmpty();
        }

        @Test
        void refusesUriTheProxyDoesNotServe() {
            assertClientError(0, "INVALID_PARAMETER_VALUE", () -> client.listArtifactDirectory("s3://bucket/model"))
                    .hasMessageContaining("not served by the artifact proxy");
            assertClientError(0, "INVALID_PARAMETER_VALUE",
                    () -> client.downloadArtifactFile("s3://bucket/model/w.bin", localDir.resolve("w")));
        }
    }
}
