package io.slipway.cli;

import io.slipway.server.Slipway;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/** Keeps a started server up until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes it cleanly. */
public final class Serving {
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Serving() {}

    /** Arranges for {@code slipway} to be closed at shutdown; call before announcing the server, so no signal finds it unguarded. */
    static Serving closeOnShutdown(Slipway slipway, PrintWriter out) {
        return closeOnShutdown(slipway, out, "Slipway stopped.");
    }

    /** As above, for any server (a replica), saying {@code goodbye} once it is closed. */
    public static Serving closeOnShutdown(AutoCloseable server, PrintWriter out, String goodbye) {
        Serving serving = new Serving();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                out.println(goodbye);
            } catch (Exception e) {
                out.println("Closing failed: " + e.getMessage());
            } finally {
                out.flush();
                serving.stopped.countDown();
            }
        }, "slipway-shutdown"));
        return serving;
    }

    /** Blocks until shutdown has closed the server. */
    public void await() throws InterruptedException {
        stopped.await();
    }

    /** E.g. {@code http://127.0.0.1:5050 (metadata: SQLite /data/slipway.db, artifacts: file:///data/artifacts/)}. */
    static String describe(Slipway slipway) {
        return slipway.url() + " (metadata: " + slipway.database().uri().describe() + ", artifacts: "
                + slipway.artifacts().describeStore() + ")";
    }
}
