package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.core.audit.AuditChain;
import io.slipway.core.identity.Permission;
import io.slipway.server.testing.TestHttp;
import io.slipway.server.testing.TestHttp.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves that every route is guarded: it calls each route the server has registered (so a new
 * route cannot be forgotten) as a user who has no permission on anything, against resources
 * another user owns, and expects 403 — except for the few routes that create new resources, only
 * read the caller's own account, or filter what they return. Without a token, every route but
 * /health and /version is 401.
 */
public abstract class AbstractPermissionCorpusTest extends AbstractServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MLFLOW = "/api/2.0/mlflow/";
    private static final String SLIPWAY = "/api/2.0/slipway/";
    /** Health, version, the probes and the Prometheus scrape answer without a token (ready may say 503: nothing loads here). */
    private static final Set<String> PUBLIC = Set.of("GET /health", "GET /version", "GET /v2/health/live", "GET /v2/health/ready",
            "GET /metrics");
    /** Open to any authenticated user: they create something new, answer about the caller, or filter what they show. */
    private static final Set<String> OPEN_ROUTES = Set.of("experiments/create", "registered-models/create", "experiments/search",
            "registered-models/search", "model-versions/search", "users/me", "lineage/dataset", "datasets/list", "trainings/list",
            "deployments/list");
    /**
     * Any authenticated user may store a blob: it is verified against its address and readable only
     * through a dataset version naming it, so storing one grants nothing (mallory's bytes do not
     * match the address: 400), or stream one (stored at the address its bytes hash to), or ask
     * which file sizes are known (it tells less than a new upload's missing blobs). Starting an
     * upload is open too, but only for a dataset without versions; against alice's dataset it
     * needs EDIT, which is what this corpus checks.
     */
    private static final Set<String> OPEN_FOR_ANY_USER = Set.of("PUT " + SLIPWAY + "datasets/blobs/{sha256}",
            "POST " + SLIPWAY + "datasets/blobs/stream", "POST " + SLIPWAY + "datasets/blobs/sizes", "GET /v2");
    /** A suite alice's one-line dataset passes. */
    private static final String SUITE = "expectations: [{expect: row_count_between, min: 0, max: 10}]";
    /** A training on alice's dataset (it fails in the background: rows.csv has no column x). */
    private static final String SPEC = "experiment: alice-exp\ndata: {train: fraud@1}\ntarget: x\ntask: binary\n";
    /** The artifact proxy's multipart routes are not implemented: they refuse everyone with 501. */
    private static final String NOT_IMPLEMENTED = "mlflow-artifacts/mpu/";

    private TestHttp admin;
    private TestHttp mallory;
    private final ObjectNode fields = JSON.createObjectNode();
    private String aliceTokenId;
    private String promotionId;
    private String blob;
    private String validationId;
    private String trainingId;

    @Override
    protected SlipwayConfig configure(SlipwayConfig config) {
        return config.withAuth(AuthConfig.disabled().withEnabled(true).withAdmin("root", AbstractGovernanceApiTest.ADMIN_TOKEN)
                .withDefaultPermission(Permission.NO_PERMISSIONS));
    }

    @BeforeEach
    void aliceOwnsEverything() {
        admin = http.withToken(AbstractGovernanceApiTest.ADMIN_TOKEN);
        TestHttp alice = http.withToken(tokenOf("alice"));
        mallory = http.withToken(tokenOf("mallory"));
        aliceTokenId = alice.get(SLIPWAY + "tokens/list").json().at("/tokens/0/id").asText();
        String experimentId = ok(alice.post(MLFLOW + "experiments/create", "{\"name\":\"alice-exp\"}")).get("experiment_id").asText();
        String runId = ok(alice.post(MLFLOW + "runs/create", "{\"experiment_id\":\"" + experimentId + "\"}")).at("/run/info/run_id").asText();
        ok(alice.post(MLFLOW + "runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"val_auc\",\"value\":0.9,\"timestamp\":1}"));
        String artifact = experimentId + "/" + runId + "/artifacts/model/MLmodel";
        assertThat(alice.put("/api/2.0/mlflow-artifacts/artifacts/" + artifact, "flavors: {x: {}}\n".getBytes()).status()).isEqualTo(200);
        ok(alice.post(MLFLOW + "registered-models/create", "{\"name\":\"fraud\"}"));
        ok(alice.post(MLFLOW + "model-versions/create", "{\"name\":\"fraud\",\"source\":\"runs:/" + runId + "/model\",\"run_id\":\"" + runId + "\"}"));
        ok(alice.post(MLFLOW + "registered-models/alias", "{\"name\":\"fraud\",\"alias\":\"challenger\",\"version\":\"1\"}"));
        promotionId = ok(alice.post(SLIPWAY + "promotions/create", "{\"name\":\"fraud\",\"version\":\"1\",\"alias\":\"champion\"}"))
                .at("/promotion_request/id").asText();

        blob = AuditChain.sha256("alice's rows\n");
        String file = "{\"path\":\"rows.csv\",\"sha256\":\"" + blob + "\",\"size\":13}";
        String upload = ok(alice.post(SLIPWAY + "datasets/uploads/create", "{\"name\":\"fraud\",\"format\":\"csv\",\"files\":["
                + file + "]}")).get("upload_id").asText();
        ok(alice.put(SLIPWAY + "datasets/blobs/" + blob, "alice's rows\n".getBytes(StandardCharsets.UTF_8)));
        ok(alice.post(SLIPWAY + "datasets/uploads/commit", "{\"upload_id\":\"" + upload + "\"}"));
        validationId = ok(alice.post(SLIPWAY + "datasets/validations/create", "{\"name\":\"fraud\",\"suite\":\"" + SUITE + "\"}"))
                .at("/validation/id").asText();
        trainingId = ok(alice.post(SLIPWAY + "trainings/create", JSON.createObjectNode().put("spec", SPEC).toString()))
                .at("/training/id").asText();
        ok(alice.post(SLIPWAY + "deployments/create", "{\"name\":\"fraud\",\"model_uri\":\"models:/fraud/1\"}"));
        String pendingUpload = ok(alice.post(SLIPWAY + "datasets/uploads/create", "{\"name\":\"fraud\",\"files\":[" + file
                + ",{\"path\":\"more.csv\",\"sha256\":\"" + AuditChain.sha256("more") + "\",\"size\":4}]}")).get("upload_id").asText();

        fields.put("experiment_id", experimentId).put("run_id", runId).put("run_uuid", runId).put("name", "fraud")
                .put("new_name", "stolen").put("version", "1").put("alias", "challenger").put("key", "k").put("value", "v")
                .put("timestamp", 1).put("step", 0).put("metric_key", "val_auc").put("experiment_name", "alice-exp")
                .put("username", "alice").put("resource_type", "experiment").put("resource_id", experimentId)
                .put("permission", "MANAGE").put("admin", true).put("source", "runs:/" + runId + "/model")
                .put("path", experimentId + "/" + runId + "/artifacts").put("stage", "Production").put("description", "mine now")
                .put("intended_use", "anything").put("comment", "sneaky").put("digest", "abc")
                .put("upload_id", pendingUpload).put("from", 1).put("to", 1).put("suite", SUITE).put("spec", SPEC)
                .put("model_uri", "models:/fraud/1").put("mode", "SHADOW").put("percent", 0);
        fields.putArray("experiment_ids").add(experimentId);
        fields.putArray("metrics").addObject().put("key", "val_auc").put("value", 1.0).put("timestamp", 1).put("step", 1);
        fields.put("artifact", artifact);
        fields.put("deployment", "fraud");
        fields.putArray("feedback").addObject().put("prediction_id", "p").put("ground_truth", "fraud");
    }

    @Test
    void everyRouteRefusesAUserWithoutPermission() {
        List<String> routes = server.routes();
        assertThat(routes).hasSizeGreaterThan(50);
        List<String> unguarded = new ArrayList<>();
        for (String route : routes) {
            if (PUBLIC.contains(route)) {
                continue;
            }
            Response response = call(mallory, route);
            String action = action(route);
            boolean asExpected;
            if (action.startsWith(NOT_IMPLEMENTED)) {
                asExpected = response.status() == 501;
            } else if (OPEN_ROUTES.contains(action) || OPEN_FOR_ANY_USER.contains(route)) {
                asExpected = response.status() != 401 && response.status() != 403 && response.status() < 500;
            } else {
                asExpected = response.status() == 403;
            }
            if (!asExpected) {
                unguarded.add(route + " -> " + response);
            }
        }
        assertThat(unguarded).as("routes that did not refuse mallory").isEmpty();
    }

    @Test
    void searchesShowOnlyWhatTheCallerMayRead() {
        assertThat(ok(mallory.post(MLFLOW + "experiments/search", "{\"max_results\":100}")).toString()).doesNotContain("alice-exp");
        assertThat(ok(mallory.get(MLFLOW + "registered-models/search")).toString()).doesNotContain("fraud");
        assertThat(ok(mallory.get(MLFLOW + "model-versions/search")).toString()).doesNotContain("fraud");
        assertThat(ok(admin.get(MLFLOW + "model-versions/search")).toString()).contains("fraud");
        assertThat(ok(mallory.get(SLIPWAY + "datasets/list")).get("datasets")).isEmpty();
        assertThat(ok(admin.get(SLIPWAY + "datasets/list")).toString()).contains("fraud");
        assertThat(ok(mallory.get(SLIPWAY + "deployments/list")).get("deployments")).isEmpty();
        JsonNode deployments = ok(admin.get(SLIPWAY + "deployments/list")).get("deployments");
        assertThat(deployments).hasSize(1);
        assertThat(deployments.at("/0/name").asText()).isEqualTo("fraud");
    }

    @Test
    void anyUserMayStartANewDatasetButNotAddToAnother() {
        String file = "{\"path\":\"m.csv\",\"sha256\":\"" + AuditChain.sha256("m") + "\",\"size\":1}";
        assertThat(mallory.post(SLIPWAY + "datasets/uploads/create", "{\"name\":\"mallorys\",\"files\":[" + file + "]}").status())
                .isEqualTo(200);
        assertThat(mallory.post(SLIPWAY + "datasets/uploads/create", "{\"name\":\"fraud\",\"files\":[" + file + "]}").status())
                .isEqualTo(403);
    }

    @Test
    void everyRouteButHealthAndVersionNeedsAToken() {
        List<String> open = new ArrayList<>();
        for (String route : server.routes()) {
            Response response = call(http, route);
            if (PUBLIC.contains(route) ? response.status() == 401 || response.status() == 403 : response.status() != 401) {
                open.add(route + " -> " + response);
            }
        }
        assertThat(open).isEmpty();
    }

    private Response call(TestHttp as, String route) {
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1)
                .replace("segments/<path>", "segments/predictions/deployment=fraud/date=2026-11-28/part-1-x.parquet")
                .replace("<path>", fields.get("artifact").asText()).replace("{sha256}", blob)
                .replace("{name}", "fraud").replace("{version}", "1");
        ObjectNode body = fields.deepCopy();
        if (path.contains("/tokens/")) {
            body.put("id", aliceTokenId);
        } else if (path.contains("/validations/")) {
            body.put("id", validationId);
        } else if (path.contains("/trainings/")) {
            body.put("id", trainingId);
        } else {
            body.put("id", promotionId);
        }
        if (path.endsWith("runs/log-metric")) {
            body.put("value", 1.0); // a metric's value is a number, a tag's a string
        }
        return switch (method) {
            case "GET" -> as.get(path + "?" + query(body));
            case "PUT" -> as.put(path, "overwritten".getBytes(StandardCharsets.UTF_8));
            default -> as.method(method, path, body.toString());
        };
    }

    private static String query(ObjectNode body) {
        StringBuilder query = new StringBuilder();
        for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> field = it.next();
            if (field.getValue().isValueNode()) {
                query.append(query.isEmpty() ? "" : "&").append(field.getKey()).append('=')
                        .append(URLEncoder.encode(field.getValue().asText(), StandardCharsets.UTF_8));
            } else if (field.getKey().equals("experiment_ids")) {
                field.getValue().forEach(v -> query.append("&experiment_ids=").append(v.asText()));
            }
        }
        return query.toString();
    }

    private static String action(String route) {
        String path = route.substring(route.indexOf(' ') + 1);
        for (String prefix : List.of("/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/", "/api/2.0/slipway/", "/api/2.0/")) {
            if (path.startsWith(prefix)) {
                return path.substring(prefix.length());
            }
        }
        return path;
    }

    private String tokenOf(String username) {
        ok(admin.post(SLIPWAY + "users/create", "{\"username\":\"" + username + "\"}"));
        return ok(admin.post(SLIPWAY + "tokens/create", "{\"username\":\"" + username + "\"}")).get("secret").asText();
    }

    private static com.fasterxml.jackson.databind.JsonNode ok(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
