package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.server.testing.TestBackend;
import io.slipway.server.testing.TestHttp;
import io.slipway.server.testing.TestHttp.Response;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** With {@code --required-approvals 2} the alias moves only at the second approval, by a third person. */
class TwoApprovalsTest extends AbstractServerTest {
    private static final String MLFLOW = "/api/2.0/mlflow/";
    private static final String SLIPWAY = "/api/2.0/slipway/";

    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqliteLocal(dataDir);
    }

    @Override
    protected SlipwayConfig configure(SlipwayConfig config) {
        return config.withAuth(AuthConfig.disabled().withEnabled(true).withAdmin("root", AbstractGovernanceApiTest.ADMIN_TOKEN)
                .withRequiredApprovals(2));
    }

    @Test
    void theAliasMovesAtTheSecondApproval() {
        TestHttp admin = http.withToken(AbstractGovernanceApiTest.ADMIN_TOKEN);
        TestHttp alice = http.withToken(tokenOf(admin, "alice"));
        TestHttp bob = http.withToken(tokenOf(admin, "bob"));
        TestHttp carol = http.withToken(tokenOf(admin, "carol"));
        ok(alice.post(MLFLOW + "registered-models/create", "{\"name\":\"fraud\"}"));
        ok(alice.post(MLFLOW + "model-versions/create", "{\"name\":\"fraud\",\"source\":\"s3://models/fraud/1\"}"));
        for (String reviewer : new String[] {"bob", "carol"}) {
            ok(alice.post(SLIPWAY + "permissions/set", "{\"username\":\"" + reviewer + "\",\"resource_type\":\"registered_model\","
                    + "\"resource_id\":\"fraud\",\"permission\":\"MANAGE\"}"));
        }
        String id = ok(alice.post(SLIPWAY + "promotions/create", "{\"name\":\"fraud\",\"version\":\"1\",\"alias\":\"production\"}"))
                .at("/promotion_request/id").asText();

        Response first = bob.post(SLIPWAY + "promotions/approve", "{\"id\":\"" + id + "\"}");
        assertThat(ok(first).at("/promotion_request/status").asText()).isEqualTo("PENDING");
        assertThat(alice.get(MLFLOW + "registered-models/alias?name=fraud&alias=production").status()).isEqualTo(400);
        assertThat(bob.post(SLIPWAY + "promotions/approve", "{\"id\":\"" + id + "\"}").status()).isEqualTo(409);

        Response second = carol.post(SLIPWAY + "promotions/approve", "{\"id\":\"" + id + "\"}");
        assertThat(ok(second).at("/promotion_request/status").asText()).isEqualTo("APPROVED");
        assertThat(ok(alice.get(MLFLOW + "registered-models/alias?name=fraud&alias=production")).at("/model_version/version").asText())
                .isEqualTo("1");
    }

    private static String tokenOf(TestHttp admin, String username) {
        ok(admin.post(SLIPWAY + "users/create", "{\"username\":\"" + username + "\"}"));
        return ok(admin.post(SLIPWAY + "tokens/create", "{\"username\":\"" + username + "\"}")).get("secret").asText();
    }

    private static com.fasterxml.jackson.databind.JsonNode ok(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
