package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.api.mlflow.RegistryMessages;
import io.slipway.api.mlflow.TrackingMessages;
import io.slipway.api.slipway.DatasetMessages;
import io.slipway.api.slipway.DatasetValidationMessages;
import io.slipway.api.slipway.DeploymentMessages;
import io.slipway.api.slipway.GovernanceMessages;
import io.slipway.api.slipway.ModelGovernanceMessages;
import io.slipway.api.slipway.PredictionMessages;
import io.slipway.api.slipway.TrainingMessages;
import io.slipway.core.audit.AuditChain;
import io.slipway.core.data.DatasetFile;
import io.slipway.core.data.DatasetManifest;
import io.slipway.core.data.NewDatasetVersion;
import io.slipway.server.testing.TestHttp.Response;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Throws a corpus of bad requests at every endpoint and checks that none is answered with a
 * 5xx: each gets a 4xx with MLflow's error JSON naming the problem (or, where the request
 * turns out to be valid, a 200), and the server stays healthy throughout.
 */
public abstract class AbstractBadRequestCorpusTest extends AbstractServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A route: a path relative to /api/2.0/mlflow/, or an absolute one. */
    private record Endpoint(String method, String path, Class<? extends Record> message) {
        String url() {
            return path.startsWith("/") ? path : "/api/2.0/mlflow/" + path;
        }
    }

    private static final String SLIPWAY = "/api/2.0/slipway/";

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "experiments/create", TrackingMessages.CreateExperiment.class),
            new Endpoint("GET", "experiments/get", TrackingMessages.GetExperiment.class),
            new Endpoint("GET", "experiments/get-by-name", TrackingMessages.GetExperimentByName.class),
            new Endpoint("POST", "experiments/search", TrackingMessages.SearchExperiments.class),
            new Endpoint("GET", "experiments/search", TrackingMessages.SearchExperiments.class),
            new Endpoint("POST", "experiments/update", TrackingMessages.UpdateExperiment.class),
            new Endpoint("POST", "experiments/delete", TrackingMessages.ExperimentId.class),
            new Endpoint("POST", "experiments/restore", TrackingMessages.ExperimentId.class),
            new Endpoint("POST", "experiments/set-experiment-tag", TrackingMessages.SetExperimentTag.class),
            new Endpoint("POST", "runs/create", TrackingMessages.CreateRun.class),
            new Endpoint("GET", "runs/get", TrackingMessages.RunRef.class),
            new Endpoint("POST", "runs/update", TrackingMessages.UpdateRun.class),
            new Endpoint("POST", "runs/delete", TrackingMessages.RunRef.class),
            new Endpoint("POST", "runs/restore", TrackingMessages.RunRef.class),
            new Endpoint("POST", "runs/search", TrackingMessages.SearchRuns.class),
            new Endpoint("POST", "runs/log-metric", TrackingMessages.LogMetric.class),
            new Endpoint("POST", "runs/log-parameter", TrackingMessages.LogParam.class),
            new Endpoint("POST", "runs/set-tag", TrackingMessages.SetTag.class),
            new Endpoint("POST", "runs/delete-tag", TrackingMessages.DeleteTag.class),
            new Endpoint("POST", "runs/log-batch", TrackingMessages.LogBatch.class),
            new Endpoint("POST", "runs/log-inputs", TrackingMessages.LogInputs.class),
            new Endpoint("POST", "runs/log-model", TrackingMessages.LogModel.class),
            new Endpoint("GET", "metrics/get-history", TrackingMessages.GetMetricHistory.class),
            new Endpoint("GET", "artifacts/list", TrackingMessages.ListArtifacts.class),
            new Endpoint("POST", "registered-models/create", RegistryMessages.CreateRegisteredModel.class),
            new Endpoint("GET", "registered-models/get", RegistryMessages.ModelName.class),
            new Endpoint("PATCH", "registered-models/update", RegistryMessages.UpdateRegisteredModel.class),
            new Endpoint("GET", "registered-models/search", RegistryMessages.SearchRegisteredModels.class),
            new Endpoint("POST", "registered-models/search", RegistryMessages.SearchRegisteredModels.class),
            new Endpoint("GET", "registered-models/get-latest-versions", RegistryMessages.GetLatestVersions.class),
            new Endpoint("POST", "registered-models/get-latest-versions", RegistryMessages.GetLatestVersions.class),
            new Endpoint("POST", "registered-models/set-tag", RegistryMessages.SetRegisteredModelTag.class),
            new Endpoint("DELETE", "registered-models/delete-tag", RegistryMessages.DeleteRegisteredModelTag.class),
            new Endpoint("POST", "registered-models/alias", RegistryMessages.SetAlias.class),
            new Endpoint("GET", "registered-models/alias", RegistryMessages.AliasRef.class),
            new Endpoint("DELETE", "registered-models/alias", RegistryMessages.AliasRef.class),
            new Endpoint("POST", "model-versions/create", RegistryMessages.CreateModelVersion.class),
            new Endpoint("GET", "model-versions/get", RegistryMessages.ModelVersionRef.class),
            new Endpoint("PATCH", "model-versions/update", RegistryMessages.UpdateModelVersion.class),
            new Endpoint("POST", "model-versions/transition-stage", RegistryMessages.TransitionStage.class),
            new Endpoint("GET", "model-versions/search", RegistryMessages.SearchModelVersions.class),
            new Endpoint("POST", "model-versions/search", RegistryMessages.SearchModelVersions.class),
            new Endpoint("GET", "model-versions/get-download-uri", RegistryMessages.ModelVersionRef.class),
            new Endpoint("POST", "model-versions/set-tag", RegistryMessages.SetModelVersionTag.class),
            new Endpoint("DELETE", "model-versions/delete-tag", RegistryMessages.DeleteModelVersionTag.class),
            new Endpoint("DELETE", "model-versions/delete", RegistryMessages.ModelVersionRef.class),
            new Endpoint("DELETE", "registered-models/delete", RegistryMessages.ModelName.class),
            new Endpoint("POST", SLIPWAY + "users/create", GovernanceMessages.CreateUser.class),
            new Endpoint("GET", SLIPWAY + "users/get", GovernanceMessages.Username.class),
            new Endpoint("PATCH", SLIPWAY + "users/update", GovernanceMessages.UpdateUser.class),
            new Endpoint("POST", SLIPWAY + "tokens/create", GovernanceMessages.CreateToken.class),
            new Endpoint("GET", SLIPWAY + "tokens/list", GovernanceMessages.Username.class),
            new Endpoint("POST", SLIPWAY + "tokens/revoke", GovernanceMessages.TokenRef.class),
            new Endpoint("POST", SLIPWAY + "permissions/set", GovernanceMessages.SetPermission.class),
            new Endpoint("GET", SLIPWAY + "permissions/list", GovernanceMessages.PermissionRef.class),
            new Endpoint("DELETE", SLIPWAY + "permissions/delete", GovernanceMessages.PermissionRef.class),
            new Endpoint("POST", SLIPWAY + "promotions/create", GovernanceMessages.CreatePromotion.class),
            new Endpoint("GET", SLIPWAY + "promotions/get", GovernanceMessages.PromotionRef.class),
            new Endpoint("GET", SLIPWAY + "promotions/list", GovernanceMessages.ListPromotions.class),
            new Endpoint("POST", SLIPWAY + "promotions/approve", GovernanceMessages.DecidePromotion.class),
            new Endpoint("POST", SLIPWAY + "promotions/reject", GovernanceMessages.DecidePromotion.class),
            new Endpoint("POST", SLIPWAY + "promotions/cancel", GovernanceMessages.DecidePromotion.class),
            new Endpoint("GET", SLIPWAY + "audit/events", GovernanceMessages.AuditEventsQuery.class),
            new Endpoint("GET", SLIPWAY + "model-versions/mlmodel", ModelGovernanceMessages.GetMlModel.class),
            new Endpoint("GET", SLIPWAY + "model-versions/card", ModelGovernanceMessages.GetCard.class),
            new Endpoint("PATCH", SLIPWAY + "model-versions/card", ModelGovernanceMessages.UpdateCard.class),
            new Endpoint("GET", SLIPWAY + "lineage/model-version", RegistryMessages.ModelVersionRef.class),
            new Endpoint("GET", SLIPWAY + "lineage/dataset", ModelGovernanceMessages.DatasetLineageRequest.class),
            new Endpoint("GET", SLIPWAY + "registered-models/alias-history", RegistryMessages.ModelName.class),
            new Endpoint("POST", SLIPWAY + "datasets/uploads/create", DatasetMessages.CreateUpload.class),
            new Endpoint("POST", SLIPWAY + "datasets/uploads/commit", DatasetMessages.CommitUpload.class),
            new Endpoint("POST", SLIPWAY + "datasets/blobs/sizes", DatasetMessages.BlobSizes.class),
            new Endpoint("GET", SLIPWAY + "datasets/list", DatasetMessages.DatasetName.class),
            new Endpoint("GET", SLIPWAY + "datasets/versions", DatasetMessages.DatasetName.class),
            new Endpoint("GET", SLIPWAY + "datasets/get", DatasetMessages.DatasetVersionRef.class),
            new Endpoint("GET", SLIPWAY + "datasets/diff", DatasetMessages.DiffVersions.class),
            new Endpoint("GET", SLIPWAY + "datasets/blobs/" + "0".repeat(64), DatasetMessages.DatasetVersionRef.class),
            new Endpoint("POST", SLIPWAY + "datasets/validations/create", DatasetValidationMessages.CreateValidation.class),
            new Endpoint("GET", SLIPWAY + "datasets/validations/list", DatasetValidationMessages.ListValidations.class),
            new Endpoint("GET", SLIPWAY + "datasets/validations/get", DatasetValidationMessages.ValidationRef.class),
            new Endpoint("GET", SLIPWAY + "datasets/suggest", DatasetMessages.DatasetVersionRef.class),
            new Endpoint("POST", SLIPWAY + "trainings/create", TrainingMessages.CreateTraining.class),
            new Endpoint("GET", SLIPWAY + "trainings/get", TrainingMessages.TrainingRef.class),
            new Endpoint("GET", SLIPWAY + "trainings/list", TrainingMessages.ListTrainings.class),
            new Endpoint("POST", SLIPWAY + "deployments/create", DeploymentMessages.CreateDeployment.class),
            new Endpoint("GET", SLIPWAY + "deployments/get", DeploymentMessages.DeploymentName.class),
            new Endpoint("GET", SLIPWAY + "deployments/list", DeploymentMessages.ListDeployments.class),
            new Endpoint("POST", SLIPWAY + "deployments/set-candidate", DeploymentMessages.SetCandidate.class),
            new Endpoint("POST", SLIPWAY + "deployments/set-percent", DeploymentMessages.SetPercent.class),
            new Endpoint("POST", SLIPWAY + "deployments/promote", DeploymentMessages.DeploymentName.class),
            new Endpoint("POST", SLIPWAY + "deployments/rollback", DeploymentMessages.RollbackDeployment.class),
            new Endpoint("GET", SLIPWAY + "deployments/events", DeploymentMessages.ListEvents.class),
            new Endpoint("POST", SLIPWAY + "deployments/delete", DeploymentMessages.DeploymentName.class),
            new Endpoint("POST", SLIPWAY + "predictions/feedback", PredictionMessages.SendFeedback.class),
            new Endpoint("GET", SLIPWAY + "predictions/search", PredictionMessages.SearchPredictions.class),
            new Endpoint("DELETE", SLIPWAY + "users/delete", GovernanceMessages.Username.class),
            // last: a bad new_name that happens to be a valid name renames the corpus model away
            new Endpoint("POST", "registered-models/rename", RegistryMessages.RenameRegisteredModel.class));

    /** Values of the wrong type, out of range, or hostile, tried in every field. */
    private static final List<Object> BAD_VALUES = List.of(
            Map.of("nested", 1), List.of(1, 2), 123, -1, 1.5, true, "", "not a number", "NaN", "99999999999999999999999",
            "../../etc/passwd", "/absolute", "a\u0000b", "x".repeat(10_000), "' OR 1=1 --", "metrics.x > 1 OR 1=1",
            List.of(Map.of("key", 5)), List.of(Map.of("key", "k", "value", 1, "timestamp", "soon")));

    private static final List<String> BAD_BODIES = List.of(
            "{", "{\"name\":", "[1,2,3]", "\"text\"", "42", "null", "{} {}", "{\"a\":1,}", "\u0000", "{\"x\":NaN}",
            "{\"run_id\":\"abc\",\"run_id\":\"def\"}");

    @Test
    void noBadRequestGetsA5xx() throws Exception {
        String experimentId = http.post("/api/2.0/mlflow/experiments/create", "{\"name\":\"corpus\"}").json().get("experiment_id").asText();
        String runId = http.post("/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"" + experimentId + "\"}")
                .json().at("/run/info/run_id").asText();
        String model = "corpus-model";
        assertThat(http.post("/api/2.0/mlflow/registered-models/create", "{\"name\":\"" + model + "\"}").status()).isEqualTo(200);
        assertThat(http.post("/api/2.0/mlflow/model-versions/create", "{\"name\":\"" + model + "\",\"source\":\"runs:/" + runId
                + "/model\"}").status()).isEqualTo(200);
        addCsvDataset(model, "id,amount\n1,2.5\n");
        server.deployments().create("corpus-deployment", "models:/" + model + "/1", null, null, null, "corpus");
        Map<String, Object> valid = new LinkedHashMap<>();
        valid.put("experiment_id", experimentId);
        valid.put("run_id", runId);
        valid.put("name", model);
        valid.put("new_name", "corpus-renamed");
        valid.put("key", "k");
        valid.put("value", "v");
        valid.put("timestamp", 1);
        valid.put("metric_key", "k");
        valid.put("experiment_ids", List.of(experimentId));
        valid.put("version", "1");
        valid.put("source", "runs:/" + runId + "/model");
        valid.put("alias", "champion");
        valid.put("stage", "Staging");
        valid.put("stages", List.of("Staging"));
        valid.put("username", "corpus-user");
        valid.put("resource_type", "registered_model");
        valid.put("resource_id", model);
        valid.put("permission", "READ");
        valid.put("format", "json");
        valid.put("files", List.of(Map.of("path", "a.csv", "sha256", "0".repeat(64), "size", 0)));
        valid.put("from", 1);
        valid.put("to", 1);
        valid.put("model_uri", "models:/" + model + "/1");
        valid.put("mode", "CANARY");
        valid.put("percent", 10);
        valid.put("rollout", Map.of("strategy", "CANARY", "initial_percent", 10, "step_percent", 10, "step_seconds", 60));
        valid.put("rollback", Map.of("max_error_rate", 0.1, "min_requests", 10, "window_seconds", 60));
        valid.put("suite", "expectations: [{expect: row_count_between, min: 0, max: 10}]");
        valid.put("deployment", "corpus-deployment");
        valid.put("feedback", List.of(Map.of("prediction_id", "p", "ground_truth", "fraud")));

        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (Endpoint endpoint : ENDPOINTS) {
            List<String> fields = fieldsOf(endpoint.message());
            for (boolean withValidBase : new boolean[] {false, true}) {
                for (String field : fields) {
                    for (Object bad : BAD_VALUES) {
                        ObjectNode body = JSON.createObjectNode();
                        if (withValidBase) {
                            valid.forEach((k, v) -> {
                                if (fields.contains(k)) {
                                    body.set(k, JSON.valueToTree(v));
                                }
                            });
                        }
                        body.set(field, JSON.valueToTree(bad));
                        requests++;
                        check(endpoint, send(endpoint, body), body.toString(), failures);
                        // MLflow's clients send a DELETE both ways (an over-long query gets a 414, and Connection: close)
                        if (endpoint.method().equals("DELETE")) {
                            requests++;
                            check(endpoint, http.delete(endpoint.url() + query(body)), body + " as query", failures);
                        }
                    }
                }
            }
            if (!endpoint.method().equals("GET")) {
                for (String raw : BAD_BODIES) {
                    requests++;
                    check(endpoint, http.method(endpoint.method(), endpoint.url(), raw), raw, failures);
                }
            }
            if (endpoint.method().equals("POST")) {
                requests++;
                check(endpoint, http.post(endpoint.url(), "application/x-www-form-urlencoded",
                        "name=x".getBytes(StandardCharsets.UTF_8)), "form body", failures);
                requests++;
                byte[] huge = new byte[17 * 1024 * 1024];
                java.util.Arrays.fill(huge, (byte) ' ');
                huge[0] = '{';
                huge[huge.length - 1] = '}';
                Response tooLarge = http.post(endpoint.url(), "application/json", huge);
                assertThat(tooLarge.status()).as(endpoint + " oversized").isEqualTo(413);
            }
        }
        assertThat(failures).as("of " + requests + " bad requests").isEmpty();
        assertThat(http.get("/health").status()).isEqualTo(200);
        assertThat(http.get("/api/2.0/mlflow/runs/get?run_id=" + runId).status()).isEqualTo(200);
    }

    /** A dataset version the validation routes can check, so that bad suites reach the suite parser. */
    private void addCsvDataset(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String sha256 = AuditChain.sha256(content);
        String upload = server.data().beginUpload(new NewDatasetVersion(name, new DatasetManifest(List.of(new DatasetFile("d.csv",
                sha256, bytes.length))), "csv", null, null, null, "", "", List.of(), "corpus")).upload().id();
        server.data().putBlob(sha256, new ByteArrayInputStream(bytes), bytes.length);
        server.data().commitUpload(upload);
    }

    @Test
    void unknownRoutesAndMethodsGetJsonErrors() {
        Response unknown = http.get("/api/2.0/mlflow/no/such/route");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error_code").asText()).isEqualTo("ENDPOINT_NOT_FOUND");
        Response wrongMethod = http.get("/api/2.0/mlflow/runs/create");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().get("message").asText()).contains("POST");
        Response patch = http.method("PATCH", "/api/2.0/mlflow/runs/log-batch", "{}");
        assertThat(patch.status()).isEqualTo(405);
    }

    @Test
    void hostileArtifactRequestsAreRefused() {
        String runId = http.post("/api/2.0/mlflow/runs/create", "{}").json().at("/run/info/run_id").asText();
        String root = "/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/";
        List<String> paths = List.of("..%2F..%2Fsecret", "%2e%2e/%2e%2e/secret", "a/%2e%2e/b", "a%5Cb", "a//b", "./a",
                "a/./b", "%252e%252e/x");
        for (String path : paths) {
            for (String method : List.of("GET", "PUT", "DELETE")) {
                Response response;
                try {
                    response = switch (method) {
                        case "GET" -> http.get(root + path);
                        case "PUT" -> http.put(root + path, new byte[] {1, 2, 3});
                        default -> http.delete(root + path);
                    };
                } catch (AssertionError e) {
                    throw new AssertionError(method + " " + path + ": " + e.getMessage(), e);
                }
                assertThat(response.status()).as(method + " " + path + " -> " + response).isBetween(400, 499);
            }
        }
        // an encoded NUL in the path fails HTTP parsing itself: Jetty answers 400 and closes the connection
        assertThat(rawRequestStatus("GET " + root + "%00 HTTP/1.1")).isEqualTo(400);
        for (String query : List.of("path=..", "path=%2Fetc", "path=a%2F..%2F..", "path=%00")) {
            Response response = http.get("/api/2.0/mlflow-artifacts/artifacts?" + query);
            assertThat(response.status()).as(query + " -> " + response).isBetween(400, 499);
        }
        assertThat(http.put("/api/2.0/mlflow-artifacts/artifacts/not-a-run/file", new byte[] {1}).status()).isEqualTo(400);
        assertThat(http.post("/api/2.0/mlflow-artifacts/mpu/create/0/" + runId + "/artifacts/x", "{}").status()).isEqualTo(501);
    }

    @Test
    void hostileBlobAddressesAreRefused() {
        String blobs = SLIPWAY + "datasets/blobs/";
        for (String address : List.of("..%2F..%2Fsecret", "%2e%2e", "a%5Cb", "ABC", "0".repeat(63), "0".repeat(65), "%00")) {
            assertThat(http.put(blobs + address, new byte[] {1, 2, 3}).status()).as("PUT " + address).isBetween(400, 499);
            assertThat(http.get(blobs + address + "?name=x").status()).as("GET " + address).isBetween(400, 499);
        }
        assertThat(http.get("/health").status()).isEqualTo(200);
    }

    @Test
    void hostileSegmentUploadsAreRefused() {
        server.deployments().create("fraud-live", "models:/" + registerCorpusModel() + "/1", null, null, null, "corpus");
        String segments = SLIPWAY + "predictions/segments/";
        for (String path : List.of("..%2F..%2Fsecret.parquet", "predictions/%2e%2e/x.parquet", "predictions%5Cx.parquet",
                "predictions//deployment=fraud-live/date=2026-11-28/p.parquet", "feedback/deployment=fraud-live/date=2026-11-28/./p.parquet",
                "predictions/deployment=fraud-live/date=2026-11-28/p.parquet", "predictions/deployment=x%00/date=2026-11-28/p.parquet",
                "predictions/deployment=" + "x".repeat(300) + "/date=2026-11-28/p.parquet")) {
            assertThat(http.put(segments + path, new byte[] {1, 2, 3}).status()).as("PUT " + path).isBetween(400, 499);
        }
        assertThat(http.get("/health").status()).isEqualTo(200);
    }

    private String registerCorpusModel() {
        String runId = http.post("/api/2.0/mlflow/runs/create", "{}").json().at("/run/info/run_id").asText();
        assertThat(http.post("/api/2.0/mlflow/registered-models/create", "{\"name\":\"segments\"}").status()).isEqualTo(200);
        assertThat(http.post("/api/2.0/mlflow/model-versions/create", "{\"name\":\"segments\",\"source\":\"runs:/" + runId
                + "/model\"}").status()).isEqualTo(200);
        return "segments";
    }

    private Response send(Endpoint endpoint, ObjectNode body) {
        String url = endpoint.url();
        try {
            return switch (endpoint.method()) {
                case "GET" -> http.get(url + query(body));
                case "POST" -> http.post(url, body.toString());
                default -> http.method(endpoint.method(), url, body.toString());
            };
        } catch (AssertionError e) {
            throw new AssertionError(endpoint + " " + abbreviate(body.toString()) + ": " + e.getMessage(), e);
        }
    }

    /** The message as a query string, as a GET carries it (a list is a repeated key). */
    private static String query(ObjectNode body) {
        StringBuilder query = new StringBuilder();
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            List<String> values = new ArrayList<>();
            if (value.isArray()) {
                value.forEach(v -> values.add(v.isTextual() ? v.asText() : v.toString()));
            } else {
                values.add(value.isTextual() ? value.asText() : value.toString());
            }
            for (String v : values) {
                query.append(query.length() == 0 ? '?' : '&').append(field.getKey()).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }

    private static void check(Endpoint endpoint, Response response, String request, List<String> failures) {
        String label = endpoint.method() + " " + endpoint.path() + " " + abbreviate(request) + " -> " + response;
        if (response.status() >= 500) {
            failures.add(label);
            return;
        }
        if (response.status() >= 400) {
            try {
                JsonNode json = response.json();
                if (!json.hasNonNull("error_code") || json.path("message").asText().isBlank()) {
                    failures.add("no MLflow error JSON: " + label);
                }
            } catch (AssertionError e) {
                failures.add("not JSON: " + label);
            }
        }
    }

    private static List<String> fieldsOf(Class<? extends Record> message) {
        List<String> names = new ArrayList<>();
        for (var component : message.getRecordComponents()) {
            names.add(component.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT));
        }
        return names;
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
