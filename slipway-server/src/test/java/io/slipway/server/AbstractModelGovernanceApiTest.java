package io.slipway.server;

import static io.slipway.server.AbstractMlflowServerTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.slipway.api.mlmodel.MlModel;
import io.slipway.core.audit.AuditChain;
import io.slipway.core.governance.LineageService;
import io.slipway.server.testing.TestHttp;
import io.slipway.server.testing.TestHttp.Response;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What Slipway knows about a model version, over HTTP with authentication on: the MLmodel
 * descriptor stored at registration, the model card and who may edit it, and lineage from a
 * version to its datasets and back. Written once and run against each storage combination.
 */
public abstract class AbstractModelGovernanceApiTest extends AbstractServerTest {
    private static final String MLFLOW = "/api/2.0/mlflow/";
    private static final String SLIPWAY = "/api/2.0/slipway/";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The MLmodel file mlflow.sklearn.log_model writes, trimmed to what a card shows. */
    private static final String SKLEARN_MLMODEL = """
            artifact_path: model
            flavors:
              python_function:
                env:
                  conda: conda.yaml
                loader_module: mlflow.sklearn
                model_path: model.pkl
                python_version: 3.10.12
              sklearn:
                code: null
                pickled_model: model.pkl
                sklearn_version: 1.3.2
            mlflow_version: 2.9.2
            signature:
              inputs: '[{"type": "double", "name": "amount", "required": true}, {"type": "string",
                "name": "country", "required": true}]'
              outputs: '[{"type": "long", "required": true}]'
              params: null
            utc_time_created: '2024-03-14 09:26:53.589793'
            """;

    private TestHttp admin;
    private TestHttp alice;
    private String experimentId;
    private final Set<String> models = new HashSet<>();

    @Override
    protected SlipwayConfig configure(SlipwayConfig config) {
        return config.withAuth(AuthConfig.disabled().withEnabled(true).withAdmin("root", AbstractGovernanceApiTest.ADMIN_TOKEN));
    }

    @BeforeEach
    void aliceTrainsInHerExperiment() {
        admin = http.withToken(AbstractGovernanceApiTest.ADMIN_TOKEN);
        alice = signIn("alice");
        experimentId = createExperiment(alice, "fraud-training");
    }

    // ---- MLmodel descriptors ----

    @Test
    void storesTheRunsMlModelWithTheDatasetsTheRunUsed() {
        Instant before = Instant.now();
        String runId = run("march", 100, input("transactions", "d1", "training"), input("holdout", "h1", null));
        uploadMlModel(runId, SKLEARN_MLMODEL);
        register("fraud", runId);

        JsonNode mlmodel = mlmodel("fraud", "1");

        assertThat(mlmodel.get("mlflow_version").asText()).isEqualTo("2.9.2");
        assertThat(mlmodel.has("signature")).isTrue();
        assertThat(fieldNames(mlmodel.get("flavors"))).containsExactly("python_function", "sklearn");
        JsonNode slipway = mlmodel.get("slipway");
        assertThat(slipway.get("run_id").asText()).isEqualTo(runId);
        assertThat(Instant.parse(slipway.get("registered_at").asText())).isBetween(before, Instant.now());
        // in the order the store lists a run's inputs: by name, then digest
        assertThat(slipway.get("training_datasets")).isEqualTo(JSON.valueToTree(List.of(
                Map.of("name", "holdout", "digest", "h1", "source_type", "s3", "source", source("holdout", "h1"), "context", ""),
                Map.of("name", "transactions", "digest", "d1", "source_type", "s3", "source", source("transactions", "d1"),
                        "context", "training"))));
    }

    @Test
    void downloadsTheDescriptorAsAnMlModelFile() throws IOException {
        String runId = run("march", 100, input("transactions", "d1", "training"));
        uploadMlModel(runId, SKLEARN_MLMODEL);
        register("fraud", runId);

        Response yaml = alice.get(SLIPWAY + "model-versions/mlmodel?name=fraud&version=1&format=yaml");

        assertThat(yaml.status()).as(yaml.toString()).isEqualTo(200);
        assertThat(yaml.contentType()).startsWith("application/yaml");
        assertThat(yaml.header("Content-Disposition")).isEqualTo("attachment; filename=\"MLmodel\"");
        assertThat(new YAMLMapper().readTree(yaml.body())).isEqualTo(mlmodel("fraud", "1"));
        assertThat(yaml.body()).contains("code: null").contains("training_datasets:");
    }

    @Test
    void replacesASlipwaySectionTheFileBrought() {
        String runId = run("march", 100);
        uploadMlModel(runId, SKLEARN_MLMODEL + "slipway:\n  run_id: forged\n  training_datasets: []\n");
        register("fraud", runId);

        assertThat(mlmodel("fraud", "1").at("/slipway/run_id").asText()).isEqualTo(runId);
    }

    @Test
    void describesARunsModelWithoutAnMlModelFileMinimally() {
        Instant before = Instant.now();
        String runId = run("march", 100);
        register("fraud", runId);

        JsonNode mlmodel = mlmodel("fraud", "1");

        assertThat(fieldNames(mlmodel)).containsExactly("artifact_path", "flavors", "run_id", "utc_time_created", "slipway");
        assertThat(mlmodel.get("artifact_path").asText()).isEqualTo("model");
        assertThat(mlmodel.get("flavors")).isEmpty();
        assertThat(mlmodel.get("run_id").asText()).isEqualTo(runId);
        assertThat(mlmodel.get("utc_time_created").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
        assertThat(fieldNames(mlmodel.get("slipway"))).containsExactly("run_id", "registered_at", "training_datasets");
        assertThat(mlmodel.at("/slipway/run_id").asText()).isEqualTo(runId);
        assertThat(Instant.parse(mlmodel.at("/slipway/registered_at").asText())).isBetween(before, Instant.now());
        assertThat(mlmodel.at("/slipway/training_datasets")).isEmpty();
    }

    @Test
    void describesAnObjectStoreSourceWithoutReadingIt() {
        createModel("fraud");
        ok(alice.post(MLFLOW + "model-versions/create", json(Map.of("name", "fraud", "source", "s3://models/fraud/"))));

        JsonNode mlmodel = mlmodel("fraud", "1");

        assertThat(fieldNames(mlmodel)).containsExactly("artifact_path", "flavors", "utc_time_created", "slipway");
        assertThat(mlmodel.get("artifact_path").asText()).isEqualTo("fraud");
        assertThat(mlmodel.get("flavors")).isEmpty();
        assertThat(fieldNames(mlmodel.get("slipway"))).containsExactly("registered_at", "training_datasets");
        assertThat(mlmodel.at("/slipway/training_datasets")).isEmpty();
    }

    @Test
    void describesAnObjectStoreSourceWithItsRunsDatasets() {
        String runId = run("march", 100, input("transactions", "d1", "training"));
        createModel("fraud");
        ok(alice.post(MLFLOW + "model-versions/create", json(Map.of("name", "fraud", "source", "s3://models/fraud", "run_id", runId))));

        JsonNode mlmodel = mlmodel("fraud", "1");

        assertThat(mlmodel.get("artifact_path").asText()).isEqualTo("fraud");
        assertThat(mlmodel.get("run_id").asText()).isEqualTo(runId);
        assertThat(mlmodel.at("/slipway/run_id").asText()).isEqualTo(runId);
        assertThat(mlmodel.at("/slipway/training_datasets")).extracting(d -> d.get("digest").asText(), d -> d.get("context").asText())
                .containsExactly(tuple("d1", "training"));
    }

    @Test
    void readsTheMlModelAtAnArtifactUriSource() {
        String runId = run("march", 100);
        uploadMlModel(runId, SKLEARN_MLMODEL);
        createModel("fraud");
        String location = "mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts/model";
        ok(alice.post(MLFLOW + "model-versions/create", json(Map.of("name", "fraud", "source", location, "run_id", runId))));

        JsonNode mlmodel = mlmodel("fraud", "1");

        assertThat(fieldNames(mlmodel.get("flavors"))).containsExactly("python_function", "sklearn");
        assertThat(mlmodel.at("/slipway/run_id").asText()).isEqualTo(runId);
    }

    @Test
    void refusesAMalformedMlModelNamingTheFileAndFieldAndCreatesNoVersion() {
        assertRegistrationRefused("artifact_path: model\nmlflow_version: 2.9.2\n", "flavors is missing");
        assertRegistrationRefused(SKLEARN_MLMODEL.replace("\"type\": \"double\"", "\"type\": \"complex\""),
                "signature.inputs[0].type 'complex' is not a column type");
    }

    @Test
    void refusesAnOversizedMlModelAndCreatesNoVersion() {
        // valid YAML all through: only its size can refuse it
        assertRegistrationRefused(SKLEARN_MLMODEL + "#".repeat(MlModel.MAX_FILE_BYTES) + "\n",
                "the file is larger than 1048576 bytes");
    }

    @Test
    void aVersionRegisteredBeforeDescriptorsExistedHasNone() {
        register("fraud", run("march", 100));
        // what the V3 migration leaves on versions that were already there
        server.database().writer().useHandle(h -> h.execute("UPDATE model_versions SET mlmodel = NULL"));

        assertError(alice.get(SLIPWAY + "model-versions/mlmodel?name=fraud&version=1"), 404, "RESOURCE_DOES_NOT_EXIST",
                "has no MLmodel descriptor");
        assertThat(card("fraud", "1").has("mlmodel")).isFalse();
        assertThat(cardAs(alice, "markdown").body()).contains("No MLmodel descriptor was recorded for this version.");
    }

    @Test
    void anUnknownFormatIs400() {
        register("fraud", run("march", 100));

        assertError(alice.get(SLIPWAY + "model-versions/mlmodel?name=fraud&version=1&format=xml"), 400, "INVALID_PARAMETER_VALUE",
                "expected one of json, yaml");
        assertError(alice.get(SLIPWAY + "model-versions/card?name=fraud&version=1&format=pdf"), 400, "INVALID_PARAMETER_VALUE",
                "expected one of markdown, html, json");
    }

    // ---- model cards ----

    @Test
    void describesTheVersionItsRunAndItsDescriptor() {
        String runId = trainedRun();
        uploadMlModel(runId, SKLEARN_MLMODEL);
        JsonNode version = register("fraud", runId);

        JsonNode card = card("fraud", "1");

        assertThat(card.get("name").asText()).isEqualTo("fraud");
        assertThat(card.get("version").asText()).isEqualTo("1");
        assertThat(card.get("description").asText()).isEqualTo("Retrained on March data.");
        assertThat(card.get("model_description").asText()).isEqualTo("Scores card transactions.");
        assertThat(card.get("created_by").asText()).isEqualTo("alice");
        assertThat(card.get("creation_timestamp").asLong()).isEqualTo(version.get("creation_timestamp").asLong());
        assertThat(card.get("source").asText()).isEqualTo("runs:/" + runId + "/model");
        assertThat(card.get("stage").asText()).isEqualTo("None");
        assertThat(card.get("training_data")).extracting(d -> d.get("name").asText(), d -> d.get("context").asText())
                .containsExactly(tuple("holdout", "eval"), tuple("transactions", "training"));
        assertThat(card.get("params")).isEqualTo(JSON.valueToTree(List.of(Map.of("key", "max_depth", "value", "6"))));
        assertThat(card.get("metrics")).extracting(m -> m.get("key").asText(), m -> m.get("value").asDouble(),
                m -> m.get("timestamp").asLong(), m -> m.get("step").asLong())
                .containsExactly(tuple("val_auc", 0.93, 150L, 3L));
        assertThat(card.at("/mlmodel/mlflow_version").asText()).isEqualTo("2.9.2");
        assertThat(card.at("/mlmodel/flavors")).extracting(f -> f.get("name").asText()).containsExactly("python_function", "sklearn");
        assertThat(card.at("/mlmodel/flavors/1/options/sklearn_version").asText()).isEqualTo("1.3.2");
        assertThat(card.at("/mlmodel/inputs")).extracting(f -> f.get("name").asText(), f -> f.get("type").asText())
                .containsExactly(tuple("amount", "double"), tuple("country", "string"));
        assertThat(card.at("/run/run_id").asText()).isEqualTo(runId);
        assertThat(card.at("/run/run_name").asText()).isEqualTo("march");
        assertThat(card.get("intended_use").asText()).isEmpty();
        assertThat(card.get("limitations").asText()).isEmpty();
    }

    @Test
    void listsThePromotionRequestsForThisVersionWithTheirDecisions() {
        String runId = trainedRun();
        register("fraud", runId);
        register("fraud", runId);
        approvedPromotionOfVersion1();
        requestPromotion("2", "[]");

        JsonNode card = card("fraud", "1");

        assertThat(card.get("approvals")).hasSize(1);
        JsonNode approval = card.at("/approvals/0");
        assertThat(approval.get("status").asText()).isEqualTo("APPROVED");
        assertThat(approval.get("requested_by").asText()).isEqualTo("alice");
        assertThat(approval.get("check_results")).isNotEmpty().allMatch(result -> result.get("passed").asBoolean());
        assertThat(approval.get("decisions")).extracting(d -> d.get("username").asText(), d -> d.get("verdict").asText())
                .containsExactly(tuple("bob", "APPROVE"));
        assertThat(card.get("aliases")).extracting(JsonNode::asText).containsExactly("champion");
        assertThat(card("fraud", "2").at("/approvals/0/status").asText()).isEqualTo("PENDING");
    }

    @Test
    void showsOnlyAliasMovesOntoOrAwayFromThisVersion() {
        String runId = trainedRun();
        register("fraud", runId);
        register("fraud", runId);
        register("fraud", runId);
        TestHttp bob = signIn("bob");
        TestHttp carol = signIn("carol");
        grant("bob", "registered_model", "fraud", "EDIT");
        grant("carol", "registered_model", "fraud", "EDIT");
        setAlias(alice, "staging", "1");
        setAlias(bob, "staging", "2");
        setAlias(carol, "canary", "3");

        assertThat(card("fraud", "1").get("alias_history"))
                .extracting(e -> e.get("alias").asText(), e -> e.get("version").asText(), e -> e.get("previous_version").asText(),
                        e -> e.get("actor").asText())
                .containsExactly(tuple("staging", "1", "", "alice"), tuple("staging", "2", "1", "bob"));
        assertThat(card("fraud", "3").get("alias_history")).extracting(e -> e.get("actor").asText()).containsExactly("carol");
    }

    @Test
    void everyFormatShowsTrainingDataParamsMetricsApprovalAndAliasHistory() {
        String runId = trainedRun();
        register("fraud", runId);
        approvedPromotionOfVersion1();

        Response markdown = cardAs(alice, "markdown");
        Response html = cardAs(alice, "html");
        Response json = cardAs(alice, "json");

        assertThat(markdown.contentType()).startsWith("text/markdown");
        assertThat(html.contentType()).startsWith("text/html");
        assertThat(json.contentType()).startsWith("application/json");
        assertThat(markdown.body()).contains("| transactions | d1 | training |").contains("| max\\_depth | 6 |").contains("| val\\_auc | 0.93 |")
                .contains("Promotion to champion: APPROVED").contains("| bob | APPROVE |").contains("| champion | set to version 1 | bob |");
        assertThat(html.body()).contains("<td>d1</td>").contains("<td>max_depth</td>").contains("<td>0.93</td>")
                .contains("Promotion to champion: APPROVED").contains("<td>bob</td>").contains("<td>set to version 1</td>");
        assertThat(json.body()).contains("\"digest\":\"d1\"").contains("\"max_depth\"").contains("\"val_auc\"")
                .contains("\"username\":\"bob\"").contains("\"alias_history\":[{");
    }

    @Test
    void escapesHtmlInADescription() {
        createModel("fraud");
        ok(alice.post(MLFLOW + "model-versions/create", json(Map.of("name", "fraud", "source", "s3://models/fraud",
                "description", "<script>alert('owned')</script> **bold**"))));

        Response html = cardAs(alice, "html");

        assertThat(html.header("Content-Security-Policy")).isEqualTo("default-src 'none'; style-src 'unsafe-inline'");
        assertThat(html.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(html.body()).doesNotContain("<script").contains("&lt;script&gt;alert(").contains("<strong>bold</strong>");
    }

    @Test
    void storesIntendedUseAndLimitationsAsVersionTags() {
        register("fraud", trainedRun());

        JsonNode card = updateCard("Scoring card-present transactions in the EU.", "Not for online payments.");

        assertThat(card.get("intended_use").asText()).isEqualTo("Scoring card-present transactions in the EU.");
        assertThat(card.get("limitations").asText()).isEqualTo("Not for online payments.");
        assertThat(versionTags()).containsEntry("slipway.card.intended_use", "Scoring card-present transactions in the EU.")
                .containsEntry("slipway.card.limitations", "Not for online payments.");
        assertThat(cardAs(alice, "markdown").body()).contains("Scoring card-present transactions in the EU.")
                .contains("Not for online payments.");
    }

    @Test
    void leavesAPartThatIsNotGivenAndClearsAnEmptyOne() {
        register("fraud", trainedRun());
        updateCard("EU only.", "Not for online payments.");

        updateCard(null, "Not for amounts over 10k.");
        assertThat(card("fraud", "1").get("intended_use").asText()).isEqualTo("EU only.");

        JsonNode cleared = updateCard("", null);
        assertThat(cleared.get("intended_use").asText()).isEmpty();
        assertThat(cleared.get("limitations").asText()).isEqualTo("Not for amounts over 10k.");
        assertThat(versionTags()).doesNotContainKey("slipway.card.intended_use");
    }

    @Test
    void clearingAPartThatWasNeverSetIsNoError() {
        register("fraud", trainedRun());

        assertThat(updateCard("", "").get("intended_use").asText()).isEmpty();
    }

    @Test
    void refusesAnUpdateThatChangesNothing() {
        register("fraud", trainedRun());

        assertError(patchCard(alice, Map.of()), 400, "INVALID_PARAMETER_VALUE", "'intended_use', 'limitations'");
    }

    @Test
    void refusesTextOverTheTagValueLimit() {
        register("fraud", trainedRun());

        assertError(patchCard(alice, Map.of("intended_use", "ok", "limitations", "x".repeat(5001))), 400, "INVALID_PARAMETER_VALUE",
                "'limitations' had length 5001");
        assertThat(card("fraud", "1").get("intended_use").asText()).isEmpty();
    }

    @Test
    void onlyAnEditorMayUpdateACard() {
        register("fraud", trainedRun());
        TestHttp bob = signIn("bob");
        Map<String, Object> update = Map.of("intended_use", "Whatever bob says.");

        assertError(patchCard(bob, update), 403, "PERMISSION_DENIED", "needs EDIT");
        assertError(patchCard(http, update), 401, "UNAUTHENTICATED", "Authentication required");
        assertThat(card("fraud", "1").get("intended_use").asText()).isEmpty();
        assertThat(cardAs(bob, "json").status()).isEqualTo(200);

        grant("bob", "registered_model", "fraud", "EDIT");
        assertThat(patchCard(bob, update).status()).isEqualTo(200);
    }

    @Test
    void anUnknownVersionHasNoCard() {
        register("fraud", trainedRun());

        assertError(alice.get(SLIPWAY + "model-versions/card?name=fraud&version=7"), 404, "RESOURCE_DOES_NOT_EXIST", "version=7");
        assertError(alice.method("PATCH", SLIPWAY + "model-versions/card", json(Map.of("name", "fraud", "version", "7", "intended_use", "x"))),
                404, "RESOURCE_DOES_NOT_EXIST", "version=7");
    }

    // ---- lineage ----

    @Test
    void followsAVersionToItsRunAndTheDatasetsItUsed() {
        String runId = run("march", 100, input("transactions", "d1", "training"), input("holdout", "h1", "eval"));
        JsonNode version = register("fraud", runId);

        JsonNode lineage = ok(alice.get(SLIPWAY + "lineage/model-version?name=fraud&version=1"));

        assertThat(lineage.get("model_version")).isEqualTo(version);
        assertThat(lineage.at("/run/run_id").asText()).isEqualTo(runId);
        assertThat(lineage.at("/run/run_name").asText()).isEqualTo("march");
        assertThat(lineage.at("/run/experiment_id").asText()).isEqualTo(experimentId);
        assertThat(lineage.get("datasets")).isEqualTo(JSON.valueToTree(List.of(
                Map.of("name", "holdout", "digest", "h1", "source_type", "s3", "source", source("holdout", "h1"), "context", "eval"),
                Map.of("name", "transactions", "digest", "d1", "source_type", "s3", "source", source("transactions", "d1"),
                        "context", "training"))));
    }

    @Test
    void aVersionRegisteredWithoutARunHasNoRunAndNoDatasets() {
        createModel("imported");
        ok(alice.post(MLFLOW + "model-versions/create", json(Map.of("name", "imported", "source", "s3://models/imported"))));

        JsonNode lineage = ok(alice.get(SLIPWAY + "lineage/model-version?name=imported&version=1"));

        assertThat(lineage.at("/model_version/version").asText()).isEqualTo("1");
        assertThat(lineage.has("run")).isFalse();
        assertThat(lineage.get("datasets")).isEmpty();
    }

    @Test
    void findsEveryRunThatUsedADatasetAndTheVersionsRegisteredFromThem() {
        String march = run("march", 100, input("transactions", "d1", "training"));
        String april = run("april", 200, input("transactions", "d2", "training"));
        String other = run("other", 300, input("clicks", "c1", "training"));
        register("fraud", march);
        register("fraud", april);
        register("fraud-shadow", march);
        register("ctr", other);

        JsonNode lineage = datasetLineage(alice, "transactions", null);

        assertThat(runNames(lineage)).containsExactly("april", "march");
        assertThat(lineage.get("datasets")).extracting(d -> d.get("digest").asText()).containsExactlyInAnyOrder("d1", "d2");
        assertThat(lineage.get("datasets")).allSatisfy(d -> assertThat(d.has("context")).isFalse());
        assertThat(versions(lineage)).containsExactly(tuple("fraud", "1"), tuple("fraud", "2"), tuple("fraud-shadow", "1"));
        assertThat(lineage.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void narrowsADatasetToOneDigest() {
        String march = run("march", 100, input("transactions", "d1", "training"));
        run("april", 200, input("transactions", "d2", "training"));
        register("fraud", march);

        JsonNode lineage = datasetLineage(alice, "transactions", "d1");

        assertThat(runNames(lineage)).containsExactly("march");
        assertThat(lineage.get("datasets")).extracting(d -> d.get("digest").asText()).containsExactly("d1");
        assertThat(versions(lineage)).containsExactly(tuple("fraud", "1"));
    }

    @Test
    void leavesOutRunsAndVersionsTheCallerMayNotRead() {
        String march = run("march", 100, input("transactions", "d1", "training"));
        String secretExperiment = createExperiment(alice, "secret");
        String secret = run(secretExperiment, "secret", 200, input("transactions", "d9", "training"));
        register("fraud", march);
        register("fraud-shadow", march);
        register("fraud", secret);
        TestHttp bob = signIn("bob");
        grant("bob", "experiment", secretExperiment, "NO_PERMISSIONS");
        grant("bob", "registered_model", "fraud-shadow", "NO_PERMISSIONS");

        JsonNode lineage = datasetLineage(bob, "transactions", null);

        assertThat(runNames(lineage)).containsExactly("march");
        assertThat(lineage.get("datasets")).extracting(d -> d.get("digest").asText()).containsExactly("d1");
        assertThat(versions(lineage)).containsExactly(tuple("fraud", "1"));
        assertThat(runNames(datasetLineage(alice, "transactions", null))).containsExactly("secret", "march");
    }

    @Test
    void aDatasetNoRunUsedHasNoLineage() {
        JsonNode lineage = datasetLineage(alice, "nobody-used-this", null);

        assertThat(lineage.get("datasets")).isEmpty();
        assertThat(lineage.get("runs")).isEmpty();
        assertThat(lineage.get("model_versions")).isEmpty();
        assertThat(lineage.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void keepsTheNewestRunsWhenThereAreTooMany() {
        for (int i = 0; i <= LineageService.MAX_RUNS; i++) {
            run("run-" + i, i, input("transactions", "d1", "training"));
        }

        JsonNode lineage = datasetLineage(alice, "transactions", "d1");

        assertThat(lineage.get("truncated").asBoolean()).isTrue();
        assertThat(runNames(lineage)).hasSize(LineageService.MAX_RUNS).startsWith("run-" + LineageService.MAX_RUNS).doesNotContain("run-0");
    }

    @Test
    void followsADatasetVersionToTheRunsThatLoggedItsDigestAndTheirModelVersions() {
        JsonNode january = addDatasetVersion(alice, "cards", "amount\n1\n");
        JsonNode february = addDatasetVersion(alice, "cards", "amount\n2\n");
        String trainedOnJanuary = run("jan", 100, input("cards", january.get("digest").asText().substring(0, 32), "training"));
        run("feb", 200, input("cards", february.get("digest").asText().substring(0, 32), "training"));
        run("other-name", 300, input("transactions", january.get("digest").asText().substring(0, 32), "training"));
        register("fraud", trainedOnJanuary);

        JsonNode lineage = ok(alice.get(SLIPWAY + "lineage/dataset-version?name=cards&version=1"));

        assertThat(runNames(lineage)).containsExactly("jan");
        assertThat(versions(lineage)).containsExactly(tuple("fraud", "1"));
        assertThat(runNames(ok(alice.get(SLIPWAY + "lineage/dataset-version?name=cards")))).as("latest").containsExactly("feb");
    }

    @Test
    void aDatasetVersionsLineageNeedsReadOnTheDatasetAndAnExistingVersion() {
        addDatasetVersion(alice, "cards", "amount\n1\n");
        TestHttp bob = signIn("bob");
        grant("bob", "dataset", "cards", "NO_PERMISSIONS");

        assertError(bob.get(SLIPWAY + "lineage/dataset-version?name=cards&version=1"), 403, "PERMISSION_DENIED", "cards");
        assertError(alice.get(SLIPWAY + "lineage/dataset-version?name=cards&version=7"), 404, "RESOURCE_DOES_NOT_EXIST", "no version 7");
        assertError(alice.get(SLIPWAY + "lineage/dataset-version?name=nothing"), 404, "RESOURCE_DOES_NOT_EXIST", "nothing");
        assertError(alice.get(SLIPWAY + "lineage/dataset-version?name=cards&version=x"), 400, "INVALID_PARAMETER_VALUE", "version");
    }

    @Test
    void requiresADatasetName() {
        assertError(alice.get(SLIPWAY + "lineage/dataset"), 400, "INVALID_PARAMETER_VALUE", "'name'");
        assertError(alice.get(SLIPWAY + "lineage/dataset?name="), 400, "INVALID_PARAMETER_VALUE", "'name'");
        assertError(alice.get(SLIPWAY + "lineage/dataset?name=" + "x".repeat(501)), 400, "INVALID_PARAMETER_VALUE",
                "'name' had length 501");
    }

    // ---- helpers ----

    private TestHttp signIn(String username) {
        ok(admin.post(SLIPWAY + "users/create", json(Map.of("username", username))));
        return http.withToken(ok(admin.post(SLIPWAY + "tokens/create", json(Map.of("username", username)))).get("secret").asText());
    }

    private void grant(String username, String resourceType, String resourceId, String permission) {
        ok(alice.post(SLIPWAY + "permissions/set", json(Map.of("username", username, "resource_type", resourceType,
                "resource_id", resourceId, "permission", permission))));
    }

    private static String createExperiment(TestHttp as, String name) {
        return ok(as.post(MLFLOW + "experiments/create", json(Map.of("name", name)))).get("experiment_id").asText();
    }

    /** A run of alice's started at {@code startTime} in her experiment that used {@code inputs}; returns its id. */
    @SafeVarargs
    private String run(String name, long startTime, Map<String, Object>... inputs) {
        return run(experimentId, name, startTime, inputs);
    }

    @SafeVarargs
    private String run(String inExperiment, String name, long startTime, Map<String, Object>... inputs) {
        String runId = ok(alice.post(MLFLOW + "runs/create", json(Map.of("experiment_id", inExperiment, "run_name", name,
                "start_time", startTime)))).at("/run/info/run_id").asText();
        if (inputs.length > 0) {
            ok(alice.post(MLFLOW + "runs/log-inputs", json(Map.of("run_id", runId, "datasets", List.of(inputs)))));
        }
        return runId;
    }

    /** A run that used a training and an eval set, logged a parameter and a metric. */
    private String trainedRun() {
        String runId = run("march", 100, input("transactions", "d1", "training"), input("holdout", "h1", "eval"));
        ok(alice.post(MLFLOW + "runs/log-batch", json(Map.of("run_id", runId,
                "params", List.of(Map.of("key", "max_depth", "value", "6")),
                "metrics", List.of(Map.of("key", "val_auc", "value", 0.93, "timestamp", 150, "step", 3))))));
        return runId;
    }

    /** A dataset input as MLflow logs it; {@code context} null leaves the input untagged. */
    private static Map<String, Object> input(String name, String digest, String context) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("tags", context == null ? List.of() : List.of(Map.of("key", "mlflow.data.context", "value", context)));
        input.put("dataset", Map.of("name", name, "digest", digest, "source_type", "s3", "source", source(name, digest), "schema", "{}"));
        return input;
    }

    private static String source(String name, String digest) {
        return "{\"uri\": \"s3://data/" + name + "/" + digest + ".parquet\"}";
    }

    /** Puts an MLmodel file into the run's {@code model} directory through the artifact proxy, as mlflow.log_model does. */
    private void uploadMlModel(String runId, String content) {
        Response uploaded = alice.put("/api/2.0/mlflow-artifacts/artifacts/" + experimentId + "/" + runId + "/artifacts/model/MLmodel",
                content.getBytes(StandardCharsets.UTF_8));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(200);
    }

    /** Registering a run whose MLmodel file is {@code mlmodel} is refused, naming the file and {@code problem}; fraud gets no version. */
    private void assertRegistrationRefused(String mlmodel, String problem) {
        String runId = run("march", 100);
        uploadMlModel(runId, mlmodel);
        createModel("fraud");

        assertError(registerVersion("fraud", runId), 400, "INVALID_PARAMETER_VALUE",
                "Invalid MLmodel at mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts/model/MLmodel: " + problem);
        assertThat(versionsOf("fraud")).isEmpty();
    }

    private void createModel(String name) {
        if (models.add(name)) {
            ok(alice.post(MLFLOW + "registered-models/create", json(Map.of("name", name, "description", "Scores card transactions."))));
        }
    }

    /** Registers the run's {@code model} directory as a new version of {@code model}, creating the model if needed. */
    private JsonNode register(String model, String runId) {
        createModel(model);
        return ok(registerVersion(model, runId)).get("model_version");
    }

    private Response registerVersion(String model, String runId) {
        return alice.post(MLFLOW + "model-versions/create", json(Map.of("name", model, "source", "runs:/" + runId + "/model",
                "run_id", runId, "description", "Retrained on March data.")));
    }

    private List<String> versionsOf(String model) {
        JsonNode found = ok(alice.get(MLFLOW + "model-versions/search?filter=" + URLEncoder.encode("name='" + model + "'",
                StandardCharsets.UTF_8)));
        List<String> versions = new ArrayList<>();
        found.path("model_versions").forEach(v -> versions.add(v.get("version").asText()));
        return versions;
    }

    private JsonNode mlmodel(String model, String version) {
        return ok(alice.get(SLIPWAY + "model-versions/mlmodel?name=" + model + "&version=" + version)).get("mlmodel");
    }

    private JsonNode card(String model, String version) {
        return ok(alice.get(SLIPWAY + "model-versions/card?name=" + model + "&version=" + version + "&format=json")).get("card");
    }

    /** Version 1 of fraud's card in {@code format}. */
    private static Response cardAs(TestHttp as, String format) {
        Response card = as.get(SLIPWAY + "model-versions/card?name=fraud&version=1&format=" + format);
        assertThat(card.status()).as(card.toString()).isEqualTo(200);
        return card;
    }

    private JsonNode updateCard(String intendedUse, String limitations) {
        Map<String, Object> update = new LinkedHashMap<>();
        if (intendedUse != null) {
            update.put("intended_use", intendedUse);
        }
        if (limitations != null) {
            update.put("limitations", limitations);
        }
        return ok(patchCard(alice, update)).get("card");
    }

    /** PATCHes version 1 of fraud's card with {@code update}. */
    private static Response patchCard(TestHttp as, Map<String, Object> update) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("name", "fraud", "version", "1"));
        body.putAll(update);
        return as.method("PATCH", SLIPWAY + "model-versions/card", json(body));
    }

    private Map<String, String> versionTags() {
        Map<String, String> tags = new LinkedHashMap<>();
        ok(alice.get(MLFLOW + "model-versions/get?name=fraud&version=1")).at("/model_version/tags")
                .forEach(t -> tags.put(t.get("key").asText(), t.get("value").asText()));
        return tags;
    }

    private static void setAlias(TestHttp as, String alias, String version) {
        ok(as.post(MLFLOW + "registered-models/alias", json(Map.of("name", "fraud", "alias", alias, "version", version))));
    }

    private String requestPromotion(String version, String checks) {
        return ok(alice.post(SLIPWAY + "promotions/create", "{\"name\":\"fraud\",\"version\":\"" + version
                + "\",\"alias\":\"champion\",\"comment\":\"beats baseline\",\"checks\":" + checks + "}"))
                .at("/promotion_request/id").asText();
    }

    /** Alice asks to make version 1 of fraud champion if val_auc >= 0.9; bob, who manages the model too, approves. */
    private void approvedPromotionOfVersion1() {
        TestHttp bob = signIn("bob");
        grant("bob", "registered_model", "fraud", "MANAGE");
        String id = requestPromotion("1", "[{\"type\":\"metric_threshold\",\"metric\":\"val_auc\",\"op\":\">=\",\"threshold\":0.9}]");
        ok(bob.post(SLIPWAY + "promotions/approve", json(Map.of("id", id, "comment", "looks good"))));
    }

    /** Adds a version of dataset {@code name} holding one CSV file with {@code content}, as a client does; returns it. */
    private static JsonNode addDatasetVersion(TestHttp as, String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String sha256 = AuditChain.sha256(content);
        JsonNode upload = ok(as.post(SLIPWAY + "datasets/uploads/create", json(Map.of("name", name, "format", "csv",
                "files", List.of(Map.of("path", "cards.csv", "sha256", sha256, "size", bytes.length))))));
        ok(as.put(SLIPWAY + "datasets/blobs/" + sha256, bytes));
        return ok(as.post(SLIPWAY + "datasets/uploads/commit", json(Map.of("upload_id", upload.get("upload_id").asText()))))
                .get("dataset_version");
    }

    private static JsonNode datasetLineage(TestHttp as, String name, String digest) {
        return ok(as.get(SLIPWAY + "lineage/dataset?name=" + name + (digest == null ? "" : "&digest=" + digest)));
    }

    private static List<String> runNames(JsonNode lineage) {
        List<String> names = new ArrayList<>();
        lineage.get("runs").forEach(run -> names.add(run.get("run_name").asText()));
        return names;
    }

    private static List<Tuple> versions(JsonNode lineage) {
        List<Tuple> versions = new ArrayList<>();
        lineage.get("model_versions").forEach(v -> versions.add(tuple(v.get("name").asText(), v.get("version").asText())));
        return versions;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode ok(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
