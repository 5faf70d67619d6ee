package io.slipway.cli;

import io.slipway.cli.demo.DemoScenario;
import io.slipway.cli.demo.GovernanceScenario;
import io.slipway.cli.demo.ServingScenario;
import io.slipway.client.SlipwayClient;
import io.slipway.server.AuthConfig;
import io.slipway.server.Slipway;
import io.slipway.server.SlipwayConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
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
        "Over HTTP, like any client and with authentication on, an admin creates the users alice and bob; alice versions and "
                + "validates a synthetic fraud dataset, trains three XGBoost models on it as tracked runs, finds the best run, "
                + "registers its model as a version of '" + DemoScenario.MODEL_NAME + "' with the alias '"
                + DemoScenario.CHALLENGER_ALIAS + "', evaluates it on next month's transactions (against the champion from the "
                + "second run on) and asks to promote it to '" + GovernanceScenario.CHAMPION_ALIAS
                + "'; bob approves; the model card is written and the audit trail verified. The champion is deployed as '"
                + ServingScenario.DEPLOYMENT + "' and answers OIP and MLflow requests; the runner-up is rolled out as a canary to "
                + "100 % and rolled back; a bad version rolls back by itself; ground truth is joined to the prediction log. "
                + "Data: SQLite and local files in --data-dir."})
public final class DemoCommand implements Callable<Integer> {
    /** What a demo data directory holds; --fresh deletes these and nothing else, whatever directory it is given. */
    private static final List<String> DEMO_ENTRIES = List.of("slipway.db", "slipway.db-wal", "slipway.db-shm", "artifacts", "datasets",
            "cards", "hashes-v2.log", "incoming", "expectations", "specs", "cache", "predictions", DemoCommand.ADMIN_TOKEN_FILE);
    /** The demo's admin token, made at the first run and kept (owner-readable only) so later runs can sign in again. */
    static final String ADMIN_TOKEN_FILE = "demo-admin-token";

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

    @Option(names = "--backend-store-uri", paramLabel = "URI",
            description = "Run the demo on this metadata database, e.g. postgresql://user:password@host:5432/db "
                    + "(default: SQLite in --data-dir; --fresh clears only the data directory).")
    String backendStoreUri;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (fresh) {
            deleteDemoData();
            out.println("Starting fresh: deleted earlier demo data in " + dataDir.toAbsolutePath());
        }
        String adminToken = adminToken();
        // the demo narrates serving itself; the server's lines about loading and swapping models stay for `slipway server`
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.slipway.server.serving"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Slipway slipway = start(out, adminToken);
        try {
            out.println("Slipway " + Slipway.VERSION + " running in this process on " + Serving.describe(slipway)
                    + ", authentication on");
            out.println();
            GovernanceScenario governance = new GovernanceScenario(SlipwayClient.connect(slipway.url(), adminToken), slipway.url(),
                    dataDir, out);
            GovernanceScenario.People people = governance.setUp();
            DemoScenario.Outcome outcome = new DemoScenario(people.author(), dataDir, out).run();
            GovernanceScenario.Outcome promoted = governance.run(people, outcome.registered());
            new ServingScenario(people.author(), slipway.url(), people.authorToken(), dataDir, out).run(outcome);
            out.println();
            out.println(whereToLook(slipway.url(), outcome, promoted, people));
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

    private Slipway start(PrintWriter out, String adminToken) {
        int chosen = port;
        if (port != 0 && !isFree(port)) {
            out.println("Port " + port + " is in use; serving the demo on a free port instead.");
            chosen = 0;
        }
        return Slipway.start(SlipwayConfig.embedded(dataDir).withPort(chosen).withBackendStoreUri(backendStoreUri)
                .withAuth(AuthConfig.disabled().withEnabled(true).withAdmin("admin", adminToken)));
    }

    /** The demo admin's token: read from the data directory, or made and saved there on the first run. */
    private String adminToken() throws IOException {
        Path file = dataDir.resolve(ADMIN_TOKEN_FILE);
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = "slw_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(dataDir);
        Files.writeString(file, token + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the file keeps the directory's default permissions
        }
        return token;
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(SlipwayConfig.DEFAULT_HOST))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String whereToLook(String serverUrl, DemoScenario.Outcome outcome, GovernanceScenario.Outcome promoted,
            GovernanceScenario.People people) {
        String best = outcome.best().info().runId();
        String runnerUp = outcome.rankedRuns().size() > 1 ? outcome.rankedRuns().get(1).info().runId() : best;
        // once the demo has exited, `slipway server` serves its data again, on the default port
        String url = keepRunning ? serverUrl : SlipwayClient.DEFAULT_TRACKING_URI;
        String trackingUri = url.equals(SlipwayClient.DEFAULT_TRACKING_URI) ? "" : " --tracking-uri " + url;
        List<String> lines = new ArrayList<>();
        lines.add("Where to look");
        lines.add("  Server    " + serverUrl + (keepRunning ? " (up until Ctrl-C)" : " (stopped with the demo; --keep-running keeps it up)"));
        lines.add("  Data dir  " + dataDir.toAbsolutePath() + " (slipway.db, artifacts/, datasets/, specs/, predictions/, cards/)");
        if (!keepRunning) {
            lines.add("  Serve it  ./slipway server --auth --data-dir " + dataDir + "   (then, in another terminal:)");
        }
        lines.add("  Sign in   export SLIPWAY_TOKEN=" + people.authorToken() + "   (" + GovernanceScenario.AUTHOR
                + "; " + GovernanceScenario.REVIEWER + ": " + people.reviewerToken() + "; valid for a day)");
        lines.add("  Card      " + promoted.htmlCard());
        lines.add("  Try       ./slipway runs list --experiment-id " + outcome.experimentId() + trackingUri);
        lines.add("            ./slipway runs compare " + best + " " + runnerUp + trackingUri);
        lines.add("            ./slipway runs show " + best + trackingUri);
        lines.add("            ./slipway artifacts download " + best + " model --dest /tmp/best-model" + trackingUri);
        lines.add("            ./slipway train " + dataDir.resolve("specs/fraud-depth-4.yaml") + trackingUri);
        lines.add("            ./slipway evaluate " + DemoScenario.CHALLENGER_URI + " --data " + DemoScenario.HOLDOUT_NAME + "@1 --champion "
                + GovernanceScenario.CHAMPION_URI + " --segment " + DemoScenario.SEGMENT + " --threshold " + DemoScenario.THRESHOLD
                + trackingUri);
        lines.add("            ./slipway data show " + DemoScenario.DATASET_NAME + trackingUri + " -o json");
        lines.add("            ./slipway data lineage " + DemoScenario.DATASET_NAME + "@1" + trackingUri);
        lines.add("            ./slipway models versions " + DemoScenario.MODEL_NAME + trackingUri);
        lines.add("            ./slipway models show " + DemoScenario.CHALLENGER_URI + trackingUri);
        lines.add("            ./slipway models show " + GovernanceScenario.CHAMPION_URI + trackingUri);
        lines.add("            ./slipway models requests " + DemoScenario.MODEL_NAME + trackingUri);
        lines.add("            ./slipway models card " + GovernanceScenario.CHAMPION_URI + trackingUri);
        lines.add("            ./slipway deployments show " + ServingScenario.DEPLOYMENT + trackingUri);
        lines.add("            ./slipway deployments events " + ServingScenario.DEPLOYMENT + trackingUri);
        lines.add("            ./slipway predictions " + ServingScenario.DEPLOYMENT + " --max 5" + trackingUri);
        lines.add("            curl -s " + url + "/v2/models/" + ServingScenario.DEPLOYMENT + " -H \"Authorization: Bearer $SLIPWAY_TOKEN\"");
        lines.add("            ./slipway audit verify" + trackingUri + "   (as admin: SLIPWAY_TOKEN=$(cat "
                + dataDir.resolve(ADMIN_TOKEN_FILE) + "))");
        lines.add("            curl -s " + url + "/api/2.0/mlflow/experiments/search -H \"Authorization: Bearer $SLIPWAY_TOKEN\""
                + " -H 'Content-Type: application/json' -d '{\"max_results\": 10}'");
        return String.join("\n", lines);
    }

    private void deleteDemoData() throws IOException {
        for (String entry : DEMO_ENTRIES) {
            if (backendStoreUri != null && entry.equals(ADMIN_TOKEN_FILE)) {
                continue; // the database keeps its users, so its admin keeps this token
            }
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
