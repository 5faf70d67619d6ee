package io.slipway.cli.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.cli.testing.CliRun;
import io.slipway.cli.testing.CliServerTest;
import io.slipway.core.tracking.Experiment;
import io.slipway.core.tracking.ExperimentTag;
import io.slipway.core.tracking.LifecycleStage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentsCommandTest extends CliServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void createPrintsTheNewIdAndKeepsTags() {
        String name = unique("create");

        CliRun run = slipway("experiments", "create", name, "--tag", "team=risk", "--tag", "note=a=b");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        Experiment experiment = client.getExperiment(run.outText());
        assertThat(experiment.name()).isEqualTo(name);
        assertThat(experiment.tags()).contains(new ExperimentTag("team", "risk"), new ExperimentTag("note", "a=b"));
    }

    @Test
    void createWithArtifactLocationUsesIt() {
        CliRun run = slipway("experiments", "create", unique("located"), "--artifact-location", "mlflow-artifacts:/elsewhere");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(client.getExperiment(run.outText()).artifactLocation()).isEqualTo("mlflow-artifacts:/elsewhere");
    }

    @Test
    void listShowsATableOfMatchingExperiments() {
        String prefix = unique("listed");
        String first = client.createExperiment(prefix + "-one", null, null);
        client.createExperiment(prefix + "-two", null, null);

        CliRun run = slipway("experiments", "list", "--filter", "name LIKE '" + prefix + "%'", "--order-by", "name ASC");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines().toList()).hasSize(3);
        assertThat(run.out().lines().findFirst().orElseThrow()).startsWith("ID").contains("NAME", "LIFECYCLE", "CREATED", "ARTIFACT LOCATION");
        assertThat(run.out().lines().skip(1).findFirst().orElseThrow())
                .startsWith(first + " ").contains(prefix + "-one", "active", "mlflow-artifacts:/" + first);
    }

    @Test
    void listHonoursMaxResults() {
        String prefix = unique("capped");
        for (int i = 0; i < 3; i++) {
            client.createExperiment(prefix + "-" + i, null, null);
        }

        CliRun run = slipway("experiments", "list", "--filter", "name LIKE '" + prefix + "%'", "--max-results", "2");

        assertThat(run.out().lines().count()).as(run.toString()).isEqualTo(3);
    }

    @Test
    void listViewSelectsDeletedExperiments() {
        String prefix = unique("view");
        client.createExperiment(prefix + "-live", null, null);
        client.deleteExperiment(client.createExperiment(prefix + "-gone", null, null));
        String filter = "name LIKE '" + prefix + "%'";

        assertThat(slipway("experiments", "list", "--filter", filter).out()).contains(prefix + "-live").doesNotContain(prefix + "-gone");
        assertThat(slipway("experiments", "list", "--filter", filter, "--view", "deleted").out())
                .contains(prefix + "-gone").doesNotContain(prefix + "-live");
        assertThat(slipway("experiments", "list", "--filter", filter, "--view", "all").out()).contains(prefix + "-gone", prefix + "-live");
    }

    @Test
    void listWithNoMatchSaysSo() {
        CliRun run = slipway("experiments", "list", "--filter", "name = '" + unique("nothing") + "'");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outText()).isEqualTo("No experiments found.");
    }

    @Test
    void getShowsOneExperimentByIdOrByName() {
        String name = unique("shown");
        String id = client.createExperiment(name, null, Map.of("team", "risk"));

        CliRun byId = slipway("experiments", "get", id);
        CliRun byName = slipway("experiments", "get", "--name", name);

        assertThat(byId.exitCode()).as(byId.toString()).isZero();
        assertThat(byId.out()).startsWith("Experiment " + id + ": " + name).contains("active", "mlflow-artifacts:/" + id, "team", "risk");
        assertThat(byName.out()).isEqualTo(byId.out());
    }

    @Test
    void getByUnknownNameIsNotFound() {
        CliRun run = slipway("experiments", "get", "--name", unique("missing"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: RESOURCE_DOES_NOT_EXIST: No experiment named");
    }

    @Test
    void getNeedsExactlyOneOfIdAndName() {
        assertThat(slipway("experiments", "get").exitCode()).isEqualTo(2);
        assertThat(slipway("experiments", "get", "1", "--name", "x").exitCode()).isEqualTo(2);
    }

    @Test
    void renameGivesANewName() {
        String id = newExperiment();
        String newName = unique("renamed");

        CliRun run = slipway("experiments", "rename", id, newName);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(client.getExperiment(id).name()).isEqualTo(newName);
    }

    @Test
    void deleteAndRestoreMoveAnExperimentThroughTheTrash() {
        String id = newExperiment();

        assertThat(slipway("experiments", "delete", id).exitCode()).isZero();
        assertThat(client.getExperiment(id).lifecycleStage()).isEqualTo(LifecycleStage.DELETED);

        assertThat(slipway("experiments", "restore", id).exitCode()).isZero();
        assertThat(client.getExperiment(id).lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    }

    @Test
    void tagSetsAnExperimentTag() {
        String id = newExperiment();

        CliRun run = slipway("experiments", "tag", id, "owner", "ana");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(client.getExperiment(id).tags()).contains(new ExperimentTag("owner", "ana"));
    }

    @Test
    void jsonOutputIsTheApiResponse() throws Exception {
        String name = unique("json");
        String id = client.createExperiment(name, null, null);

        JsonNode created = JSON.readTree(slipway("experiments", "create", unique("json-created"), "-o", "json").out());
        JsonNode got = JSON.readTree(slipway("experiments", "get", id, "--output", "json").out());
        JsonNode listed = JSON.readTree(slipway("experiments", "list", "--filter", "name = '" + name + "'", "-o", "json").out());
        JsonNode renamed = JSON.readTree(slipway("experiments", "rename", id, unique("json-renamed"), "-o", "json").out());

        assertThat(created.get("experiment_id").isTextual()).isTrue();
        assertThat(got.at("/experiment/name").asText()).isEqualTo(name);
        assertThat(got.at("/experiment/lifecycle_stage").asText()).isEqualTo("active");
        assertThat(listed.get("experiments")).hasSize(1);
        assertThat(listed.at("/experiments/0/experiment_id").asText()).isEqualTo(id);
        assertThat(renamed.isEmpty()).isTrue();
    }

    @Test
    void optionsMayComeBeforeTheSubcommand() {
        CliRun run = CliRun.of("experiments", "--tracking-uri", server.url(), "-o", "json", "create", unique("early"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("\"experiment_id\"");
    }
}
