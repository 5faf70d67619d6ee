package io.slipway.cli.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.api.mlflow.TrackingMessages.DatasetInputMessage;
import io.slipway.api.mlflow.TrackingMessages.DatasetMessage;
import io.slipway.api.mlflow.TrackingMessages.KeyValue;
import io.slipway.cli.testing.AuthCliServerTest;
import io.slipway.cli.testing.CliRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway models card, card-edit, lineage, mlmodel}: what the server knows about a version, as documents. */
class ModelDocumentsCommandsTest extends AuthCliServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path local;

    @Test
    void cardPrintsTheMarkdownCardWithItsApprovals() {
        Account alice = newAccount("alice");
        String model = modelWithVersion(alice, 0.93);
        String id = alice.client().requestPromotion(model, "1", "champion", "ready", List.of()).id();
        admin.approvePromotion(id, "reviewed the evaluation");

        CliRun run = slipwayAs(alice.token(), "models", "card", "models:/" + model + "@champion");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("#").contains(model, alice.username(), "admin", "reviewed the evaluation");
    }

    @Test
    void cardWritesTheHtmlPageToAFile() {
        Account alice = newAccount("alice");
        String model = modelWithVersion(alice, 0.93);
        Path page = local.resolve("card.html");

        CliRun run = slipwayAs(alice.token(), "models", "card", model, "1", "--format", "html", "--dest", page.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outText()).isEqualTo("Wrote the model card of '" + model + "' version 1 to " + page + ".");
        assertThat(page).content().startsWith("<!DOCTYPE html>").contains(model);
    }

    @Test
    void cardEditSetsTheHandWrittenParts() throws Exception {
        Account alice = newAccount("alice");
        String model = modelWithVersion(alice, 0.93);

        CliRun edit = slipwayAs(alice.token(), "models", "card-edit", model, "1", "--intended-use", "Scores card payments.",
                "--limitations", "Not for wire transfers.");
        JsonNode card = JSON.readTree(slipwayAs(alice.token(), "models", "card", model, "1", "--format", "json").out());

        assertThat(edit.exitCode()).as(edit.toString()).isZero();
        assertThat(edit.outText()).isEqualTo("Updated the model card of '" + model + "' version 1.");
        assertThat(card.at("/card/intended_use").asText()).isEqualTo("Scores card payments.");
        assertThat(card.at("/card/limitations").asText()).isEqualTo("Not for wire transfers.");
    }

    @Test
    void cardEditNeedsEdit() {
        Account alice = newAccount("alice");
        Account reader = newAccount("reader");
        String model = modelWithVersion(alice, 0.93);

        CliRun run = slipwayAs(reader.token(), "models", "card-edit", model, "1", "--limitations", "none");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: PERMISSION_DENIED: ").hasLineCount(1);
    }

    @Test
    void lineageShowsTheRunAndTheDatasetsItTrainedOn() {
        Account alice = newAccount("alice");
        String model = modelWithVersion(alice, 0.93);
        String runId = alice.client().getModelVersion(model, "1").runId();
        alice.client().logInputs(runId, List.of(new DatasetInputMessage(List.of(new KeyValue("mlflow.data.context", "training")),
                new DatasetMessage("transactions", "d1g3st", "s3", "s3://data/tx", null, null))));

        CliRun run = slipwayAs(alice.token(), "models", "lineage", model, "1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Lineage of '" + model + "' version 1").contains(runId + " (train)")
                .containsPattern("transactions\\s+d1g3st\\s+training\\s+s3\\s+s3://data/tx");
    }

    @Test
    void mlmodelPrintsTheDescriptorAsJsonOrYaml() throws Exception {
        Account alice = newAccount("alice");
        String model = modelWithVersion(alice, 0.93);
        String runId = alice.client().getModelVersion(model, "1").runId();

        JsonNode json = JSON.readTree(slipwayAs(alice.token(), "models", "mlmodel", model, "1").out());
        CliRun yaml = slipwayAs(alice.token(), "models", "mlmodel", "models:/" + model + "/1", "--format", "yaml");

        assertThat(json.at("/mlmodel/run_id").asText()).isEqualTo(runId);
        assertThat(json.at("/mlmodel/slipway/run_id").asText()).isEqualTo(runId);
        assertThat(yaml.exitCode()).as(yaml.toString()).isZero();
        assertThat(yaml.out()).contains("run_id: " + runId, "slipway:");
    }
}
