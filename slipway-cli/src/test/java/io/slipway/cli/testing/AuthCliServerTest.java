package io.slipway.cli.testing;

import io.slipway.client.SlipwayClient;
import io.slipway.server.AuthConfig;
import io.slipway.server.Slipway;
import io.slipway.server.SlipwayConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * As {@link CliServerTest}, against a server with authentication on (one per test class) whose
 * admin token is known; each command runs as the owner of the token it is given.
 */
public abstract class AuthCliServerTest {
    protected static final String ADMIN_TOKEN = "slw_cli_test_admin_token_0123456789abcdef";

    @TempDir
    static Path dataDir;

    protected static Slipway server;
    /** The admin, for arranging and checking state without going through the command under test. */
    protected static SlipwayClient admin;

    /** A user and their token. */
    public record Account(String username, String token) {
        public SlipwayClient client() {
            return SlipwayClient.connect(server.url(), token);
        }
    }

    @BeforeAll
    static void startServer() {
        server = Slipway.start(SlipwayConfig.embedded(dataDir).withPort(0)
                .withAuth(AuthConfig.disabled().withEnabled(true).withAdmin("admin", ADMIN_TOKEN)));
        admin = SlipwayClient.connect(server.url(), ADMIN_TOKEN);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** The server's SQLite file, for tests that go behind the server's back. */
    protected static Path database() {
        return dataDir.resolve("slipway.db");
    }

    /** Runs {@code slipway args... --tracking-uri <the test server> --token <token>}. */
    protected static CliRun slipwayAs(String token, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--tracking-uri", server.url(), "--token", token));
        return CliRun.of(all.toArray(String[]::new));
    }

    protected static CliRun slipwayAsAdmin(String... args) {
        return slipwayAs(ADMIN_TOKEN, args);
    }

    /** A new non-admin user with a token, made through the API. */
    protected static Account newAccount(String prefix) {
        String username = unique(prefix);
        admin.createUser(username, false);
        return new Account(username, admin.createToken(username, "test", null, null).secret());
    }

    /** A name no other test uses. */
    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A registered model of {@code owner} whose version 1 comes from a run that logged {@code val_auc}. */
    protected static String modelWithVersion(Account owner, double valAuc) {
        SlipwayClient client = owner.client();
        String experimentId = client.createExperiment(unique("experiment"), null, null);
        String runId = client.createRun(experimentId, "train", Map.of()).info().runId();
        client.logMetric(runId, "val_auc", valAuc, System.currentTimeMillis(), 0);
        client.finishRun(runId);
        String name = client.createRegisteredModel(unique("model"), null, Map.of()).name();
        client.createModelVersion(name, "runs:/" + runId + "/model", runId, null, Map.of());
        return name;
    }
}
