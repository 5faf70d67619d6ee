package io.slipway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.cli.testing.ServerProcess;
import io.slipway.client.SlipwayClient;
import io.slipway.core.registry.ModelVersion;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Predictor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Issue 6's serving targets: Open Inference Protocol v2 requests to a deployment of
 * {@link ServeModel}, load from {@code wrk} (its own process, 2 threads) on loopback, against
 * the same model served by Python the way MLflow's scoring server does it (FastAPI + uvicorn,
 * Flask + gunicorn, each in a few worker configurations; the fastest is the peer), and against
 * Slipway's own {@link Predictor#predict} on 1000-row frames in the benchmark JVM. Every system
 * is first checked to answer the probabilities Slipway's predictor computes for the same rows.
 * The Python peers run first, then Slipway's server (its own JVM, SQLite): the model is
 * registered as {@code bench-xgb@champion} and deployed as {@code bench}. If the deployment or
 * serving routes are not there, Slipway's rows say why and the peers' numbers still stand.
 */
final class ServeBench {
    static final String DEPLOYMENT = "bench";
    static final String MODEL_NAME = "bench-xgb";
    static final String ALIAS = "champion";
    static final int BATCH_ROWS = 1000;
    /** Different single rows wrk sends in turn. */
    static final int SINGLE_BODIES = 256;
    static final double CHECK_TOLERANCE = 1e-6;
    private static final Path PEERS = Path.of("bench/peers");
    /** Debian's Python, which has the apt packages; a python3 earlier on the PATH (pyenv) may not. */
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** What one wrk run printed: throughput, latency percentiles in ms, and anything that went wrong. */
    record Wrk(double requestsPerSecond, double p50, double p99, long requests, long non2xx, long socketErrors) {
        static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
        static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
        static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
        static final Pattern SOCKET = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

        static Wrk parse(String output) {
            Matcher rate = RATE.matcher(output);
            Matcher total = TOTAL.matcher(output);
            HashBench.check(rate.find() && total.find(), "wrk printed no Requests/sec:\n" + output);
            Matcher non2xx = NON_2XX.matcher(output);
            Matcher socket = SOCKET.matcher(output);
            long socketErrors = 0;
            if (socket.find()) {
                for (int group = 1; group <= 4; group++) {
                    socketErrors += Long.parseLong(socket.group(group));
                }
            }
            return new Wrk(Double.parseDouble(rate.group(1)), percentile(output, "50%"), percentile(output, "99%"),
                    Long.parseLong(total.group(1)), non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, socketErrors);
        }

        /** A line of wrk's latency distribution, in milliseconds. */
        private static double percentile(String output, String label) {
            Matcher m = Pattern.compile("^\\s+" + Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE).matcher(output);
            HashBench.check(m.find(), "wrk printed no " + label + " latency (run with --latency):\n" + output);
            double value = Double.parseDouble(m.group(1));
            return switch (m.group(2)) {
                case "us" -> value / 1000;
                case "ms" -> value;
                case "s" -> value * 1000;
                default -> value * 60_000;
            };
        }
    }

    /** One measured system and configuration at one request size. */
    record Measure(String system, String config, int rowsPerRequest, int connections, Wrk wrk) {
        double rowsPerSecond() {
            return wrk.requestsPerSecond() * rowsPerRequest;
        }
    }

    /** A Python peer's way of being started; {@code command} gets the port appended by {@link #start}. */
    record PeerConfig(String system, String config, List<String> command) {}

    record Result(int seconds, int connections, int batchConnections, double inProcessRowsPerSecond, double inProcessTwoThreadsRowsPerSecond,
                  List<Measure> peers, Optional<Measure> slipwaySingle, Optional<Measure> slipwayBatch, String slipwayStatus,
                  String loadBefore, String loadAfter) {
        /** The faster of FastAPI and Flask at one row per request: the peer of target (b). */
        Measure peer() {
            return peers.stream().filter(m -> m.rowsPerRequest() == 1).max(Comparator.comparingDouble(m -> m.wrk().requestsPerSecond()))
                    .orElseThrow();
        }

        String markdown() {
            Measure peer = peers.isEmpty() ? null : peer();
            StringBuilder s = new StringBuilder(String.format("%n### Serving, OIP v2 `POST /v2/models/%s/infer`, %d trees of depth %d on %d "
                            + "features (wrk -t2, %d s per measure after a warm-up; %d connections for 1 row, %d for %,d rows; %d cores shared "
                            + "by server, wrk and the peers)%n%n"
                            + "Check before each measure: every system answered the probabilities of Slipway's predictor for the same rows "
                            + "(within %.0e). Load average (1, 5, 15 min) before: %s; after: %s.%n%n"
                            + "| system | rows / request | connections | req/s | p50 | p99 | rows/s | vs peer (req/s) | vs in-process (rows/s) |%n"
                            + "|---|---|---|---|---|---|---|---|---|%n",
                    DEPLOYMENT, ServeModel.TREES, ServeModel.DEPTH, ServeModel.FEATURES, seconds, connections, batchConnections, BATCH_ROWS,
                    Runtime.getRuntime().availableProcessors(), CHECK_TOLERANCE, loadBefore, loadAfter));
            Stream.concat(Stream.of(slipwaySingle, slipwayBatch).flatMap(Optional::stream), peers.stream()).forEach(m -> s.append(String.format(
                    "| %s%s, %s%s | %,d | %d | %s | %.2f ms | %.2f ms | %s | %s | %s |%n", m == peer ? "**peer**: " : "", m.system(), m.config(),
                    m.wrk().socketErrors() > 0 ? String.format(" (wrk socket errors: %,d)", m.wrk().socketErrors()) : "",
                    m.rowsPerRequest(), m.connections(), Stats.fmt(m.wrk().requestsPerSecond()), m.wrk().p50(), m.wrk().p99(),
                    Stats.fmt(m.rowsPerSecond()), m.rowsPerRequest() == 1 && peer != null ? String.format("%.2f×",
                            m.wrk().requestsPerSecond() / peer.wrk().requestsPerSecond()) : "", m.rowsPerRequest() > 1 ? String.format("%.0f %%", 100 * m.rowsPerSecond()
                            / inProcessRowsPerSecond) : "")));
            if (slipwaySingle.isEmpty()) {
                s.append(String.format("| Slipway | 1 and %,d | | to be measured | | | | | |%n", BATCH_ROWS));
            }
            s.append(String.format("| in-process `Predictor.predict`, %,d-row frames, 1 thread | %,d | | | | | %s | | 100 %% |%n", BATCH_ROWS,
                    BATCH_ROWS, Stats.fmt(inProcessRowsPerSecond)));
            s.append(String.format("| in-process `Predictor.predict`, %,d-row frames, 2 threads (for scale) | %,d | | | | | %s | | |%n", BATCH_ROWS,
                    BATCH_ROWS, Stats.fmt(inProcessTwoThreadsRowsPerSecond)));
            s.append(String.format("%nSlipway: %s%n%n| target | result |%n|---|---|%n", slipwayStatus));
            if (slipwaySingle.isPresent() && slipwayBatch.isPresent()) {
                Wrk one = slipwaySingle.get().wrk();
                double batchShare = slipwayBatch.get().rowsPerSecond() / inProcessRowsPerSecond;
                s.append(String.format("| (a) 1 row, %d connections: ≥ 15,000 req/s with p99 < 10 ms | %s req/s, p99 %.2f ms: %s |%n", connections,
                        Stats.fmt(one.requestsPerSecond()), one.p99(), one.requestsPerSecond() >= 15_000 && one.p99() < 10 ? "met" : "NOT met"));
                if (peer == null) {
                    s.append("| (b) ≥ 10× the peer's req/s at equal or better p99 | not measured (--no-serve-peers) |\n");
                } else {
                    double ratio = one.requestsPerSecond() / peer.wrk().requestsPerSecond();
                    s.append(String.format("| (b) ≥ 10× the peer's req/s at equal or better p99 | %.2f×, p99 %.2f vs %.2f ms: %s |%n", ratio,
                            one.p99(), peer.wrk().p99(), ratio >= 10 && one.p99() <= peer.wrk().p99() ? "met" : "NOT met"));
                }
                s.append(String.format("| (c) %,d rows: ≥ 50 %% of in-process rows/s | %.0f %%: %s |%n", BATCH_ROWS, 100 * batchShare,
                        batchShare >= 0.5 ? "met" : "NOT met"));
            } else if (peer != null) {
                s.append(String.format("| (a), (b), (c) | to be measured (Slipway not measured); the peer is %s, %s: %s req/s, p99 %.2f ms |%n",
                        peer.system(), peer.config(), Stats.fmt(peer.wrk().requestsPerSecond()), peer.wrk().p99()));
            }
            return s.toString();
        }
    }

    private ServeBench() {
    }

    static Result run(int seconds, int warmupSeconds, int connections, int batchConnections, String serverHeap, boolean withPeers)
            throws Exception {
        HashBench.check(Files.isRegularFile(PEERS.resolve("post.lua")), "run from the repository root: no " + PEERS.resolve("post.lua"));
        String loadBefore = loadAverage();
        Predictor predictor = ServeModel.load();
        // the same bodies for every system: one row per request (256 different rows in turn), and one body of 1000 rows
        Path work = Files.createDirectories(Path.of("bench/target/serve-work"));
        double[][] singleRows = ServeModel.rows(SINGLE_BODIES, 7);
        double[][] batchRows = ServeModel.rows(BATCH_ROWS, 8);
        Path singleBodies = work.resolve("single-row-bodies.jsonl");
        Path batchBodies = work.resolve("batch-bodies.jsonl");
        List<String> singles = new ArrayList<>();
        for (double[] row : singleRows) {
            singles.add(body(new double[][] {row}));
        }
        Files.write(singleBodies, singles);
        Files.writeString(batchBodies, body(batchRows) + "\n");
        Load load = new Load(seconds, warmupSeconds, connections, batchConnections, singleBodies, batchBodies);

        System.err.printf("serve: in-process Predictor.predict on %,d-row frames...%n", BATCH_ROWS);
        Frame batch = ServeModel.frame(batchRows);
        inProcessRowsPerSecond(predictor, batch, 2, Math.max(5, seconds / 2));
        double inProcess = inProcessRowsPerSecond(predictor, batch, 1, Math.max(2, seconds / 2));
        double inProcessTwoThreads = inProcessRowsPerSecond(predictor, batch, 2, Math.max(2, seconds / 2));

        List<Measure> peers = new ArrayList<>();
        for (String system : withPeers ? List.of("FastAPI + uvicorn", "Flask + gunicorn") : List.<String>of()) {
            Measure best = null;
            PeerConfig bestConfig = null;
            for (PeerConfig config : peerConfigs(system)) {
                Measure measure = measurePeer(config, predictor, load, 1);
                peers.add(measure);
                if (best == null || measure.wrk().requestsPerSecond() > best.wrk().requestsPerSecond()) {
                    best = measure;
                    bestConfig = config;
                }
            }
            peers.add(measurePeer(bestConfig, predictor, load, BATCH_ROWS));
        }

        Optional<Measure> slipwaySingle = Optional.empty();
        Optional<Measure> slipwayBatch = Optional.empty();
        String status;
        try (Backend backend = Backend.create(Backend.Kind.SQLITE, "serve"); ServerProcess server = backend.startServer(serverHeap)) {
            String base = server.url();
            Optional<String> unavailable = deploy(base, ServeModel.directory());
            if (unavailable.isPresent()) {
                status = "**not measured**: " + unavailable.get();
            } else {
                String url = base + "/v2/models/" + DEPLOYMENT + "/infer";
                check("Slipway", url, predictor);
                slipwaySingle = Optional.of(load.measure("Slipway", "server JVM -Xmx" + serverHeap + ", SQLite", url, 1));
                slipwayBatch = Optional.of(load.measure("Slipway", "server JVM -Xmx" + serverHeap + ", SQLite", url, BATCH_ROWS));
                status = String.format("deployment `%s` of `models:/%s@%s`, server in its own JVM (-Xmx%s, SQLite).", DEPLOYMENT, MODEL_NAME,
                        ALIAS, serverHeap);
            }
        }
        System.err.println("serve: Slipway: " + status);
        return new Result(seconds, connections, batchConnections, inProcess, inProcessTwoThreads, peers, slipwaySingle, slipwayBatch, status,
                loadBefore, loadAverage());
    }

    /**
     * Registers the model as {@code bench-xgb@champion}, deploys it and waits for it to be ready;
     * answers why not when the server has no deployment or serving route yet.
     */
    private static Optional<String> deploy(String base, Path modelDirectory) throws Exception {
        SlipwayClient client = SlipwayClient.connect(base);
        String runId = client.createRun("0", "serve-bench", Map.of()).info().runId();
        String artifactRoot = client.getRun(runId).info().artifactUri();
        try (Stream<Path> files = Files.list(modelDirectory)) {
            for (Path file : files.sorted().toList()) {
                client.uploadArtifactUnder(artifactRoot, "model/" + file.getFileName(), file);
            }
        }
        client.finishRun(runId);
        client.createRegisteredModel(MODEL_NAME, "serving benchmark model", Map.of());
        ModelVersion version = client.createModelVersion(MODEL_NAME, "runs:/" + runId + "/model", runId, null, Map.of());
        client.setAlias(MODEL_NAME, ALIAS, version.version());

        String create = String.format("{\"name\":\"%s\",\"model_uri\":\"models:/%s@%s\"}", DEPLOYMENT, MODEL_NAME, ALIAS);
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/2.0/slipway/deployments/create"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(create)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 200) {
            return Optional.of(String.format("`POST /api/2.0/slipway/deployments/create` answered %d%s", created.statusCode(),
                    created.statusCode() == 404 ? " (the deployment route does not exist yet)" : ": " + abbreviate(created.body())));
        }
        URI ready = URI.create(base + "/v2/models/" + DEPLOYMENT + "/ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = HTTP.send(HttpRequest.newBuilder(ready).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 200) {
                return Optional.empty();
            }
            Thread.sleep(250);
        }
        return Optional.of(String.format("`GET /v2/models/%s/ready` still answered %d after 120 s%s", DEPLOYMENT, status,
                status == 404 ? " (the serving route does not exist yet, or the deployment never loaded)" : ""));
    }

    /** FastAPI under uvicorn (uvloop, httptools) and Flask under gunicorn, in worker counts that suit 2 cores. */
    private static List<PeerConfig> peerConfigs(String system) {
        List<String> uvicorn = List.of(PYTHON.toString(), "-m", "uvicorn", "--app-dir", PEERS.toString(), "fastapi_app:app", "--no-access-log",
                "--log-level", "warning", "--host", "127.0.0.1", "--port");
        List<String> gunicorn = List.of(PYTHON.toString(), "-m", "gunicorn", "--chdir", PEERS.toString(), "--log-level", "warning", "flask_app:app",
                "--bind");
        return system.startsWith("FastAPI")
                ? List.of(new PeerConfig(system, "uvicorn --workers 2", with(uvicorn, "--workers", "2")),
                        new PeerConfig(system, "uvicorn --workers 4", with(uvicorn, "--workers", "4")))
                : List.of(new PeerConfig(system, "gunicorn --workers 2 (sync)", with(gunicorn, "--workers", "2")),
                        new PeerConfig(system, "gunicorn --workers 4 (sync)", with(gunicorn, "--workers", "4")),
                        new PeerConfig(system, "gunicorn --workers 2 --threads 4 (gthread)", with(gunicorn, "--workers", "2", "--threads", "4")));
    }

    /** {@code base} with {@code options} put before its last element (the port option, which {@link #start} completes). */
    private static List<String> with(List<String> base, String... options) {
        List<String> command = new ArrayList<>(base.subList(0, base.size() - 1));
        command.addAll(List.of(options));
        command.add(base.get(base.size() - 1));
        return command;
    }

    private static Measure measurePeer(PeerConfig config, Predictor predictor, Load load, int rowsPerRequest) throws Exception {
        int port = freePort();
        String url = "http://127.0.0.1:" + port + "/v2/models/" + DEPLOYMENT + "/infer";
        Process process = start(config, port, ServeModel.boosterFile());
        try {
            waitForReady(process, "http://127.0.0.1:" + port + "/v2/models/" + DEPLOYMENT + "/ready", config);
            check(config.system() + ", " + config.config(), url, predictor);
            return load.measure(config.system(), config.config(), url, rowsPerRequest);
        } finally {
            stop(process);
        }
    }

    private static Process start(PeerConfig config, int port, Path modelFile) throws IOException {
        List<String> command = new ArrayList<>(config.command());
        // uvicorn takes the port, gunicorn an address
        command.add(config.system().startsWith("FastAPI") ? Integer.toString(port) : "127.0.0.1:" + port);
        System.err.printf("serve: starting %s: %s%n", config.config(), String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("bench/target/serve-work/peer-" + port + ".log").toFile());
        builder.environment().put("SERVE_MODEL_FILE", modelFile.toAbsolutePath().toString());
        return builder.start();
    }

    private static void waitForReady(Process process, String ready, PeerConfig config) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            HashBench.check(process.isAlive(), config.config() + " exited with " + (process.isAlive() ? "" : process.exitValue()) + "; see "
                    + "bench/target/serve-work/peer-*.log");
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(ready)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode()
                        == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(config.config() + " was not ready after 60 s");
    }

    /** Stops a peer and its workers: SIGTERM to the master (which stops its workers), then SIGKILL to whatever is left. */
    private static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Sends a few rows to {@code url} and fails unless it answers the probabilities Slipway's predictor computes for them. */
    private static void check(String system, String url, Predictor predictor) throws Exception {
        double[][] rows = ServeModel.rows(5, 11);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(rows))).build(), HttpResponse.BodyHandlers.ofString());
        HashBench.check(response.statusCode() == 200, system + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
        JsonNode probability = null;
        for (JsonNode output : JSON.readTree(response.body()).path("outputs")) {
            if (output.path("name").asText().equals("probability")) {
                probability = output.path("data");
            }
        }
        HashBench.check(probability != null && probability.size() == rows.length, system + " answered no probability per row: "
                + abbreviate(response.body()));
        Predictions expected = predictor.predict(ServeModel.frame(rows));
        for (int row = 0; row < rows.length; row++) {
            double difference = Math.abs(probability.get(row).asDouble() - expected.probability(row, 1));
            HashBench.check(difference <= CHECK_TOLERANCE, String.format("%s answered %s for row %d, Slipway's predictor %s", system,
                    probability.get(row), row, expected.probability(row, 1)));
        }
    }

    /** An OIP v2 request of {@code rows} as one FP64 tensor of shape [rows, features]. */
    static String body(double[][] rows) {
        StringBuilder s = new StringBuilder(64 + rows.length * ServeModel.FEATURES * 9);
        s.append("{\"inputs\":[{\"name\":\"input\",\"shape\":[").append(rows.length).append(',').append(ServeModel.FEATURES)
                .append("],\"datatype\":\"FP64\",\"data\":[");
        String separator = "";
        for (double[] row : rows) {
            for (double value : row) {
                s.append(separator).append(value);
                separator = ",";
            }
        }
        return s.append("]}]}").toString();
    }

    /** Rows per second of {@code threads} threads each calling {@code predict} on {@code frame} in a loop for {@code seconds}. */
    private static double inProcessRowsPerSecond(Predictor predictor, Frame frame, int threads, int seconds) throws InterruptedException {
        AtomicLong rows = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                long done = 0;
                while (System.nanoTime() < end) {
                    done += predictor.predict(frame).rowCount();
                }
                rows.addAndGet(done);
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return rows.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** The machine's load averages, to tell a quiet run from one that shared the cores with other work. */
    private static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        if (!Files.exists(loadavg)) {
            return "unknown";
        }
        return String.join(", ", List.of(Files.readString(loadavg).trim().split("\\s+")).subList(0, 3));
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    /** wrk runs against one URL: a warm-up, then the timed run; fails the benchmark on any non-2xx answer. */
    private record Load(int seconds, int warmupSeconds, int connections, int batchConnections, Path singleBodies, Path batchBodies) {
        Measure measure(String system, String config, String url, int rowsPerRequest) throws Exception {
            int clients = rowsPerRequest == 1 ? connections : batchConnections;
            Path bodies = rowsPerRequest == 1 ? singleBodies : batchBodies;
            System.err.printf("serve: %s, %s: rows per request %,d, %d connections, %d s warm-up + %d s...%n", system, config, rowsPerRequest,
                    clients, warmupSeconds, seconds);
            if (warmupSeconds > 0) {
                wrk(url, bodies, clients, warmupSeconds, system);
            }
            Wrk wrk = wrk(url, bodies, clients, seconds, system);
            System.err.printf("serve:   %s req/s, p50 %.2f ms, p99 %.2f ms%s%n", Stats.fmt(wrk.requestsPerSecond()), wrk.p50(), wrk.p99(),
                    wrk.socketErrors() > 0 ? ", socket errors " + wrk.socketErrors() : "");
            return new Measure(system, config, rowsPerRequest, clients, wrk);
        }

        private static Wrk wrk(String url, Path bodies, int connections, int seconds, String system) throws Exception {
            Process process = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency", "-s",
                    PEERS.resolve("post.lua").toString(), url, "--", bodies.toAbsolutePath().toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            HashBench.check(process.waitFor() == 0, "wrk exited with " + process.exitValue() + ":\n" + output);
            Wrk wrk = Wrk.parse(output);
            HashBench.check(wrk.non2xx() == 0, String.format("%s answered %,d of %,d requests with a non-2xx status:%n%s", system, wrk.non2xx(),
                    wrk.requests(), output));
            return wrk;
        }
    }
}
