package io.slipway.cli.testing;

import io.slipway.client.SlipwayClient;
import io.slipway.server.Slipway;
import io.slipway.server.SlipwayConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands run in-process against a real server on the embedded default (SQLite and a local
 * artifact directory), one per test class; tests keep apart by naming their experiments uniquely.
 */
public abstract class CliServerTest {
    @TempDir
    static Path dataDir;

    protected static Slipway server;
    /** For arranging and checking state without going through the command under test. */
    protected static SlipwayClient client;

    @BeforeAll
    static void startServer() {
        server = Slipway.start(SlipwayConfig.embedded(dataDir).withPort(0));
        client = SlipwayClient.connect(server.url());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Runs {@code slipway args... --tracking-uri <the test server>}. */
    protected static CliRun slipway(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--tracking-uri");
        all.add(server.url());
        return CliRun.of(all.toArray(String[]::new));
    }

    /** A name no other test uses. */
    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static String newExperiment() {
        return client.createExperiment(unique("experiment"), null, null);
    }
}
