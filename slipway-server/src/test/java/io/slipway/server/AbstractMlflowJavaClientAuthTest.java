package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.server.testing.TestHttp;
import io.slipway.server.testing.TestHttp.Response;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.ModelRegistry.RegisteredModelAlias;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * The official MLflow Java client against a server with authentication on: it sends the token as
 * a Bearer header (MLFLOW_TRACKING_TOKEN) or as basic auth (username and password), and a
 * promotion approved by a second user shows in what it reads.
 */
public abstract class AbstractMlflowJavaClientAuthTest extends AbstractServerTest {
    private static final String SLIPWAY = "/api/2.0/slipway/";

    @Override
    protected SlipwayConfig configure(SlipwayConfig config) {
        return config.withAuth(AuthConfig.disabled().withEnabled(true).withAdmin("root", AbstractGovernanceApiTest.ADMIN_TOKEN));
    }

    @Test
    void withoutATokenTheClientGets401() {
        try (MlflowClient anonymous = new MlflowClient(server.url())) {
            assertThatThrownBy(() -> anonymous.getExperiment("0"))
                    .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(401);
                        assertThat(e.getBodyMessage()).contains("UNAUTHENTICATED");
                    });
        }
    }

    @Test
    void aTrackedModelIsPromotedByASecondUserAndReadByAlias() {
        String aliceToken = userWithToken("alice");
        String bobToken = userWithToken("bob");
        try (MlflowClient alice = new MlflowClient(new BasicMlflowHostCreds(server.url(), aliceToken));
                MlflowClient bobWithPassword = new MlflowClient(new BasicMlflowHostCreds(server.url(), "bob", bobToken))) {
            String experimentId = alice.createExperiment("fraud-training");
            String runId = alice.createRun(experimentId).getRunId();
            alice.logMetric(runId, "val_auc", 0.94);
            alice.sendPost("registered-models/create", "{\"name\":\"fraud\"}");
            alice.sendPost("model-versions/create", "{\"name\":\"fraud\",\"source\":\"runs:/" + runId + "/model\",\"run_id\":\"" + runId + "\"}");
            alice.sendPost("registered-models/set-tag", "{\"name\":\"fraud\",\"key\":\"team\",\"value\":\"risk\"}");
            TestHttp aliceHttp = http.withToken(aliceToken);
            aliceHttp.post(SLIPWAY + "permissions/set", "{\"username\":\"bob\",\"resource_type\":\"registered_model\","
                    + "\"resource_id\":\"fraud\",\"permission\":\"MANAGE\"}");
            Response requested = aliceHttp.post(SLIPWAY + "promotions/create", "{\"name\":\"fraud\",\"version\":\"1\",\"alias\":\"champion\","
                    + "\"checks\":[{\"type\":\"metric_threshold\",\"metric\":\"val_auc\",\"op\":\">=\",\"threshold\":0.9}]}");
            assertThat(requested.status()).as(requested.toString()).isEqualTo(200);
            String id = requested.json().at("/promotion_request/id").asText();

            assertThatThrownBy(() -> alice.sendPost("registered-models/alias", "{\"name\":\"fraud\",\"alias\":\"champion\",\"version\":\"1\"}"))
                    .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
            Response approved = http.withToken(bobToken).post(SLIPWAY + "promotions/approve", "{\"id\":\"" + id + "\"}");
            assertThat(approved.status()).as(approved.toString()).isEqualTo(200);

            assertThat(bobWithPassword.getRegisteredModel("fraud").getAliasesList())
                    .extracting(RegisteredModelAlias::getAlias, RegisteredModelAlias::getVersion)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("champion", "1"));
            assertThat(alice.getRun(runId).getInfo().getUserId()).isEqualTo("alice");
        }
    }

    private String userWithToken(String username) {
        TestHttp admin = http.withToken(AbstractGovernanceApiTest.ADMIN_TOKEN);
        assertThat(admin.post(SLIPWAY + "users/create", "{\"username\":\"" + username + "\"}").status()).isEqualTo(200);
        return admin.post(SLIPWAY + "tokens/create", "{\"username\":\"" + username + "\"}").json().get("secret").asText();
    }
}
