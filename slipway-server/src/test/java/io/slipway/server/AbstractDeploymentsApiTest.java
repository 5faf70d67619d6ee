package io.slipway.server;

import static io.slipway.server.AbstractMlflowServerTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.core.identity.Permission;
import io.slipway.server.testing.TestHttp;
import io.slipway.server.testing.TestHttp.Response;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deployments over HTTP with authentication on: created from a model URI, rolled out, promoted and
 * rolled back, with their history; every bad request a 4xx naming its field; reads and changes
 * governed by the served model's permissions. Models are arranged through the registry service;
 * everything under test goes through HTTP. Written once and run against each storage combination.
 */
public abstract class AbstractDeploymentsApiTest extends AbstractServerTest {
    private static final String SLIPWAY = "/api/2.0/slipway/";
    private static final String DEPLOYMENTS = SLIPWAY + "deployments/";

    private TestHttp admin;
    private TestHttp rita;

    @Override
    protected SlipwayConfig configure(SlipwayConfig config) {
        return config.withAuth(AuthConfig.disabled().withEnabled(true).withAdmin("root", AbstractGovernanceApiTest.ADMIN_TOKEN)
                .withDefaultPermission(Permission.NO_PERMISSIONS));
    }

    @BeforeEach
    void arrange() {
        admin = http.withToken(AbstractGovernanceApiTest.ADMIN_TOKEN);
        rita = http.withToken(tokenOf("rita"));
        server.registry().createRegisteredModel("fraud", null, List.of(), "root");
        for (int i = 0; i < 3; i++) {
            server.registry().createModelVersion("fraud", "s3://models/fraud", null, List.of(), null, null, "root");
        }
        server.registry().setAlias("fraud", "live", "1", "root");
    }

    // ---- the lifecycle ----

    @Test
    void createsADeploymentAndReadsItBack() {
        JsonNode created = ok(admin.post(DEPLOYMENTS + "create", """
                {"name": "fraud-api", "model_uri": "models:/fraud@live", "description": "scores payments",
                 "rollout": {"strategy": "CANARY", "initial_percent": 10, "step_percent": 20, "step_seconds": 300},
                 "rollback": {"max_error_rate": 0.05, "max_p99_millis": 25.5, "min_requests": 500, "window_seconds": 60}}
                """)).get("deployment");

        assertThat(created.get("name").asText()).isEqualTo("fraud-api");
        assertThat(created.get("model_uri").asText()).isEqualTo("models:/fraud@live");
        assertThat(created.get("description").asText()).isEqualTo("scores payments");
        assertThat(created.at("/stable/name").asText()).isEqualTo("fraud");
        assertThat(created.at("/stable/version").asText()).isEqualTo("1");
        assertThat(created.get("followed_version").asText()).isEqualTo("1");
        assertThat(created.has("candidate")).isFalse();
        assertThat(created.at("/rollout/strategy").asText()).isEqualTo("CANARY");
        assertThat(created.at("/rollout/initial_percent").asInt()).isEqualTo(10);
        assertThat(created.at("/rollout/step_percent").asInt()).isEqualTo(20);
        assertThat(created.at("/rollout/step_seconds").asLong()).isEqualTo(300);
        assertThat(created.at("/rollback/max_error_rate").asDouble()).isEqualTo(0.05);
        assertThat(created.at("/rollback/max_p99_millis").asDouble()).isEqualTo(25.5);
        assertThat(created.at("/rollback/min_requests").asInt()).isEqualTo(500);
        assertThat(created.at("/rollback/window_seconds").asLong()).isEqualTo(60);
        assertThat(created.get("created_by").asText()).isEqualTo("root");
        assertThat(created.get("last_updated_timestamp").asLong()).isGreaterThanOrEqualTo(created.get("creation_timestamp").asLong());
        assertThat(ok(admin.get(DEPLOYMENTS + "get?name=fraud-api")).get("deployment")).isEqualTo(created);
        assertThat(ok(admin.get(DEPLOYMENTS + "list")).get("deployments")).containsExactly(created);
    }

    @Test
    void aDeploymentWithoutRolloutSwapsDirectlyAndHasNoRollbackPolicy() {
        JsonNode created = create("fraud-api");
        assertThat(created.at("/rollout/strategy").asText()).isEqualTo("DIRECT");
        assertThat(created.at("/rollout").has("initial_percent")).isFalse();
        assertThat(created.has("rollback")).isFalse();
    }

    @Test
    void rollsACanaryOutPromotesItAndRollsBack() {
        create("fraud-api");
        JsonNode canary = ok(admin.post(DEPLOYMENTS + "set-candidate", """
                {"name": "fraud-api", "version": "2", "mode": "CANARY", "percent": 10}""")).get("deployment");
        assertThat(canary.get("candidate").toString()).isEqualTo("{\"name\":\"fraud\",\"version\":\"2\",\"mode\":\"CANARY\",\"percent\":10}");
        assertThat(ok(admin.post(DEPLOYMENTS + "set-percent", "{\"name\": \"fraud-api\", \"percent\": 50}")).at("/deployment/candidate/percent")
                .asInt()).isEqualTo(50);
        JsonNode promoted = ok(admin.post(DEPLOYMENTS + "promote", "{\"name\": \"fraud-api\"}")).get("deployment");
        assertThat(promoted.at("/stable/version").asText()).isEqualTo("2");
        assertThat(promoted.has("candidate")).isFalse();
        JsonNode rolledBack = ok(admin.post(DEPLOYMENTS + "rollback", "{\"name\": \"fraud-api\", \"reason\": \"p99 too high\"}"))
                .get("deployment");
        assertThat(rolledBack.at("/stable/version").asText()).isEqualTo("1");

        JsonNode events = ok(admin.get(DEPLOYMENTS + "events?name=fraud-api")).get("events");
        assertThat(kinds(events)).containsExactly("ROLLED_BACK", "PROMOTED", "PERCENT_CHANGED", "CANDIDATE_SET", "CREATED");
        assertThat(events.get(0).get("reason").asText()).isEqualTo("p99 too high");
        assertThat(events.get(0).get("from_version").asText()).isEqualTo("2");
        assertThat(events.get(0).get("to_version").asText()).isEqualTo("1");
        assertThat(events.get(0).get("actor").asText()).isEqualTo("root");
        assertThat(events.get(0).get("sequence").asLong()).isEqualTo(5);
        assertThat(kinds(ok(admin.get(DEPLOYMENTS + "events?name=fraud-api&max_results=2")).get("events")))
                .containsExactly("ROLLED_BACK", "PROMOTED");
    }

    @Test
    void aShadowNeedsNoPercentAndAnExpectedCandidateGuardsARollback() {
        create("fraud-api");
        ok(admin.post(DEPLOYMENTS + "set-candidate", "{\"name\": \"fraud-api\", \"version\": \"3\", \"mode\": \"SHADOW\"}"));
        JsonNode unchanged = ok(admin.post(DEPLOYMENTS + "rollback", "{\"name\": \"fraud-api\", \"candidate_version\": \"2\"}"))
                .get("deployment");
        assertThat(unchanged.at("/candidate/version").asText()).isEqualTo("3");
        assertThat(unchanged.at("/candidate/mode").asText()).isEqualTo("SHADOW");
        JsonNode dropped = ok(admin.post(DEPLOYMENTS + "rollback", "{\"name\": \"fraud-api\", \"candidate_version\": \"3\"}"))
                .get("deployment");
        assertThat(dropped.has("candidate")).isFalse();
    }

    @Test
    void deletesADeploymentAndKeepsItsHistory() {
        create("fraud-api");
        ok(admin.post(DEPLOYMENTS + "delete", "{\"name\": \"fraud-api\"}"));
        assertError(admin.get(DEPLOYMENTS + "get?name=fraud-api"), 404, "RESOURCE_DOES_NOT_EXIST", "fraud-api");
        assertThat(kinds(ok(admin.get(DEPLOYMENTS + "events?name=fraud-api")).get("events"))).containsExactly("DELETED", "CREATED");
        assertThat(ok(admin.get(DEPLOYMENTS + "list")).get("deployments")).isEmpty();
    }

    // ---- bad requests ----

    @Test
    void refusesBadCreationsNamingTheField() {
        assertError(admin.post(DEPLOYMENTS + "create", "{\"model_uri\": \"models:/fraud/1\"}"), 400, "INVALID_PARAMETER_VALUE", "'name'");
        assertError(admin.post(DEPLOYMENTS + "create", "{\"name\": \"fraud-api\"}"), 400, "INVALID_PARAMETER_VALUE", "'model_uri'");
        assertError(admin.post(DEPLOYMENTS + "create", "{\"name\": 5, \"model_uri\": \"models:/fraud/1\"}"), 400,
                "INVALID_PARAMETER_VALUE", "name");
        assertError(admin.post(DEPLOYMENTS + "create", "{\"name\": \"a\", \"model_uri\": \"runs:/x/model\"}"), 400,
                "INVALID_PARAMETER_VALUE", "runs:/x/model");
        assertError(admin.post(DEPLOYMENTS + "create", "{\"name\": \"a\", \"model_uri\": \"models:/fraud@nobody\"}"), 404,
                "RESOURCE_DOES_NOT_EXIST", "models:/fraud@nobody");
        assertError(admin.post(DEPLOYMENTS + "create", "{\"name\": \"a\", \"model_uri\": \"models:/fraud/1\", \"rollout\": "
                + "{\"strategy\": \"SIDEWAYS\"}}"), 400, "INVALID_PARAMETER_VALUE", "strategy");
        assertError(admin.post(DEPLOYMENTS + "create", "{\"name\": \"a\", \"model_uri\": \"models:/fraud/1\", \"rollout\": "
                + "{\"strategy\": \"CANARY\", \"initial_percent\": 0}}"), 400, "INVALID_PARAMETER_VALUE", "'rollout.initial_percent'");
        assertError(admin.post(DEPLOYMENTS + "create", "{\"name\": \"a\", \"model_uri\": \"models:/fraud/1\", \"rollout\": "
                + "{\"strategy\": \"CANARY\", \"initial_percent\": 5, \"step_seconds\": -1}}"), 400, "INVALID_PARAMETER_VALUE",
                "'rollout.step_seconds'");
        assertError(admin.post(DEPLOYMENTS + "create", "{\"name\": \"a\", \"model_uri\": \"models:/fraud/1\", \"rollback\": "
                + "{\"min_requests\": 5}}"), 400, "INVALID_PARAMETER_VALUE", "'rollback.max_error_rate'");
        assertError(admin.post(DEPLOYMENTS + "create", "{\"name\": \"a\", \"model_uri\": \"models:/fraud/1\", \"rollback\": "
                + "{\"max_error_rate\": 0.1, \"window_seconds\": 0}}"), 400, "INVALID_PARAMETER_VALUE", "'rollback.window_seconds'");
        create("fraud-api");
        assertError(admin.post(DEPLOYMENTS + "create", "{\"name\": \"fraud-api\", \"model_uri\": \"models:/fraud/1\"}"), 400,
                "RESOURCE_ALREADY_EXISTS", "fraud-api");
    }

    @Test
    void refusesBadChangesNamingTheField() {
        create("fraud-api");
        assertError(admin.get(DEPLOYMENTS + "get?name=absent"), 404, "RESOURCE_DOES_NOT_EXIST", "absent");
        assertError(admin.get(DEPLOYMENTS + "get"), 400, "INVALID_PARAMETER_VALUE", "'name'");
        assertError(admin.post(DEPLOYMENTS + "promote", "{\"name\": \"absent\"}"), 404, "RESOURCE_DOES_NOT_EXIST", "absent");
        assertError(admin.post(DEPLOYMENTS + "set-candidate", "{\"name\": \"fraud-api\", \"version\": \"9\", \"mode\": \"CANARY\", "
                + "\"percent\": 10}"), 404, "RESOURCE_DOES_NOT_EXIST", "9");
        assertError(admin.post(DEPLOYMENTS + "set-candidate", "{\"name\": \"fraud-api\", \"version\": \"1\", \"mode\": \"CANARY\", "
                + "\"percent\": 10}"), 400, "INVALID_PARAMETER_VALUE", "stable");
        assertError(admin.post(DEPLOYMENTS + "set-candidate", "{\"name\": \"fraud-api\", \"version\": \"2\", \"mode\": \"CANARY\"}"), 400,
                "INVALID_PARAMETER_VALUE", "'percent'");
        assertError(admin.post(DEPLOYMENTS + "set-candidate", "{\"name\": \"fraud-api\", \"version\": \"2\", \"mode\": \"SIDEWAYS\"}"),
                400, "INVALID_PARAMETER_VALUE", "mode");
        assertError(admin.post(DEPLOYMENTS + "set-candidate", "{\"name\": \"fraud-api\", \"version\": \"2\", \"mode\": \"CANARY\", "
                + "\"percent\": 101}"), 400, "INVALID_PARAMETER_VALUE", "'percent'");
        assertError(admin.post(DEPLOYMENTS + "set-percent", "{\"name\": \"fraud-api\", \"percent\": \"half\"}"), 400,
                "INVALID_PARAMETER_VALUE", "percent");
        assertError(admin.post(DEPLOYMENTS + "set-percent", "{\"name\": \"fraud-api\", \"percent\": 50}"), 400, "INVALID_PARAMETER_VALUE",
                "no canary");
        assertError(admin.post(DEPLOYMENTS + "promote", "{\"name\": \"fraud-api\"}"), 400, "INVALID_PARAMETER_VALUE", "no candidate");
        assertError(admin.post(DEPLOYMENTS + "rollback", "{\"name\": \"fraud-api\"}"), 400, "INVALID_PARAMETER_VALUE",
                "nothing to roll back");
        assertError(admin.get(DEPLOYMENTS + "events?name=fraud-api&max_results=0"), 400, "INVALID_PARAMETER_VALUE", "max_results");
        assertError(admin.get(DEPLOYMENTS + "events?name=fraud-api&max_results=many"), 400, "INVALID_PARAMETER_VALUE", "max_results");
    }

    // ---- permissions ----

    @Test
    void readingNeedsReadOnTheServedModelAndChangingNeedsEdit() {
        create("fraud-api");
        assertThat(rita.get(DEPLOYMENTS + "get?name=fraud-api").status()).isEqualTo(403);
        assertThat(rita.get(DEPLOYMENTS + "events?name=fraud-api").status()).isEqualTo(403);
        assertThat(ok(rita.get(DEPLOYMENTS + "list")).get("deployments")).isEmpty();
        assertThat(rita.post(DEPLOYMENTS + "create", "{\"name\": \"ritas\", \"model_uri\": \"models:/fraud/1\"}").status()).isEqualTo(403);

        grant("rita", Permission.READ);
        assertThat(ok(rita.get(DEPLOYMENTS + "get?name=fraud-api")).at("/deployment/name").asText()).isEqualTo("fraud-api");
        assertThat(ok(rita.get(DEPLOYMENTS + "list")).get("deployments")).hasSize(1);
        assertThat(rita.post(DEPLOYMENTS + "set-candidate", "{\"name\": \"fraud-api\", \"version\": \"2\", \"mode\": \"SHADOW\"}")
                .status()).isEqualTo(403);
        assertThat(rita.post(DEPLOYMENTS + "delete", "{\"name\": \"fraud-api\"}").status()).isEqualTo(403);

        grant("rita", Permission.EDIT);
        ok(rita.post(DEPLOYMENTS + "set-candidate", "{\"name\": \"fraud-api\", \"version\": \"2\", \"mode\": \"SHADOW\"}"));
        assertThat(ok(rita.get(DEPLOYMENTS + "events?name=fraud-api&max_results=1")).at("/events/0/actor").asText()).isEqualTo("rita");
        ok(rita.post(DEPLOYMENTS + "create", "{\"name\": \"ritas\", \"model_uri\": \"models:/fraud/1\"}"));
    }

    @Test
    void theHistoryOfADeletedDeploymentIsForAdmins() {
        create("fraud-api");
        grant("rita", Permission.EDIT);
        ok(rita.post(DEPLOYMENTS + "delete", "{\"name\": \"fraud-api\"}"));
        assertThat(rita.get(DEPLOYMENTS + "events?name=fraud-api").status()).isEqualTo(403);
        assertThat(ok(admin.get(DEPLOYMENTS + "events?name=fraud-api")).get("events")).hasSize(2);
    }

    // ---- helpers ----

    private JsonNode create(String name) {
        return ok(admin.post(DEPLOYMENTS + "create", "{\"name\": \"" + name + "\", \"model_uri\": \"models:/fraud@live\"}"))
                .get("deployment");
    }

    private void grant(String username, Permission permission) {
        ok(admin.post(SLIPWAY + "permissions/set", "{\"username\":\"" + username + "\",\"resource_type\":\"registered_model\","
                + "\"resource_id\":\"fraud\",\"permission\":\"" + permission.name() + "\"}"));
    }

    private String tokenOf(String username) {
        ok(admin.post(SLIPWAY + "users/create", "{\"username\":\"" + username + "\"}"));
        return ok(admin.post(SLIPWAY + "tokens/create", "{\"username\":\"" + username + "\"}")).get("secret").asText();
    }

    private static List<String> kinds(JsonNode events) {
        return StreamSupport.stream(events.spliterator(), false).map(e -> e.get("kind").asText()).toList();
    }

    private static JsonNode ok(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
