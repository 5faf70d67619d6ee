package io.slipway.server;

import static io.slipway.server.AbstractMlflowServerTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.core.identity.Permission;
import io.slipway.server.testing.TestHttp;
import io.slipway.server.testing.TestHttp.Response;
import io.slipway.server.testing.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Trainings run by the server over HTTP, with authentication on and real XGBoost: submitted,
 * followed to the end, and what they leave behind (run, metrics, model artifacts, registered
 * version); the errors found at submission (400, 403, 404, 503) and in the background (FAILED, no
 * run). Datasets are arranged through the data service; everything under test goes through HTTP.
 * Written once and run against each storage combination.
 */
public abstract class AbstractTrainingsApiTest extends AbstractServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SLIPWAY = "/api/2.0/slipway/";
    private static final String TRAININGS = SLIPWAY + "trainings/";
    private static final String MLFLOW = "/api/2.0/mlflow/";

    private TestHttp admin;
    private TestHttp rita;

    @Override
    protected SlipwayConfig configure(SlipwayConfig config) {
        return config.withAuth(AuthConfig.disabled().withEnabled(true).withAdmin("root", AbstractGovernanceApiTest.ADMIN_TOKEN)
                .withDefaultPermission(Permission.NO_PERMISSIONS)).withMaxQueuedTrainings(1);
    }

    @BeforeEach
    void arrange() {
        admin = http.withToken(AbstractGovernanceApiTest.ADMIN_TOKEN);
        rita = http.withToken(tokenOf("rita"));
        TrainingData.add(server.data(), "payments", TrainingData.payments(2000, 7));
    }

    // ---- training ----

    @Test
    void aTrainingFinishesWithARunItsMetricsAndTheModel() {
        JsonNode submitted = ok(submit(admin, spec("fraud", "payments@1", "is_fraud"), null)).get("training");

        assertThat(submitted.get("id").asText()).matches("[0-9a-f]{32}");
        assertThat(submitted.get("status").asText()).isIn("QUEUED", "RUNNING", "FINISHED");
        assertThat(submitted.get("created_by").asText()).isEqualTo("root");
        JsonNode training = await(admin, submitted.get("id").asText());
        assertThat(training.get("status").asText()).as(training.toString()).isEqualTo("FINISHED");
        String runId = training.get("run_id").asText();
        assertThat(training.get("model_uri").asText()).isEqualTo("runs:/" + runId + "/model");
        assertThat(training.get("experiment").asText()).isEqualTo("fraud");
        assertThat(training.at("/metrics/roc_auc").asDouble()).isBetween(0.5, 1.0);
        assertThat(training.get("rounds_trained").asInt()).isPositive();
        assertThat(training.get("finished_at").asLong()).isGreaterThanOrEqualTo(training.get("started_at").asLong());
        assertThat(training.has("registered_model")).isFalse();
        JsonNode run = ok(admin.get(MLFLOW + "runs/get?run_id=" + runId)).get("run");
        assertThat(run.at("/info/status").asText()).isEqualTo("FINISHED");
        assertThat(run.at("/info/user_id").asText()).isEqualTo("root");
        assertThat(keys(run.at("/data/metrics"))).contains("roc_auc", "validation-logloss", "training_duration_s");
        assertThat(run.at("/inputs/dataset_inputs/0/dataset/name").asText()).isEqualTo("payments");
        assertThat(paths(ok(admin.get(MLFLOW + "artifacts/list?run_id=" + runId + "&path=model")).get("files")))
                .contains("model/MLmodel", "model/model.json", "model/preprocessing.json");
        assertThat(paths(ok(admin.get(MLFLOW + "artifacts/list?run_id=" + runId)).get("files")))
                .contains("train_spec.yaml", "feature_importance.json", "plots");
    }

    @Test
    void aTrainingRegistersItsModelWhenAsked() {
        JsonNode training = await(admin, ok(submit(admin, spec("fraud", "payments@1", "is_fraud"), "fraud-model")).at("/training/id")
                .asText());

        assertThat(training.get("status").asText()).as(training.toString()).isEqualTo("FINISHED");
        assertThat(training.get("registered_model").asText()).isEqualTo("fraud-model");
        assertThat(training.get("registered_version").asText()).isEqualTo("1");
        JsonNode version = ok(admin.get(MLFLOW + "model-versions/get?name=fraud-model&version=1")).get("model_version");
        assertThat(version.get("source").asText()).isEqualTo(training.get("model_uri").asText());
        assertThat(version.get("run_id").asText()).isEqualTo(training.get("run_id").asText());
    }

    @Test
    void anEvaluateStepScoresTheModelAgainstTheChampionOnTheServer() {
        TrainingData.add(server.data(), "payments", TrainingData.payments(1000, 8));
        String evaluate = "evaluate: {data: payments@2, champion: 'models:/fraud-model/1'}\n";
        JsonNode first = await(admin, ok(submit(admin, spec("fraud", "payments@1", "is_fraud") + evaluate, "fraud-model"))
                .at("/training/id").asText());
        JsonNode second = await(admin, ok(submit(admin, spec("fraud", "payments@1", "is_fraud") + evaluate, "fraud-model"))
                .at("/training/id").asText());

        assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("FINISHED");
        assertThat(first.get("champion_not_found").asText()).isEqualTo("models:/fraud-model/1");
        assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("FINISHED");
        assertThat(second.has("champion_not_found")).isFalse();
        assertThat(second.get("registered_version").asText()).isEqualTo("2");
        JsonNode run = ok(admin.get(MLFLOW + "runs/get?run_id=" + second.get("run_id").asText())).get("run");
        assertThat(keys(run.at("/data/metrics"))).contains("eval.payments.v2.roc_auc", "eval.payments.v2.vs_champion.roc_auc");
    }

    @Test
    void anUnknownTargetColumnFailsTheTrainingAndLeavesNoRun() {
        JsonNode training = await(admin, ok(submit(admin, spec("no-run", "payments@1", "is_fraudulent"), null)).at("/training/id")
                .asText());

        assertThat(training.get("status").asText()).isEqualTo("FAILED");
        assertThat(training.get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(training.get("error_message").asText()).contains("target: unknown column 'is_fraudulent'");
        assertThat(training.has("run_id")).isFalse();
        assertError(admin.get(MLFLOW + "experiments/get-by-name?experiment_name=no-run"), 404, "RESOURCE_DOES_NOT_EXIST", "no-run");
    }

    @Test
    void trainingsAreListedNewestFirstToTheirSubmitterAndToAdmins() {
        grantDataset("rita", Permission.READ);
        String first = ok(submit(admin, spec("fraud", "payments@1", "nope"), null)).at("/training/id").asText();
        String second = ok(submit(rita, spec("ritas", "payments@1", "nope"), null)).at("/training/id").asText();
        await(admin, first);
        await(rita, second);

        assertThat(ids(ok(admin.get(TRAININGS + "list")))).containsExactly(second, first);
        assertThat(ids(ok(admin.get(TRAININGS + "list?max_results=1")))).containsExactly(second);
        assertThat(ids(ok(rita.get(TRAININGS + "list")))).containsExactly(second);
        assertError(rita.get(TRAININGS + "get?id=" + first), 403, "PERMISSION_DENIED", "rita");
    }

    // ---- refused at submission ----

    @Test
    void aMissingSpecIsA400NamingSpec() {
        assertError(admin.post(TRAININGS + "create", "{}"), 400, "INVALID_PARAMETER_VALUE", "spec");
        assertError(admin.post(TRAININGS + "create", "{\"spec\": \"  \"}"), 400, "INVALID_PARAMETER_VALUE", "spec");
    }

    @Test
    void malformedJsonIsA400() {
        Response response = admin.post(TRAININGS + "create", "{\"spec\": ");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("error_code").asText()).isIn("BAD_REQUEST", "INVALID_PARAMETER_VALUE");
    }

    @Test
    void aBadSpecIsA400NamingTheFieldAndQueuesNothing() {
        String spec = spec("fraud", "payments@1", "is_fraud").replace("task: binary", "task: binary\nsplit: {method: shuffled}");

        assertError(submit(admin, spec, null), 400, "INVALID_PARAMETER_VALUE", "split.method");
        assertError(submit(admin, "experiment: [unclosed", null), 400, "INVALID_PARAMETER_VALUE", "spec");
        assertThat(ok(admin.get(TRAININGS + "list")).get("trainings")).isEmpty();
    }

    @Test
    void anUnknownDatasetVersionIsA404() {
        assertError(submit(admin, spec("fraud", "payments@9", "is_fraud"), null), 404, "RESOURCE_DOES_NOT_EXIST", "payments");
        assertError(submit(admin, spec("fraud", "absent@1", "is_fraud"), null), 404, "RESOURCE_DOES_NOT_EXIST", "absent");
    }

    @Test
    void anUnknownTrainingIsA404() {
        assertError(admin.get(TRAININGS + "get?id=0123456789abcdef0123456789abcdef"), 404, "RESOURCE_DOES_NOT_EXIST",
                "0123456789abcdef");
    }

    @Test
    void aUserWhoMayNotReadTheDatasetIsRefused() {
        assertError(submit(rita, spec("ritas", "payments@1", "is_fraud"), null), 403, "PERMISSION_DENIED", "payments");
    }

    @Test
    void aUserWhoMayNotEditTheExperimentOrModelIsRefused() {
        grantDataset("rita", Permission.READ);
        ok(admin.post(MLFLOW + "experiments/create", "{\"name\":\"roots\"}"));
        ok(admin.post(MLFLOW + "registered-models/create", "{\"name\":\"roots-model\"}"));

        assertError(submit(rita, spec("roots", "payments@1", "is_fraud"), null), 403, "PERMISSION_DENIED", "rita");
        assertError(submit(rita, spec("ritas", "payments@1", "is_fraud"), "roots-model"), 403, "PERMISSION_DENIED", "roots-model");
        JsonNode own = await(rita, ok(submit(rita, spec("ritas", "payments@1", "is_fraud"), "ritas-model")).at("/training/id").asText());
        assertThat(own.get("status").asText()).as(own.toString()).isEqualTo("FINISHED");
        assertThat(own.get("registered_version").asText()).isEqualTo("1");
    }

    @Test
    void aFullQueueIsA503WithRetryAfter() {
        List<String> accepted = new ArrayList<>();
        Response refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            Response response = submit(admin, spec("busy", "payments@1", "is_fraud"), null);
            if (response.status() == 200) {
                accepted.add(response.json().at("/training/id").asText());
            } else {
                refused = response;
            }
        }

        assertThat(refused).as("a submission beyond one running and one waiting").isNotNull();
        assertError(refused, 503, "TEMPORARILY_UNAVAILABLE", "try again");
        assertThat(refused.header("Retry-After")).isNotBlank();
        for (String id : accepted) {
            assertThat(await(admin, id).get("status").asText()).isEqualTo("FINISHED");
        }
    }

    @Test
    void everyTrainingRouteNeedsAToken() {
        assertThat(http.post(TRAININGS + "create", "{\"spec\":\"x: 1\"}").status()).isEqualTo(401);
        assertThat(http.get(TRAININGS + "get?id=x").status()).isEqualTo(401);
        assertThat(http.get(TRAININGS + "list").status()).isEqualTo(401);
    }

    /** A binary training on {@code data} (NAME@VERSION), a few rounds. */
    private static String spec(String experiment, String data, String target) {
        return "experiment: " + experiment + "\n"
                + "data: {train: " + data + "}\n"
                + "target: " + target + "\n"
                + "exclude: [transaction_id]\n"
                + "task: binary\n"
                + "xgboost: {params: {max_depth: 3, eta: 0.3}, rounds: 10, early_stopping_rounds: 5}\n";
    }

    private static Response submit(TestHttp as, String spec, String registerAs) {
        ObjectNode body = JSON.createObjectNode().put("spec", spec);
        if (registerAs != null) {
            body.put("register_as", registerAs);
        }
        return as.post(TRAININGS + "create", body.toString());
    }

    /** The training once it is FINISHED or FAILED; polls (a generous cap stops a hung test, it asserts no timing). */
    private static JsonNode await(TestHttp as, String id) {
        for (int i = 0; i < 3000; i++) {
            JsonNode training = ok(as.get(TRAININGS + "get?id=" + id)).get("training");
            String status = training.get("status").asText();
            if (status.equals("FINISHED") || status.equals("FAILED")) {
                return training;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("training " + id + " did not end");
    }

    private void grantDataset(String username, Permission permission) {
        ok(admin.post(SLIPWAY + "permissions/set", "{\"username\":\"" + username + "\",\"resource_type\":\"dataset\",\"resource_id\":"
                + "\"payments\",\"permission\":\"" + permission.name() + "\"}"));
    }

    private String tokenOf(String username) {
        ok(admin.post(SLIPWAY + "users/create", "{\"username\":\"" + username + "\"}"));
        return ok(admin.post(SLIPWAY + "tokens/create", "{\"username\":\"" + username + "\"}")).get("secret").asText();
    }

    private static List<String> ids(JsonNode list) {
        return StreamSupport.stream(list.get("trainings").spliterator(), false).map(t -> t.get("id").asText()).toList();
    }

    private static List<String> keys(JsonNode entries) {
        return StreamSupport.stream(entries.spliterator(), false).map(e -> e.get("key").asText()).toList();
    }

    private static List<String> paths(JsonNode files) {
        return StreamSupport.stream(files.spliterator(), false).map(f -> f.get("path").asText()).toList();
    }

    private static JsonNode ok(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
