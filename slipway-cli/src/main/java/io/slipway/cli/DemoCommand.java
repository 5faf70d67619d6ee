package io.slipway.cli;

import io.slipway.cli.demo.DemoScenario;
import io.slipway.client.SlipwayClient;
import io.slipway.server.Slipway;
import io.slipway.server.SlipwayConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code slipway demo}: starts Slipway on its embedded default in this process and runs
 * {@link DemoScenario} against it over HTTP, then says where to look.
 */
@Command(name = "demo", description = {
        "Runs the end-to-end demo against a Slipway started in this process.",
        "Over HTTP, like any client, it logs a synthetic fraud dataset and three training runs with per-epoch metrics "
                + "and model artifacts, finds the best run, registers its model as a version of '" + DemoScenario.MODEL_NAME
                + "' with the alias '" + DemoScenario.CHALLENGER_ALIAS + "' and says where to look. "
                + "Data: SQLite and local files in --data-dir."})
public final class DemoCommand implements Callable<Integer> {
    /** What a demo data directory holds; --fresh deletes these and nothing else, whatever directory it is given. */
    private static final List<String> DEMO_ENTRIES = List.of("slipway.db", "slipway.db-wal", "slipway.db-shm", "artifacts", "datasets");

    @Spec
    private CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".slipway-demo",
            description = "Where the demo keeps its database, artifacts and dataset (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + SlipwayConfig.DEFAULT_PORT,
            description = "Port to serve on (default: ${DEFAULT-VALUE}; a free one if it is taken; 0 for any free port).")
    int port;

    @Option(names = "--fresh", description = "Delete the data of earlier demo runs in the data directory first.")
    boolean fresh;

    @Option(names = "--keep-running", description = "Keep the server up after the demo, until Ctrl-C, to explore the results.")
    boolean keepRunning;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (fresh) {
            deleteDemoData();
            out.println("Starting fresh: deleted earlier demo data in " + dataDir.toAbsolutePath());
        }
        Slipway slipway = start(out);
        try {
            out.println("Slipway " + Slipway.VERSION + " running in this process on " + Serving.describe(slipway));
            out.println();
            DemoScenario.Outcome outcome = new DemoScenario(SlipwayClient.connect(slipway.url()), dataDir, out).run();
            out.println();
            out.println(whereToLook(slipway.url(), outcome));
            out.flush();
        } catch (IOException | RuntimeException e) {
            slipway.close();
            throw e;
        }
        if (keepRunning) {
            Serving serving = Serving.closeOnShutdown(slipway, out);
            out.println(ServerCommand.LISTENING_PREFIX + slipway.url());
            out.println("Press Ctrl-C to stop.");
            out.flush();
            serving.await();
        } else {
            slipway.close();
        }
        return 0;
    }

    private Slipway start(PrintWriter out) {
        int chosen = port;
        if (port != 0 && !isFree(port)) {
            out.println("Port " + port + " is in use; serving the demo on a free port instead.");
            chosen = 0;
        }
        return Slipway.start(SlipwayConfig.embedded(dataDir).withPort(chosen));
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(SlipwayConfig.DEFAULT_HOST))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String whereToLook(String serverUrl, DemoScenario.Outcome outcome) {
        String best = outcome.best().info().runId();
        String runnerUp = outcome.rankedRuns().size() > 1 ? outcome.rankedRuns().get(1).info().runId() : best;
        // once the demo has exited, `slipway server` serves its data again, on the default port
        String url = keepRunning ? serverUrl : SlipwayClient.DEFAULT_TRACKING_URI;
        String trackingUri = url.equals(SlipwayClient.DEFAULT_TRACKING_URI) ? "" : " --tracking-uri " + url;
        List<String> lines = new ArrayList<>();
        lines.add("Where to look");
        lines.add("  Server    " + serverUrl + (keepRunning ? " (up until Ctrl-C)" : " (stopped with the demo; --keep-running keeps it up)"));
        lines.add("  Data dir  " + dataDir.toAbsolutePath() + " (slipway.db, artifacts/, datasets/)");
        if (!keepRunning) {
            lines.add("  Serve it  ./slipway server --data-dir " + dataDir + "   (then, in another terminal:)");
        }
        lines.add("  Try       ./slipway runs list --experiment-id " + outcome.experimentId() + trackingUri);
        lines.add("            ./slipway runs compare " + best + " " + runnerUp + trackingUri);
        lines.add("            ./slipway runs show " + best + trackingUri);
        lines.add("            ./slipway artifacts download " + best + " model --dest /tmp/best-model" + trackingUri);
        lines.add("            ./slipway models versions " + DemoScenario.MODEL_NAME + trackingUri);
        lines.add("            ./slipway models show " + DemoScenario.CHALLENGER_URI + trackingUri);
        lines.add("            curl -s " + url + "/api/2.0/mlflow/experiments/search -H 'Content-Type: application/json'"
                + " -d '{\"max_results\": 10}'");
        return String.join("\n", lines);
    }

    private void deleteDemoData() throws IOException {
        for (String entry : DEMO_ENTRIES) {
            Path path = dataDir.resolve(entry);
            if (Files.exists(path)) {
                try (Stream<Path> tree = Files.walk(path)) {
                    for (Path file : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
        }
    }
}
