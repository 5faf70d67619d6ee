package io.slipway.server;

import static io.slipway.server.AbstractMlflowServerTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.core.artifacts.ArtifactService;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.Predictor;
import io.slipway.ml.predict.Predictors;
import io.slipway.server.testing.TestHttp.Response;
import io.slipway.server.testing.TrainingData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Serving over real HTTP with real XGBoost models trained and registered by the server: a
 * deployment of {@code fraud@champion} answering Open Inference Protocol and MLflow requests as the
 * model does in process; bad requests refused with a 4xx naming the field; an alias move swapped in
 * under continuous load without one failed request; a canary stepped to 100 % and promoted; a bad
 * canary rolled back by itself; a shadow whose answers are never returned; a version that fails to
 * load leaving the old one serving; the Prometheus metrics. Written once, run per storage combination.
 */
public abstract class AbstractServingApiTest extends AbstractServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEPLOYMENTS = "/api/2.0/slipway/deployments/";
    private static final String TRAININGS = "/api/2.0/slipway/trainings/";
    private static final String REGISTRY = "/api/2.0/mlflow/registered-models/";
    private static final String INFER = "/v2/models/fraud-api/infer";
    /** Three transactions, as OIP columns. */
    private static final String THREE_ROWS = """
            {"id": "req-1", "inputs": [
              {"name": "amount", "shape": [3], "datatype": "FP64", "data": [12.5, 950.0, 40.0]},
              {"name": "hour", "shape": [3], "datatype": "INT64", "data": [14, 3, 22]},
              {"name": "country", "shape": [3], "datatype": "BYTES", "data": ["US", "RU", "FR"]},
              {"name": "card_present", "shape": [3], "datatype": "BOOL", "data": [true, false, true]}]}""";
    private static final String ONE_ROW = """
            {"inputs": [
              {"name": "amount", "shape": [1], "datatype": "FP64", "data": [120.0]},
              {"name": "hour", "shape": [1], "datatype": "INT64", "data": [2]},
              {"name": "country", "shape": [1], "datatype": "BYTES", "data": ["DE"]},
              {"name": "card_present", "shape": [1], "datatype": "BOOL", "data": [false]}]}""";

    @BeforeEach
    void arrangeModels() {
        TrainingData.add(server.data(), "payments", TrainingData.payments(2000, 7));
        train(3, 10, "[transaction_id]");
        ok(http.post(REGISTRY + "alias", "{\"name\": \"fraud\", \"alias\": \"champion\", \"version\": \"1\"}"));
    }

    // ---- answers ----

    @Test
    void answersOipAndMlflowRequestsAsTheModelDoesInProcess() throws Exception {
        deploy("{\"name\": \"fraud-api\", \"model_uri\": \"models:/fraud@champion\"}");

        Response oip = http.post(INFER, THREE_ROWS);
        assertThat(oip.status()).as(oip.toString()).isEqualTo(200);
        assertThat(oip.header("X-Model-Version")).isEqualTo("1");
        JsonNode answer = oip.json();
        assertThat(answer.get("id").asText()).isEqualTo("req-1");
        assertThat(answer.get("model_name").asText()).isEqualTo("fraud-api");
        assertThat(answer.get("model_version").asText()).isEqualTo("1");
        double[] expected = inProcess("1");
        JsonNode probability = output(answer, "probability");
        assertThat(probability.at("/shape/0").asInt()).isEqualTo(3);
        for (int row = 0; row < 3; row++) {
            assertThat(probability.at("/data/" + row).asDouble()).isEqualTo(expected[row]);
        }

        String columns = "\"columns\": [\"amount\", \"hour\", \"country\", \"card_present\"]";
        String rows = "[[12.5, 14, \"US\", true], [950.0, 3, \"RU\", false], [40.0, 22, \"FR\", true]]";
        List<String> bodies = List.of(
                "{\"dataframe_split\": {" + columns + ", \"data\": " + rows + "}}",
                "{\"dataframe_records\": [{\"amount\": 12.5, \"hour\": 14, \"country\": \"US\", \"card_present\": true},"
                        + " {\"amount\": 950.0, \"hour\": 3, \"country\": \"RU\", \"card_present\": false},"
                        + " {\"amount\": 40.0, \"hour\": 22, \"country\": \"FR\", \"card_present\": true}]}",
                "{\"instances\": [{\"amount\": 12.5, \"hour\": 14, \"country\": \"US\", \"card_present\": true},"
                        + " {\"amount\": 950.0, \"hour\": 3, \"country\": \"RU\", \"card_present\": false},"
                        + " {\"amount\": 40.0, \"hour\": 22, \"country\": \"FR\", \"card_present\": true}]}",
                "{\"inputs\": {\"amount\": [12.5, 950.0, 40.0], \"hour\": [14, 3, 22], \"country\": [\"US\", \"RU\", \"FR\"],"
                        + " \"card_present\": [true, false, true]}}");
        for (String body : bodies) {
            assertPredictions(http.post("/deployments/fraud-api/invocations", body), expected);
        }
        assertPredictions(http.post("/deployments/fraud-api/invocations", "text/csv",
                "amount,hour,country,card_present\n12.5,14,US,true\n950.0,3,RU,false\n40.0,22,FR,true\n".getBytes(StandardCharsets.UTF_8)),
                expected);

        JsonNode metadata = ok(http.get("/v2/models/fraud-api"));
        assertThat(metadata.get("versions").toString()).isEqualTo("[\"1\"]");
        assertThat(names(metadata.get("inputs"))).containsExactly("amount", "hour", "country", "card_present");
        assertThat(metadata.get("platform").asText()).isEqualTo("slipway_xgboost");
        assertThat(ok(http.get("/v2/models/fraud-api/ready")).get("ready").asBoolean()).isTrue();
        assertThat(ok(http.get("/v2/models/fraud-api/versions/1/ready")).get("ready").asBoolean()).isTrue();
        assertThat(ok(http.get("/v2/health/ready")).get("ready").asBoolean()).isTrue();
        assertThat(ok(http.get("/v2/health/live")).get("live").asBoolean()).isTrue();
        assertThat(http.get("/deployments/fraud-api/ping").status()).isEqualTo(200);
        assertThat(ok(http.post("/v2/models/fraud-api/versions/1/infer", ONE_ROW)).get("model_version").asText()).isEqualTo("1");
    }

    @Test
    void badRequestsAre4xxNamingWhatIsWrongAndNeverA500() {
        deploy("{\"name\": \"fraud-api\", \"model_uri\": \"models:/fraud@champion\"}");

        assertError(http.post(INFER, "{\"inputs\": ["), 400, "INVALID_PARAMETER_VALUE", "JSON");
        assertError(http.post(INFER, ONE_ROW.replace("\"hour\"", "\"hours\"")), 400, "INVALID_PARAMETER_VALUE", "'hours'");
        assertError(http.post(INFER, ONE_ROW.replace("\"datatype\": \"FP64\", \"data\": [120.0]", "\"datatype\": \"BYTES\", \"data\": [\"x\"]")),
                400, "INVALID_PARAMETER_VALUE", "amount");
        // XGBoost takes missing values: a null amount is answered (an ONNX model's required column would be a 400)
        assertThat(http.post(INFER, ONE_ROW.replace("[120.0]", "[null]")).status()).isEqualTo(200);
        assertError(http.post(INFER, ONE_ROW.replace("[120.0]", "[\"NaN\"]")), 400, "INVALID_PARAMETER_VALUE", "amount");
        assertError(http.post(INFER, ONE_ROW.replace("\"shape\": [1], \"datatype\": \"INT64\"", "\"shape\": [2], \"datatype\": \"INT64\"")),
                400, "INVALID_PARAMETER_VALUE", "hour");
        assertError(http.post("/deployments/fraud-api/invocations", "{\"dataframe_records\": [{\"amount\": 1, \"hour\": 2,"
                + " \"country\": \"US\", \"card_present\": true, \"merchant\": \"x\"}]}"), 400, "INVALID_PARAMETER_VALUE", "'merchant'");
        assertError(http.post("/deployments/fraud-api/invocations", "{\"dataframe_records\": [{\"amount\": \"lots\"}]}"), 400,
                "INVALID_PARAMETER_VALUE", "'amount'");
        assertError(http.post("/deployments/fraud-api/invocations", "{\"data\": [[1]]}"), 400, "INVALID_PARAMETER_VALUE",
                "dataframe_split");
        assertError(http.post("/deployments/fraud-api/invocations", "text/plain", "1,2".getBytes(StandardCharsets.UTF_8)), 400,
                "INVALID_PARAMETER_VALUE", "text/plain");
        assertError(http.post("/v2/models/nobody/infer", ONE_ROW), 404, "RESOURCE_DOES_NOT_EXIST", "nobody");
        assertError(http.post("/v2/models/fraud-api/versions/7/infer", ONE_ROW), 404, "RESOURCE_DOES_NOT_EXIST", "7");
        assertError(http.get("/v2/models/nobody"), 404, "RESOURCE_DOES_NOT_EXIST", "nobody");
        Response error = http.post(INFER, "{}");
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.json().get("error").asText()).isEqualTo(error.json().get("message").asText());
    }

    // ---- swaps and rollouts ----

    @Test
    void anAliasMoveIsSwappedInUnderContinuousLoadWithoutOneFailedRequest() throws Exception {
        trainSecondVersion();
        deploy("{\"name\": \"fraud-api\", \"model_uri\": \"models:/fraud@champion\"}");
        Load load = new Load(4);
        try {
            load.awaitAnswers(200);
            ok(http.post(REGISTRY + "alias", "{\"name\": \"fraud\", \"alias\": \"champion\", \"version\": \"2\"}"));
            awaitTrue(() -> load.lastVersions().equals(Set.of("2")));
            load.awaitAnswers(load.answers.get() + 200);
        } finally {
            load.stop();
        }
        assertThat(load.failures).as("failed requests during the swap").isEmpty();
        assertThat(load.versions.keySet()).containsExactlyInAnyOrder("1", "2");
        JsonNode deployment = ok(http.get(DEPLOYMENTS + "get?name=fraud-api")).get("deployment");
        assertThat(deployment.at("/stable/version").asText()).isEqualTo("2");
        JsonNode events = ok(http.get(DEPLOYMENTS + "events?name=fraud-api")).get("events");
        assertThat(events.get(0).get("kind").asText()).isEqualTo("MODEL_MOVED");
        assertThat(events.get(0).get("from_version").asText()).isEqualTo("1");
        assertThat(events.get(0).get("to_version").asText()).isEqualTo("2");
    }

    @Test
    void aCanaryTakesItsShareIsSteppedTo100AndPromoted() {
        trainSecondVersion();
        deploy("{\"name\": \"fraud-api\", \"model_uri\": \"models:/fraud@champion\"}");
        ok(http.post(DEPLOYMENTS + "set-candidate", "{\"name\": \"fraud-api\", \"version\": \"2\", \"mode\": \"CANARY\", \"percent\": 30}"));
        awaitTrue(() -> ok(http.get("/v2/models/fraud-api")).get("versions").size() == 2);

        Map<String, Integer> versions = new ConcurrentHashMap<>();
        for (int i = 0; i < 200; i++) {
            Response response = http.post(INFER, ONE_ROW);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            versions.merge(response.header("X-Model-Version"), 1, Integer::sum);
        }
        assertThat(versions.keySet()).containsExactlyInAnyOrder("1", "2");
        assertThat(versions.get("2")).isBetween(20, 110);

        ok(http.post(DEPLOYMENTS + "set-percent", "{\"name\": \"fraud-api\", \"percent\": 100}"));
        awaitTrue(() -> java.util.stream.IntStream.range(0, 20)
                .allMatch(i -> "2".equals(http.post(INFER, ONE_ROW).header("X-Model-Version"))));
        for (int i = 0; i < 50; i++) {
            Response response = http.post(INFER, ONE_ROW);
            assertThat(response.header("X-Model-Version")).isEqualTo("2");
            assertThat(response.header("X-Model-Role")).isEqualTo("canary");
        }
        ok(http.post(DEPLOYMENTS + "promote", "{\"name\": \"fraud-api\"}"));
        awaitTrue(() -> "stable".equals(http.post(INFER, ONE_ROW).header("X-Model-Role")));
        assertThat(ok(http.get("/v2/models/fraud-api")).get("versions").toString()).isEqualTo("[\"2\"]");
    }

    @Test
    void aCanaryThatFailsItsRequestsIsRolledBackByItself() {
        trainBadThirdVersion();
        deploy("""
                {"name": "fraud-api", "model_uri": "models:/fraud@champion",
                 "rollback": {"max_error_rate": 0.2, "min_requests": 20, "window_seconds": 60}}""");
        ok(http.post(DEPLOYMENTS + "set-candidate", "{\"name\": \"fraud-api\", \"version\": \"3\", \"mode\": \"CANARY\", \"percent\": 50}"));
        awaitTrue(() -> ok(http.get("/v2/models/fraud-api")).get("versions").size() == 2);

        int failed = 0;
        int sent = 0;
        while (ok(http.get(DEPLOYMENTS + "get?name=fraud-api")).get("deployment").has("candidate")) {
            Response response = http.post(INFER, ONE_ROW);
            sent++;
            if (response.status() != 200) {
                failed++;
                assertThat(response.status()).as(response.toString()).isEqualTo(400);
                assertThat(response.json().get("error").asText()).contains("transaction_id");
                assertThat(response.header("X-Model-Version")).isNull();
            }
            assertThat(sent).as("requests before the rollback").isLessThan(5000);
        }
        assertThat(failed).isGreaterThanOrEqualTo(4);

        JsonNode rollback = ok(http.get(DEPLOYMENTS + "events?name=fraud-api")).get("events").get(0);
        assertThat(rollback.get("kind").asText()).isEqualTo("ROLLED_BACK");
        assertThat(rollback.get("actor").asText()).isEqualTo("slipway");
        assertThat(rollback.get("from_version").asText()).isEqualTo("3");
        assertThat(rollback.get("reason").asText()).startsWith("automatic: error rate").contains("> 0.2");
        for (int i = 0; i < 50; i++) {
            Response response = http.post(INFER, ONE_ROW);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.header("X-Model-Version")).isEqualTo("1");
        }
        assertThat(http.get("/metrics").body()).contains("slipway_deployment_rollbacks_total{deployment=\"fraud-api\"} 1.0");
    }

    @Test
    void aShadowSeesEveryRequestButNeverAnswersOne() {
        trainSecondVersion();
        deploy("{\"name\": \"fraud-api\", \"model_uri\": \"models:/fraud@champion\"}");
        ok(http.post(DEPLOYMENTS + "set-candidate", "{\"name\": \"fraud-api\", \"version\": \"2\", \"mode\": \"SHADOW\"}"));
        awaitTrue(() -> ok(http.get("/v2/models/fraud-api")).get("versions").size() == 2);

        for (int i = 0; i < 30; i++) {
            Response response = http.post(INFER, ONE_ROW);
            assertThat(response.header("X-Model-Version")).isEqualTo("1");
            assertThat(response.header("X-Model-Role")).isEqualTo("stable");
        }
        awaitTrue(() -> http.get("/metrics").body().contains(
                "slipway_inference_requests_total{deployment=\"fraud-api\",outcome=\"ok\",role=\"shadow\",version=\"2\"} 30.0"));
        assertThat(http.get("/metrics").body())
                .contains("slipway_inference_requests_total{deployment=\"fraud-api\",outcome=\"ok\",role=\"stable\",version=\"1\"} 30.0")
                .contains("slipway_inference_latency_seconds_bucket{deployment=\"fraud-api\"")
                .contains("slipway_inference_batch_rows_count{deployment=\"fraud-api\",version=\"1\"}")
                .contains("slipway_prediction_log_dropped_total 0.0")
                .contains("slipway_inference_queue_depth{deployment=\"fraud-api\"}");
    }

    @Test
    void aVersionThatFailsToLoadLeavesTheOldOneServing() {
        trainSecondVersion();
        deploy("{\"name\": \"fraud-api\", \"model_uri\": \"models:/fraud@champion\"}");
        server.registry().createModelVersion("fraud", server.registry().getModelVersion("fraud", "1").storageLocation() + "/missing",
                null, List.of(), null, null, "anonymous");
        ok(http.post(DEPLOYMENTS + "set-candidate", "{\"name\": \"fraud-api\", \"version\": \"3\", \"mode\": \"CANARY\", \"percent\": 100}"));
        awaitTrue(() -> ok(http.get("/v2/models/fraud-api/ready")).has("error"));

        JsonNode ready = ok(http.get("/v2/models/fraud-api/ready"));
        assertThat(ready.get("ready").asBoolean()).isTrue();
        assertThat(ready.get("error").asText()).contains("model fraud/3 failed to load");
        for (int i = 0; i < 20; i++) {
            Response response = http.post(INFER, ONE_ROW);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.header("X-Model-Version")).isEqualTo("1");
        }
    }

    // ---- helpers ----

    /** Version 2: deeper and longer than version 1. */
    private void trainSecondVersion() {
        train(4, 20, "[transaction_id]");
    }

    /** Version 3: trained on the transaction id too, which the applications do not send. */
    private void trainBadThirdVersion() {
        trainSecondVersion();
        train(3, 10, "[]");
    }

    private void train(int depth, int rounds, String exclude) {
        String spec = "experiment: fraud\n"
                + "data: {train: payments@1}\n"
                + "target: is_fraud\n"
                + "exclude: " + exclude + "\n"
                + "task: binary\n"
                + "xgboost: {params: {max_depth: " + depth + ", eta: 0.3}, rounds: " + rounds + "}\n";
        ObjectNode body = JSON.createObjectNode().put("spec", spec).put("register_as", "fraud");
        // arranging, not testing: a training that failed (S3Proxy drops an upload now and then under a loaded
        // machine) is submitted once more; it registers nothing when it fails, so the versions stay numbered
        for (int attempt = 1; ; attempt++) {
            String id = ok(http.post(TRAININGS + "create", body.toString())).at("/training/id").asText();
            awaitTrue(() -> ok(http.get(TRAININGS + "get?id=" + id)).at("/training/status").asText().matches("FINISHED|FAILED"));
            JsonNode training = ok(http.get(TRAININGS + "get?id=" + id)).get("training");
            if (training.get("status").asText().equals("FINISHED") || attempt == 2) {
                assertThat(training.get("status").asText()).as(training.toString()).isEqualTo("FINISHED");
                return;
            }
        }
    }

    private void deploy(String body) {
        ok(http.post(DEPLOYMENTS + "create", body));
        String name = readJson(body).get("name").asText();
        awaitTrue(() -> http.get("/v2/models/" + name + "/ready").status() == 200);
    }

    private static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Version {@code version}'s own predictions of {@link #THREE_ROWS}, loaded from its files in this test. */
    private double[] inProcess(String version) throws Exception {
        Path directory = Files.createTempDirectory(dataDir, "model");
        String location = server.registry().getModelVersion("fraud", version).storageLocation();
        server.artifacts().downloadTree(ArtifactService.pathOfUri(location).toString(), directory);
        Map<String, Column> columns = new LinkedHashMap<>();
        columns.put("amount", new Column.Numbers(new double[] {12.5, 950.0, 40.0}));
        columns.put("hour", new Column.Numbers(new double[] {14, 3, 22}));
        columns.put("country", new Column.Texts(new String[] {"US", "RU", "FR"}));
        columns.put("card_present", new Column.Numbers(new double[] {1, 0, 1}));
        try (Predictor predictor = Predictors.load(directory)) {
            return predictor.predict(Frame.of(columns)).values();
        }
    }

    private static void assertPredictions(Response response, double[] expected) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode predictions = response.json().get("predictions");
        assertThat(predictions.size()).isEqualTo(expected.length);
        for (int row = 0; row < expected.length; row++) {
            assertThat(predictions.get(row).asDouble()).isEqualTo(expected[row]);
        }
    }

    private static JsonNode output(JsonNode answer, String name) {
        for (JsonNode output : answer.get("outputs")) {
            if (output.get("name").asText().equals(name)) {
                return output;
            }
        }
        throw new AssertionError("no output " + name + " in " + answer);
    }

    private static List<String> names(JsonNode tensors) {
        List<String> names = new ArrayList<>();
        tensors.forEach(tensor -> names.add(tensor.get("name").asText()));
        return names;
    }

    /** Polls (a generous cap stops a hung test; it asserts no timing). */
    private static void awaitTrue(BooleanSupplier condition) {
        for (int i = 0; i < 1500; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("condition not met within 30 s");
    }

    private static JsonNode ok(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /** Threads sending single-row OIP requests until stopped, recording versions and failures. */
    private final class Load {
        final List<String> failures = new CopyOnWriteArrayList<>();
        final Map<String, Integer> versions = new ConcurrentHashMap<>();
        final AtomicInteger answers = new AtomicInteger();
        final Map<Long, String> last = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Load(int count) {
            for (int i = 0; i < count; i++) {
                Thread thread = new Thread(() -> {
                    while (running.get()) {
                        Response response = http.post(INFER, ONE_ROW);
                        if (response.status() != 200) {
                            failures.add(response.toString());
                            continue;
                        }
                        String version = response.header("X-Model-Version");
                        versions.merge(version, 1, Integer::sum);
                        last.put(Thread.currentThread().getId(), version);
                        answers.incrementAndGet();
                    }
                });
                thread.start();
                threads.add(thread);
            }
        }

        Set<String> lastVersions() {
            return Set.copyOf(last.values());
        }

        void awaitAnswers(int count) {
            awaitTrue(() -> answers.get() >= count || !failures.isEmpty());
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }
}
