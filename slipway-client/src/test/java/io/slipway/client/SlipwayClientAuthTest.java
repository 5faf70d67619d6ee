package io.slipway.client;

import static io.slipway.client.ClientAssertions.assertClientError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.api.slipway.GovernanceMessages.TokenCreated;
import io.slipway.core.artifacts.FileInfo;
import io.slipway.core.tracking.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a server with authentication on: its token travels as
 * {@code Authorization: Bearer} on every kind of request (JSON calls, artifact transfers, the
 * streamed metric history), and a refusal arrives with the server's reason.
 */
class SlipwayClientAuthTest extends AuthServerTest {
    @TempDir
    Path local;

    @Test
    void sendsItsTokenOnJsonCalls() {
        var me = admin.me();

        assertThat(me.user().username()).isEqualTo("admin");
        assertThat(me.user().admin()).isTrue();
        assertThat(me.authEnabled()).isTrue();
    }

    @Test
    void sendsItsTokenWhenMovingArtifacts() throws IOException {
        SlipwayClient user = newUser();
        String runId = user.createRun(user.createExperiment(uniqueName("artifacts"), null, Map.of()), null, Map.of()).info().runId();
        Path file = Files.writeString(local.resolve("weights.json"), "{\"w\": 1}");

        user.uploadArtifact(runId, "model/weights.json", file);
        user.downloadArtifact(runId, "model/weights.json", local.resolve("downloaded.json"));

        assertThat(local.resolve("downloaded.json")).hasContent("{\"w\": 1}");
        String location = user.getRun(runId).info().artifactUri() + "/model";
        assertThat(user.listArtifactDirectory(location)).extracting(FileInfo::path).containsExactly("weights.json");
    }

    @Test
    void sendsItsTokenWhenStreamingMetricHistory() {
        SlipwayClient user = newUser();
        String runId = user.createRun(user.createExperiment(uniqueName("history"), null, Map.of()), null, Map.of()).info().runId();
        user.logBatch(runId, List.of(new Metric("loss", 0.5, 1, 0), new Metric("loss", 0.25, 2, 1)), List.of(), List.of());

        assertThat(user.getMetricHistory(runId, "loss")).extracting(Metric::value).containsExactly(0.5, 0.25);
    }

    @Test
    void withoutATokenTheServersRefusalSaysHowToSendOne() {
        SlipwayClient anonymous = SlipwayClient.connect(server.url());

        assertClientError(401, "UNAUTHENTICATED", anonymous::me)
                .hasMessageStartingWith("Authentication required")
                .hasMessageEndingWith("No token was sent: set --token or " + SlipwayClient.TOKEN_ENV + ".");
    }

    @Test
    void aWrongTokenIsRefusedWithTheServersMessage() {
        SlipwayClient impostor = SlipwayClient.connect(server.url(), "slw_not_a_token_anybody_was_given_0000");

        assertClientError(401, "UNAUTHENTICATED", () -> impostor.createExperiment(uniqueName("refused"), null, Map.of()))
                .hasMessage("Invalid API token.");
    }

    @Test
    void aRevokedTokenStopsWorking() {
        String username = uniqueName("revoked");
        admin.createUser(username, false);
        TokenCreated created = admin.createToken(username, "laptop", null, null);
        SlipwayClient user = SlipwayClient.connect(server.url(), created.secret());
        assertThat(user.me().user().username()).isEqualTo(username);

        admin.revokeToken(created.token().id());

        assertClientError(401, "UNAUTHENTICATED", user::me).hasMessageContaining(created.token().id()).hasMessageContaining("revoked");
    }

    @Test
    void anExpiredTokenStopsWorking() throws InterruptedException {
        String username = uniqueName("expired");
        admin.createUser(username, false);
        long expiration = System.currentTimeMillis() + 1000;
        TokenCreated created = admin.createToken(username, "short-lived", expiration, null);
        SlipwayClient user = SlipwayClient.connect(server.url(), created.secret());

        Thread.sleep(Math.max(0, expiration - System.currentTimeMillis()) + 100);

        assertClientError(401, "UNAUTHENTICATED", user::me).hasMessageContaining("expired");
    }

    @Test
    void aTokenThatCannotTravelInAHeaderFailsAtConnect() {
        assertThatThrownBy(() -> SlipwayClient.connect(server.url(), "slw_two words"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid API token");
    }

    @Test
    void aBlankTokenMeansNone() {
        assertClientError(401, "UNAUTHENTICATED", () -> SlipwayClient.connect(server.url(), "  ").me())
                .hasMessageContaining("No token was sent");
    }
}
