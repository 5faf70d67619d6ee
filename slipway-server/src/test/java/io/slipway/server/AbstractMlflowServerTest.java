package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.server.testing.TestHttp.Response;
import io.slipway.store.testing.TestStreams;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The MLflow REST API as clients see it on the wire, written once and run against each
 * storage combination (SQLite + local directory, PostgreSQL + S3).
 */
public abstract class AbstractMlflowServerTest extends AbstractServerTest {
    protected static final String API = "/api/2.0/mlflow/";
    private static final ObjectMapper JSON = new ObjectMapper();

    // ---- experiments ----

    @Test
    void createsAndReadsExperimentsInMlflowShape() {
        Response created = http.post(API + "experiments/create",
                "{\"name\":\"wire\",\"tags\":[{\"key\":\"team\",\"value\":\"risk\"}]}");
        assertThat(created.status()).isEqualTo(200);
        String id = created.json().get("experiment_id").asText();
        assertThat(created.json().get("experiment_id").isTextual()).isTrue();

        JsonNode experiment = http.get(API + "experiments/get?experiment_id=" + id).json().get("experiment");
        assertThat(experiment.get("experiment_id").asText()).isEqualTo(id);
        assertThat(experiment.get("name").asText()).isEqualTo("wire");
        assertThat(experiment.get("artifact_location").asText()).isEqualTo("mlflow-artifacts:/" + id);
        assertThat(experiment.get("lifecycle_stage").asText()).isEqualTo("active");
        assertThat(experiment.get("creation_time").isNumber()).isTrue();
        assertThat(experiment.get("last_update_time").isNumber()).isTrue();
        assertThat(experiment.get("tags").get(0).get("key").asText()).isEqualTo("team");

        assertThat(http.get(API + "experiments/get-by-name?experiment_name=wire").json().at("/experiment/experiment_id").asText())
                .isEqualTo(id);
        assertThat(http.get("/ajax-api/2.0/mlflow/experiments/get?experiment_id=" + id).status()).isEqualTo(200);
    }

    @Test
    void duplicateNamesAre400ResourceAlreadyExists() {
        http.post(API + "experiments/create", "{\"name\":\"twice\"}");
        Response again = http.post(API + "experiments/create", "{\"name\":\"twice\"}");
        assertError(again, 400, "RESOURCE_ALREADY_EXISTS", "twice");
    }

    @Test
    void missingExperimentsAre404() {
        assertError(http.get(API + "experiments/get?experiment_id=9999"), 404, "RESOURCE_DOES_NOT_EXIST", "9999");
        assertError(http.get(API + "experiments/get-by-name?experiment_name=absent"), 404, "RESOURCE_DOES_NOT_EXIST", "absent");
    }

    @Test
    void searchesExperimentsByPostAndGetWithPaging() {
        for (String name : List.of("s a", "s b", "s c")) {
            http.post(API + "experiments/create", "{\"name\":\"" + name + "\"}");
        }
        JsonNode page = http.post(API + "experiments/search",
                "{\"max_results\":\"2\",\"filter\":\"name LIKE 's %'\",\"order_by\":[\"name ASC\"],\"view_type\":\"ACTIVE_ONLY\"}").json();
        assertThat(names(page.get("experiments"))).containsExactly("s a", "s b");
        String token = page.get("next_page_token").asText();
        JsonNode next = http.get(API + "experiments/search?max_results=2&filter=name+LIKE+%27s+%25%27&order_by=name+ASC&page_token="
                + token).json();
        assertThat(names(next.get("experiments"))).containsExactly("s c");
        assertThat(next.has("next_page_token")).isFalse();
    }

    @Test
    void renamesDeletesRestoresAndTagsExperiments() {
        String id = createExperiment("life");
        assertThat(http.post(API + "experiments/update", "{\"experiment_id\":\"" + id + "\",\"new_name\":\"life2\"}").body()).isEqualTo("{}");
        http.post(API + "experiments/set-experiment-tag", "{\"experiment_id\":\"" + id + "\",\"key\":\"k\",\"value\":\"v\"}");
        http.post(API + "experiments/delete", "{\"experiment_id\":\"" + id + "\"}");
        JsonNode deleted = http.get(API + "experiments/get?experiment_id=" + id).json().get("experiment");
        assertThat(deleted.get("lifecycle_stage").asText()).isEqualTo("deleted");
        assertThat(deleted.get("name").asText()).isEqualTo("life2");
        http.post(API + "experiments/restore", "{\"experiment_id\":\"" + id + "\"}");
        JsonNode restored = http.get(API + "experiments/get?experiment_id=" + id).json().get("experiment");
        assertThat(restored.get("lifecycle_stage").asText()).isEqualTo("active");
        assertThat(restored.at("/tags/0/value").asText()).isEqualTo("v");
    }

    // ---- runs ----

    @Test
    void runsRoundTripWithJavaClientStyleInt64StringsAndBothIds() {
        String id = createExperiment("runs");
        Response created = http.post(API + "runs/create", "{\"experiment_id\":\"" + id + "\",\"start_time\":\"1700000000000\","
                + "\"tags\":[{\"key\":\"mlflow.runName\",\"value\":\"first\"},{\"key\":\"mlflow.user\",\"value\":\"ann\"}]}");
        assertThat(created.status()).isEqualTo(200);
        JsonNode info = created.json().at("/run/info");
        String runId = info.get("run_id").asText();
        assertThat(info.get("run_uuid").asText()).isEqualTo(runId);
        assertThat(info.get("run_name").asText()).isEqualTo("first");
        assertThat(info.get("user_id").asText()).isEqualTo("ann");
        assertThat(info.get("status").asText()).isEqualTo("RUNNING");
        assertThat(info.get("start_time").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(info.has("end_time")).isFalse();
        assertThat(info.get("artifact_uri").asText()).isEqualTo("mlflow-artifacts:/" + id + "/" + runId + "/artifacts");
        assertThat(info.get("lifecycle_stage").asText()).isEqualTo("active");

        String ids = "\"run_id\":\"" + runId + "\",\"run_uuid\":\"" + runId + "\"";
        assertThat(http.post(API + "runs/log-metric", "{" + ids + ",\"key\":\"loss\",\"value\":\"NaN\",\"timestamp\":\"5\",\"step\":\"1\"}")
                .status()).isEqualTo(200);
        http.post(API + "runs/log-metric", "{" + ids + ",\"key\":\"loss\",\"value\":0.25,\"timestamp\":6,\"step\":2}");
        http.post(API + "runs/log-metric", "{" + ids + ",\"key\":\"inf\",\"value\":\"Infinity\",\"timestamp\":6}");
        http.post(API + "runs/log-parameter", "{" + ids + ",\"key\":\"lr\",\"value\":\"0.1\"}");
        http.post(API + "runs/set-tag", "{" + ids + ",\"key\":\"stage\",\"value\":\"dev\"}");
        JsonNode updated = http.post(API + "runs/update", "{" + ids + ",\"status\":\"FINISHED\",\"end_time\":\"1700000001000\"}").json();
        assertThat(updated.at("/run_info/status").asText()).isEqualTo("FINISHED");
        assertThat(updated.at("/run_info/end_time").asLong()).isEqualTo(1_700_000_001_000L);

        JsonNode run = http.get(API + "runs/get?run_uuid=" + runId + "&run_id=" + runId).json().get("run");
        assertThat(run.at("/data/params/0/key").asText()).isEqualTo("lr");
        assertThat(run.at("/data/tags").findValuesAsText("key")).contains("stage", "mlflow.runName", "mlflow.user");
        JsonNode metrics = run.at("/data/metrics");
        assertThat(metrics.get(0).get("key").asText()).isEqualTo("inf");
        assertThat(metrics.get(0).get("value").asText()).isEqualTo("Infinity");
        assertThat(metrics.get(1).get("value").asDouble()).isEqualTo(0.25);
        assertThat(metrics.get(1).get("step").asLong()).isEqualTo(2);
        assertThat(run.at("/inputs/dataset_inputs").isArray()).isTrue();

        JsonNode history = http.get(API + "metrics/get-history?run_id=" + runId + "&metric_key=loss").json().get("metrics");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("value").asText()).isEqualTo("NaN");
    }

    @Test
    void acceptsLowerCamelFieldNames() {
        String id = createExperiment("camel");
        Response created = http.post(API + "runs/create", "{\"experimentId\":\"" + id + "\",\"runName\":\"camel-run\",\"startTime\":7}");
        assertThat(created.json().at("/run/info/run_name").asText()).isEqualTo("camel-run");
        assertThat(created.json().at("/run/info/start_time").asLong()).isEqualTo(7);
    }

    @Test
    void logBatchIsAtomicAndSafeToReplay() {
        String runId = createRun("0");
        String batch = "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":1,\"step\":0},"
                + "{\"key\":\"m\",\"value\":2,\"timestamp\":2,\"step\":1}],\"params\":[{\"key\":\"p\",\"value\":\"1\"}],"
                + "\"tags\":[{\"key\":\"t\",\"value\":\"x\"}]}";
        for (int i = 0; i < 3; i++) {
            assertThat(http.post(API + "runs/log-batch", batch).status()).isEqualTo(200);
        }
        Response conflicting = http.post(API + "runs/log-batch", "{\"run_id\":\"" + runId
                + "\",\"metrics\":[{\"key\":\"other\",\"value\":1,\"timestamp\":1}],\"params\":[{\"key\":\"p\",\"value\":\"2\"}]}");
        assertError(conflicting, 400, "INVALID_PARAMETER_VALUE", "Changing param values is not allowed");
        JsonNode run = http.get(API + "runs/get?run_id=" + runId).json().get("run");
        assertThat(run.at("/data/metrics").findValuesAsText("key")).containsExactly("m");
        assertThat(http.get(API + "metrics/get-history?run_id=" + runId + "&metric_key=m").json().get("metrics")).hasSize(2);
    }

    @Test
    void enforcesMlflowBatchLimits() {
        String runId = createRun("0");
        StringBuilder metrics = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            metrics.append(i == 0 ? "" : ",").append("{\"key\":\"m\",\"value\":1,\"timestamp\":").append(i).append('}');
        }
        assertError(http.post(API + "runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[" + metrics + "]}"),
                400, "INVALID_PARAMETER_VALUE", "at most 1000 metrics");
    }

    @Test
    void searchesRunsWithFiltersOrderingAndPaging() {
        String exp = createExperiment("search-runs");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String runId = createRun(exp);
            ids.add(runId);
            http.post(API + "runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"acc\",\"value\":" + (i / 10.0)
                    + ",\"timestamp\":1}],\"params\":[{\"key\":\"model\",\"value\":\"" + (i % 2 == 0 ? "xgb" : "lr") + "\"}]}");
        }
        JsonNode page = http.post(API + "runs/search", "{\"experiment_ids\":[\"" + exp + "\"],\"filter\":\"params.model = 'xgb' and "
                + "metrics.acc > 0\",\"order_by\":[\"metrics.acc DESC\"],\"max_results\":1}").json();
        assertThat(page.get("runs")).hasSize(1);
        assertThat(page.at("/runs/0/info/run_id").asText()).isEqualTo(ids.get(4));
        JsonNode next = http.post(API + "runs/search", "{\"experiment_ids\":[\"" + exp + "\"],\"filter\":\"params.model = 'xgb' and "
                + "metrics.acc > 0\",\"order_by\":[\"metrics.acc DESC\"],\"max_results\":1,\"page_token\":\""
                + page.get("next_page_token").asText() + "\"}").json();
        assertThat(next.at("/runs/0/info/run_id").asText()).isEqualTo(ids.get(2));
        assertThat(next.has("next_page_token")).isFalse();
        assertError(http.post(API + "runs/search", "{\"experiment_ids\":[\"" + exp + "\"],\"filter\":\"metrics.acc > 'x'\"}"),
                400, "INVALID_PARAMETER_VALUE", "numeric");
    }

    @Test
    void deletesAndRestoresRunsAndTags() {
        String runId = createRun("0");
        http.post(API + "runs/set-tag", "{\"run_id\":\"" + runId + "\",\"key\":\"k\",\"value\":\"v\"}");
        assertThat(http.post(API + "runs/delete-tag", "{\"run_id\":\"" + runId + "\",\"key\":\"k\"}").status()).isEqualTo(200);
        assertError(http.post(API + "runs/delete-tag", "{\"run_id\":\"" + runId + "\",\"key\":\"k\"}"), 404, "RESOURCE_DOES_NOT_EXIST", "k");
        http.post(API + "runs/delete", "{\"run_id\":\"" + runId + "\"}");
        assertError(http.post(API + "runs/log-parameter", "{\"run_id\":\"" + runId + "\",\"key\":\"a\",\"value\":\"b\"}"),
                400, "INVALID_PARAMETER_VALUE", "active");
        http.post(API + "runs/restore", "{\"run_id\":\"" + runId + "\"}");
        assertThat(http.get(API + "runs/get?run_id=" + runId).json().at("/run/info/lifecycle_stage").asText()).isEqualTo("active");
    }

    @Test
    void logsDatasetInputs() {
        String runId = createRun("0");
        Response logged = http.post(API + "runs/log-inputs", "{\"run_id\":\"" + runId + "\",\"datasets\":[{\"tags\":[{\"key\":"
                + "\"mlflow.data.context\",\"value\":\"training\"}],\"dataset\":{\"name\":\"tx\",\"digest\":\"d1\",\"source_type\":\"local\","
                + "\"source\":\"{}\",\"schema\":\"{}\"}}]}");
        assertThat(logged.status()).isEqualTo(200);
        JsonNode inputs = http.get(API + "runs/get?run_id=" + runId).json().at("/run/inputs/dataset_inputs");
        assertThat(inputs.at("/0/dataset/name").asText()).isEqualTo("tx");
        assertThat(inputs.at("/0/dataset/source_type").asText()).isEqualTo("local");
        assertThat(inputs.at("/0/tags/0/value").asText()).isEqualTo("training");
    }

    @Test
    void recordsLoggedModelsInTheHistoryTag() throws Exception {
        String runId = createRun("0");
        String model = "{\"artifact_path\":\"model\",\"flavors\":{\"python_function\":{\"loader_module\":\"mlflow.sklearn\"}},"
                + "\"run_id\":\"" + runId + "\"}";
        for (String path : List.of("model", "model-2")) {
            Response logged = http.post(API + "runs/log-model", "{\"run_id\":\"" + runId + "\",\"model_json\":"
                    + JSON.writeValueAsString(model.replace("\"model\"", "\"" + path + "\"")) + "}");
            assertThat(logged.status()).as(logged.toString()).isEqualTo(200);
        }
        JsonNode tags = http.get(API + "runs/get?run_id=" + runId).json().at("/run/data/tags");
        String history = StreamSupport.stream(tags.spliterator(), false)
                .filter(t -> t.get("key").asText().equals("mlflow.log-model.history")).findFirst().orElseThrow().get("value").asText();
        JsonNode models = JSON.readTree(history);
        assertThat(models.findValuesAsText("artifact_path")).containsExactly("model", "model-2");
        assertError(http.post(API + "runs/log-model", "{\"run_id\":\"" + runId + "\",\"model_json\":\"[1,2]\"}"),
                400, "INVALID_PARAMETER_VALUE", "model_json");
        assertError(http.post(API + "runs/log-model", "{\"run_id\":\"" + runId + "\",\"model_json\":\"{nope\"}"),
                400, "INVALID_PARAMETER_VALUE", "not valid JSON");
    }

    @Test
    void pagesMetricHistory() {
        String runId = createRun("0");
        StringBuilder metrics = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            metrics.append(i == 0 ? "" : ",").append("{\"key\":\"m\",\"value\":").append(i).append(",\"timestamp\":1,\"step\":").append(i).append('}');
        }
        http.post(API + "runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[" + metrics + "]}");
        List<Long> steps = new ArrayList<>();
        String token = "";
        do {
            JsonNode page = http.get(API + "metrics/get-history?run_id=" + runId + "&metric_key=m&max_results=100"
                    + (token.isEmpty() ? "" : "&page_token=" + token)).json();
            page.get("metrics").forEach(m -> steps.add(m.get("step").asLong()));
            token = page.path("next_page_token").asText("");
        } while (!token.isEmpty());
        assertThat(steps).hasSize(250).isSorted();
    }

    // ---- artifacts ----

    @Test
    void uploadsListsDownloadsAndDeletesArtifactsThroughTheProxy() {
        String exp = createExperiment("artifacts");
        String runId = createRun(exp);
        String root = exp + "/" + runId + "/artifacts";
        byte[] content = "hello, artifacts".getBytes(StandardCharsets.UTF_8);
        assertThat(http.put("/api/2.0/mlflow-artifacts/artifacts/" + root + "/model/model.json", content).status()).isEqualTo(200);
        http.put("/api/2.0/mlflow-artifacts/artifacts/" + root + "/notes%20v1.txt", "n".getBytes(StandardCharsets.UTF_8));

        var download = http.getBytes("/api/2.0/mlflow-artifacts/artifacts/" + root + "/model/model.json");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(content);

        JsonNode proxyList = http.get("/api/2.0/mlflow-artifacts/artifacts?path=" + root).json();
        assertThat(proxyList.get("files").findValuesAsText("path")).containsExactly("model", "notes v1.txt");

        JsonNode runList = http.get(API + "artifacts/list?run_id=" + runId).json();
        assertThat(runList.get("root_uri").asText()).isEqualTo("mlflow-artifacts:/" + root);
        assertThat(runList.get("files").findValuesAsText("path")).containsExactly("model", "notes v1.txt");
        assertThat(runList.at("/files/0/is_dir").asBoolean()).isTrue();
        JsonNode nested = http.get(API + "artifacts/list?run_id=" + runId + "&path=model").json();
        assertThat(nested.at("/files/0/path").asText()).isEqualTo("model/model.json");
        assertThat(nested.at("/files/0/file_size").asLong()).isEqualTo(content.length);

        assertThat(http.delete("/api/2.0/mlflow-artifacts/artifacts/" + root + "/model").status()).isEqualTo(200);
        assertError(http.get("/api/2.0/mlflow-artifacts/artifacts/" + root + "/model/model.json"), 404, "RESOURCE_DOES_NOT_EXIST", "model.json");
    }

    @Test
    void refusesArtifactPathsOutsideARunsRoot() {
        String runId = createRun("0");
        assertError(http.put("/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/..%2F..%2Fescape", new byte[] {1}),
                400, "INVALID_PARAMETER_VALUE", "not allowed");
        assertError(http.put("/api/2.0/mlflow-artifacts/artifacts/elsewhere/file.txt", new byte[] {1}),
                400, "INVALID_PARAMETER_VALUE", "artifact root");
        assertError(http.get(API + "artifacts/list?run_id=" + runId + "&path=../../x"), 400, "INVALID_PARAMETER_VALUE", "path");
        assertError(http.get(API + "artifacts/list?run_id=" + runId + "&path=/etc"), 400, "INVALID_PARAMETER_VALUE", "absolute");
        assertThat(rawRequestStatus("GET /api/2.0/mlflow-artifacts/artifacts/0/../../etc/passwd HTTP/1.1")).isBetween(400, 499);
    }

    @Test
    void anInterruptedUploadLeavesNothingBehind() throws Exception {
        String runId = createRun("0");
        String path = "/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/partial.bin";
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[200_000]);
            out.flush();
        }
        Thread.sleep(500); // let the server notice the closed connection
        assertThat(http.get("/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/partial.bin").status()).isEqualTo(404);
        assertThat(http.get(API + "artifacts/list?run_id=" + runId).json().path("files")).isEmpty();
    }

    @Test
    void streamsALargeUploadOfUnknownLengthToTheStoreAndBack() throws Exception {
        String runId = createRun("0");
        String path = "/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/big.bin";
        long size = 110L * 1024 * 1024; // above 100 MB: a multipart upload on S3
        DigestInputStream source = TestStreams.sha256(TestStreams.pseudoRandom(7, size)); // generated on the fly
        HttpResponse<String> upload = http.client().send(HttpRequest.newBuilder(http.uri(path))
                        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> source)).build(), // chunked: no length
                HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);

        HttpResponse<InputStream> download = http.client().send(
                HttpRequest.newBuilder(http.uri(path)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(download.statusCode()).isEqualTo(200);
        long length;
        DigestInputStream received = TestStreams.sha256(download.body());
        try (InputStream in = received) {
            length = in.transferTo(OutputStream.nullOutputStream());
        }
        assertThat(length).isEqualTo(size);
        assertThat(TestStreams.hex(received)).isEqualTo(TestStreams.hex(source));
        JsonNode listing = http.get(API + "artifacts/list?run_id=" + runId).json();
        assertThat(listing.at("/files/0/file_size").asLong()).isEqualTo(size);
    }

    // ---- helpers ----

    protected String createExperiment(String name) {
        Response response = http.post(API + "experiments/create", "{\"name\":\"" + name + "\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("experiment_id").asText();
    }

    protected String createRun(String experimentId) {
        Response response = http.post(API + "runs/create", "{\"experiment_id\":\"" + experimentId + "\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().at("/run/info/run_id").asText();
    }

    protected static List<String> names(JsonNode experiments) {
        return StreamSupport.stream(experiments.spliterator(), false).map(e -> e.get("name").asText()).toList();
    }

    protected static void assertError(Response response, int status, String errorCode, String messagePart) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.json().get("error_code").asText()).as(response.toString()).isEqualTo(errorCode);
        assertThat(response.json().get("message").asText()).as(response.toString()).contains(messagePart);
    }
}
