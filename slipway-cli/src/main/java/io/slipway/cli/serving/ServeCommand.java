package io.slipway.cli.serving;

import io.slipway.cli.Serving;
import io.slipway.cli.ServingOptions;
import io.slipway.cli.tracking.TrackingCommand;
import io.slipway.server.Slipway;
import io.slipway.server.SlipwayConfig;
import io.slipway.server.serving.Replica;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code slipway serve --deployment NAME}: a stateless serving replica of one deployment, reading
 * it and its models from the Slipway server at {@code --tracking-uri}; run as many as the load
 * needs behind a load balancer.
 */
@Command(name = "serve", description = "Serves one deployment as a replica: models and rollouts from the Slipway server, "
        + "predictions logged to it. Starts even while the server is unreachable, and retries.")
public final class ServeCommand extends TrackingCommand {
    /** The line a replica prints once it listens; scripts wait for it. */
    public static final String LISTENING_PREFIX = "Listening on ";

    @Option(names = "--deployment", paramLabel = "NAME", required = true, description = "The deployment to serve.")
    private String deployment;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = SlipwayConfig.DEFAULT_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    private String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 for any free port).")
    private int port;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where models and log segments are kept while served (default: a new temporary directory).")
    private Path workDir;

    @Mixin
    private ServingOptions serving;

    @Override
    public void run() {
        Path directory;
        try {
            directory = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("slipway-replica-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ClientServingBackend backend = new ClientServingBackend(client(), deployment, directory.resolve("cache"));
        Replica replica = Replica.start(deployment, backend, backend, serving.settings(), host, port,
                SlipwayConfig.DEFAULT_MAX_REQUEST_BODY_BYTES, directory, Slipway.VERSION);
        PrintWriter out = out();
        Serving running = Serving.closeOnShutdown(replica, out, "Replica stopped.");
        String url = "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + replica.port();
        out.println("Slipway " + Slipway.VERSION + " replica of deployment '" + deployment + "' (from " + trackingUri() + ")");
        out.println(LISTENING_PREFIX + url + "  (OIP: " + url + "/v2/models/" + deployment + "/infer, MLflow: " + url
                + "/invocations)");
        out.flush();
        try {
            running.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
