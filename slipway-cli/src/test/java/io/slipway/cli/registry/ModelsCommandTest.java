package io.slipway.cli.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.cli.testing.CliRun;
import io.slipway.cli.testing.CliServerTest;
import io.slipway.core.registry.ModelStage;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.RegisteredModel;
import io.slipway.core.registry.RegistryTag;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Param;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTest extends CliServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEIGHTS = "{\"w\": [1, 2]}";

    @TempDir
    Path local;

    @Test
    void createMakesAModelWithDescriptionAndTags() {
        String name = unique("created");

        CliRun run = slipway("models", "create", name, "--description", "scores transactions", "--tag", "team=risk");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outText()).isEqualTo("Created registered model '" + name + "'.");
        RegisteredModel model = client.getRegisteredModel(name);
        assertThat(model.description()).isEqualTo("scores transactions");
        assertThat(model.tags()).containsExactly(new RegistryTag("team", "risk"));
    }

    @Test
    void createOfATakenNameFails() {
        String name = newModel();

        CliRun run = slipway("models", "create", name);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: RESOURCE_ALREADY_EXISTS: ").contains(name).hasLineCount(1);
    }

    @Test
    void listShowsLatestVersionsAndAliasesOfEveryMatchingModel() throws IOException {
        String prefix = unique("listed");
        String first = client.createRegisteredModel(prefix + "-a", null, Map.of()).name();
        client.createRegisteredModel(prefix + "-b", null, Map.of());
        register(first);
        register(first);
        client.transitionStage(first, "1", "Production", false);
        client.setAlias(first, "champion", "1");

        CliRun run = slipway("models", "list", "--filter", "name LIKE '" + prefix + "%'", "--order-by", "name ASC");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("NAME").contains("LATEST VERSIONS", "ALIASES", "UPDATED");
        assertThat(lines.get(1)).startsWith(first + " ").contains("2, 1 (Production)", "champion=1");
        assertThat(lines.get(2)).startsWith(prefix + "-b");
    }

    @Test
    void listWithNoMatchSaysSo() {
        CliRun run = slipway("models", "list", "--filter", "name = '" + unique("nothing") + "'");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outText()).isEqualTo("No registered models found.");
    }

    @Test
    void getShowsDescriptionVersionsAliasesAndTags() throws IOException {
        String name = client.createRegisteredModel(unique("shown"), "scores transactions", Map.of("team", "risk")).name();
        ModelVersion version = register(name);
        client.setAlias(name, "champion", "1");

        CliRun run = slipway("models", "get", name);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Registered model " + name)
                .contains("scores transactions", version.runId(), version.source(), "models:/" + name + "@champion", "team", "risk");
    }

    @Test
    void getOfAnUnknownModelIsAOneLineError() {
        String name = unique("missing");

        CliRun run = slipway("models", "get", name);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: RESOURCE_DOES_NOT_EXIST: Registered Model with name=" + name + " not found\n");
    }

    @Test
    void renameGivesTheModelANewName() {
        String name = newModel();
        String newName = unique("renamed");

        CliRun run = slipway("models", "rename", name, newName);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(client.findRegisteredModel(name)).isEmpty();
        assertThat(client.findRegisteredModel(newName)).isPresent();
    }

    @Test
    void describeReplacesTheDescription() {
        String name = newModel();

        CliRun run = slipway("models", "describe", name, "now with a description");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(client.getRegisteredModel(name).description()).isEqualTo("now with a description");
    }

    @Test
    void deleteRemovesTheModel() throws IOException {
        String name = newModel();
        register(name);

        CliRun run = slipway("models", "delete", name);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(client.findRegisteredModel(name)).isEmpty();
    }

    @Test
    void tagSetsAModelTag() {
        String name = newModel();

        CliRun run = slipway("models", "tag", name, "owner", "ana");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(client.getRegisteredModel(name).tags()).containsExactly(new RegistryTag("owner", "ana"));
    }

    @Test
    void registerPrintsTheNewVersionOfTheRunsArtifacts() throws IOException {
        String name = newModel();
        register(name);
        String runId = runWithModel();

        CliRun run = slipway("models", "register", runId, "model", "--name", name, "--description", "second cut", "--tag", "data=may");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outText()).isEqualTo("2");
        ModelVersion version = client.getModelVersion(name, "2");
        assertThat(version.source()).isEqualTo("runs:/" + runId + "/model");
        assertThat(version.runId()).isEqualTo(runId);
        assertThat(version.description()).isEqualTo("second cut");
        assertThat(version.tags()).containsExactly(new RegistryTag("data", "may"));
    }

    @Test
    void registerWithCreateCreatesTheModelFirst() throws IOException {
        String name = unique("created-on-register");

        CliRun run = slipway("models", "register", runWithModel(), "model", "--name", name, "--create");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outText()).isEqualTo("1");
        assertThat(client.getModelVersion(name, "1").status().name()).isEqualTo("READY");
    }

    @Test
    void registerWithoutCreateNeedsTheModel() throws IOException {
        String name = unique("absent");

        CliRun run = slipway("models", "register", runWithModel(), "model", "--name", name);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: RESOURCE_DOES_NOT_EXIST: ").contains(name).hasLineCount(1);
    }

    @Test
    void registerNeedsAName() {
        CliRun run = slipway("models", "register", "abc", "model");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--name");
    }

    @Test
    void versionsListsNewestFirstWithStageAliasesAndSource() throws IOException {
        String name = newModel();
        ModelVersion first = register(name);
        register(name);
        client.transitionStage(name, "1", "Staging", false);
        client.setAlias(name, "champion", "1");

        CliRun run = slipway("models", "versions", name);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0).split("\\s+")).containsExactly("VERSION", "STAGE", "ALIASES", "RUN", "SOURCE", "CREATED");
        assertThat(lines.get(1)).startsWith("2 ").contains("None");
        assertThat(lines.get(2)).startsWith("1 ").contains("Staging", "champion", first.runId(), first.source());
    }

    @Test
    void versionsFilterNarrowsTheList() throws IOException {
        String name = newModel();
        register(name);
        ModelVersion second = register(name);

        CliRun run = slipway("models", "versions", name, "--filter", "run_id = '" + second.runId() + "'");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines().skip(1).map(line -> line.split("\\s+")[0]).toList()).containsExactly("2");
    }

    @Test
    void versionsOfAnUnknownModelIsAnError() {
        CliRun run = slipway("models", "versions", unique("missing"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: RESOURCE_DOES_NOT_EXIST: ").hasLineCount(1);
    }

    @Test
    void showResolvesEveryKindOfModelUriToTheSameVersion() throws IOException {
        String name = newModel();
        register(name);
        client.setAlias(name, "champion", "1");
        client.transitionStage(name, "1", "Production", false);

        CliRun byVersion = slipway("models", "show", "models:/" + name + "/1");

        assertThat(byVersion.exitCode()).as(byVersion.toString()).isZero();
        for (String suffix : List.of("@champion", "/latest", "/Production")) {
            assertThat(slipway("models", "show", "models:/" + name + suffix).out()).as(suffix).isEqualTo(byVersion.out());
        }
        assertThat(slipway("models", "show", name, "1").out()).isEqualTo(byVersion.out());
    }

    @Test
    void showGivesTheVersionItsFilesAndItsRunsParamsAndMetrics() throws IOException {
        String name = newModel();
        ModelVersion version = register(name);

        CliRun run = slipway("models", "show", "models:/" + name + "/1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Model version " + name + " 1")
                .contains(version.source(), client.getRun(version.runId()).info().artifactUri() + "/model", version.runId())
                .contains("Run params", "learning_rate", "0.1", "Run metrics", "val_auc", "0.87");
    }

    @Test
    void showRejectsAUriThatNamesNoVersion() {
        CliRun bare = slipway("models", "show", "models:/fraud");
        CliRun notAModelUri = slipway("models", "show", "runs:/abc/model");

        assertThat(bare.exitCode()).isEqualTo(1);
        assertThat(bare.err()).startsWith("error: Invalid model URI 'models:/fraud'").hasLineCount(1);
        assertThat(notAModelUri.exitCode()).isEqualTo(1);
        assertThat(notAModelUri.err()).startsWith("error: Invalid model URI 'runs:/abc/model'");
    }

    @Test
    void showOfAnUnknownAliasIsAnError() throws IOException {
        String name = newModel();
        register(name);

        CliRun run = slipway("models", "show", "models:/" + name + "@nobody");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: INVALID_PARAMETER_VALUE: ").contains("alias nobody not found").hasLineCount(1);
    }

    @Test
    void showOfAnUnknownModelIsAnError() {
        CliRun run = slipway("models", "show", "models:/" + unique("missing") + "/1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: RESOURCE_DOES_NOT_EXIST: ").hasLineCount(1);
    }

    @Test
    void aliasSetPointsTheAliasAtAVersionAndDeleteRemovesIt() throws IOException {
        String name = newModel();
        register(name);
        register(name);

        CliRun set = slipway("models", "alias", "set", name, "champion", "2");

        assertThat(set.exitCode()).as(set.toString()).isZero();
        assertThat(set.outText()).isEqualTo("models:/" + name + "@champion now points to version 2.");
        assertThat(client.getModelVersionByAlias(name, "champion").version()).isEqualTo("2");

        CliRun delete = slipway("models", "alias", "delete", name, "champion");

        assertThat(delete.exitCode()).as(delete.toString()).isZero();
        assertThat(client.getModelVersion(name, "2").aliases()).isEmpty();
    }

    @Test
    void aliasSetRefusesABadAliasName() throws IOException {
        String name = newModel();
        register(name);

        CliRun spaced = slipway("models", "alias", "set", name, "my champion", "1");
        CliRun reserved = slipway("models", "alias", "set", name, "v2", "1");

        assertThat(spaced.exitCode()).isEqualTo(1);
        assertThat(spaced.err()).startsWith("error: INVALID_PARAMETER_VALUE: Invalid alias name: 'my champion'").hasLineCount(1);
        assertThat(reserved.exitCode()).isEqualTo(1);
        assertThat(reserved.err()).contains("reserved");
    }

    @Test
    void aliasSetOnAnUnknownVersionIsAnError() {
        CliRun run = slipway("models", "alias", "set", newModel(), "champion", "4");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: RESOURCE_DOES_NOT_EXIST: ");
    }

    @Test
    void stageMovesAVersionAndCanArchiveTheOneItReplaces() throws IOException {
        String name = newModel();
        register(name);
        register(name);
        client.transitionStage(name, "1", "Production", false);

        CliRun run = slipway("models", "stage", name, "2", "production", "--archive-existing");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Moved '" + name + "' version 2 to Production.");
        assertThat(client.getModelVersion(name, "2").currentStage()).isEqualTo(ModelStage.PRODUCTION);
        assertThat(client.getModelVersion(name, "1").currentStage()).isEqualTo(ModelStage.ARCHIVED);
    }

    @Test
    void stageRefusesAnUnknownStageAsAUsageError() {
        CliRun run = slipway("models", "stage", "any", "1", "live");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("STAGE", "live").hasLineCount(1);
    }

    @Test
    void downloadFetchesTheFilesOfTheVersionAnAliasNames() throws IOException {
        String name = newModel();
        register(name);
        client.setAlias(name, "champion", "1");
        Path dest = local.resolve("champion");

        CliRun run = slipway("models", "download", "models:/" + name + "@champion", "--dest", dest.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(dest.resolve("weights.json")).hasContent(WEIGHTS);
        assertThat(dest.resolve("nested/config.txt")).hasContent("depth=2");
        assertThat(run.out()).contains("Downloaded " + dest.resolve("weights.json"), "'" + name + "' version 1 is in " + dest);
    }

    @Test
    void downloadOfAnUnknownModelIsAnError() {
        CliRun run = slipway("models", "download", "models:/" + unique("missing") + "/latest", "--dest", local.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: RESOURCE_DOES_NOT_EXIST: ").hasLineCount(1);
    }

    @Test
    void jsonOutputIsTheApiResponse() throws Exception {
        String name = newModel();
        register(name);

        JsonNode registered = JSON.readTree(slipway("models", "register", runWithModel(), "model", "--name", name, "-o", "json").out());
        JsonNode shown = JSON.readTree(slipway("models", "show", "models:/" + name + "/latest", "-o", "json").out());
        JsonNode listed = JSON.readTree(slipway("models", "versions", name, "-o", "json").out());
        JsonNode got = JSON.readTree(slipway("models", "get", name, "-o", "json").out());

        assertThat(registered.at("/model_version/version").asText()).isEqualTo("2");
        assertThat(shown.at("/model_version/version").asText()).isEqualTo("2");
        assertThat(listed.get("model_versions")).hasSize(2);
        assertThat(got.at("/registered_model/name").asText()).isEqualTo(name);
    }

    @Test
    void optionsMayComeBeforeTheNestedSubcommand() throws IOException {
        String name = newModel();
        register(name);

        CliRun run = CliRun.of("models", "--tracking-uri", server.url(), "alias", "set", name, "champion", "1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(client.getModelVersionByAlias(name, "champion").version()).isEqualTo("1");
    }

    private static String newModel() {
        return client.createRegisteredModel(unique("model"), null, Map.of()).name();
    }

    /** A finished training run with a param, a metric and {@code model/} (weights.json, nested/config.txt) in its artifacts. */
    private String runWithModel() throws IOException {
        String runId = client.createRun(newExperiment(), "train", Map.of()).info().runId();
        client.logBatch(runId, List.of(new Metric("val_auc", 0.87, System.currentTimeMillis(), 1)),
                List.of(new Param("learning_rate", "0.1")), List.of());
        Path dir = Files.createDirectories(local.resolve("upload-" + runId));
        client.uploadArtifact(runId, "model/weights.json", Files.writeString(dir.resolve("weights.json"), WEIGHTS));
        client.uploadArtifact(runId, "model/nested/config.txt", Files.writeString(dir.resolve("config.txt"), "depth=2"));
        client.finishRun(runId);
        return runId;
    }

    private ModelVersion register(String name) throws IOException {
        String runId = runWithModel();
        return client.createModelVersion(name, "runs:/" + runId + "/model", runId, null, Map.of());
    }
}
