package io.slipway.client;

import io.slipway.server.AuthConfig;
import io.slipway.server.Slipway;
import io.slipway.server.SlipwayConfig;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A real in-process server with authentication on (SQLite, local artifacts), one per test class, whose admin token is known. */
abstract class AuthServerTest {
    static final String ADMIN_TOKEN = "slw_test_admin_token_0123456789abcdefghij";
    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    static Path dataDir;

    static Slipway server;
    static SlipwayClient admin;

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

    /** Tests share one server: every user, experiment and model gets a name no other test uses. */
    static String uniqueName(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    /** A new non-admin user, signed in with a fresh token. */
    static SlipwayClient newUser() {
        String username = uniqueName("user");
        admin.createUser(username, false);
        return SlipwayClient.connect(server.url(), admin.createToken(username, "test", null, null).secret());
    }
}
