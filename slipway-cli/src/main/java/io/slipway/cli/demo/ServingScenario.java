package io.slipway.cli.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.api.slipway.PredictionMessages.FeedbackItem;
import io.slipway.api.slipway.PredictionMessages.PredictionView;
import io.slipway.cli.train.ClientWorkspace;
import io.slipway.client.SlipwayClient;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.serving.Deployment;
import io.slipway.core.serving.DeploymentEvent;
import io.slipway.core.serving.RollbackPolicy;
import io.slipway.core.serving.RolloutMode;
import io.slipway.core.tracking.Run;
import io.slipway.data.profile.ProfilerSettings;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.frame.FrameReader;
import io.slipway.ml.job.TrainingJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The demo's serving steps, over HTTP as an application would call them: the champion deployed as
 * {@value #DEPLOYMENT} and answering Open Inference Protocol and MLflow requests from next month's
 * transactions; the runner-up rolled out as a canary to 100 %, promoted, and rolled back by command;
 * a bad version rolled back by itself; the chargebacks sent back as ground truth and found joined
 * to the logged predictions.
 */
public final class ServingScenario {
    public static final String DEPLOYMENT = "fraud-api";
    static final int REQUESTS = 2_000;
    static final int CLIENTS = 8;
    /** Rolled back when more than 5 % of a candidate's requests fail, once it has answered 40 within a minute. */
    static final RollbackPolicy ROLLBACK = new RollbackPolicy(0.05, null, 40, 60_000);
    /** Where the bad version's run goes: not among the candidates the demo ranks. */
    static final String BAD_EXPERIMENT = "demo-fraud-mistakes";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SlipwayClient client;
    private final String url;
    private final String token;
    private final Path dataDir;
    private final PrintWriter out;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
            .build();

    public ServingScenario(SlipwayClient client, String url, String token, Path dataDir, PrintWriter out) {
        this.client = requireNonNull(client, "client is null");
        this.url = requireNonNull(url, "url is null");
        this.token = requireNonNull(token, "token is null");
        this.dataDir = requireNonNull(dataDir, "dataDir is null");
        this.out = requireNonNull(out, "out is null");
    }

    /** What serving left behind: the deployment, its history, and the logged predictions with ground truth. */
    public record Outcome(Deployment deployment, List<DeploymentEvent> events, int predictionsWithTruth) {}

    public Outcome run(DemoScenario.Outcome trained) throws IOException {
        Frame transactions = new FrameReader(ProfilerSettings.defaults()).read(
                dataDir.resolve("datasets").resolve(DemoScenario.HOLDOUT_FILE).toString());

        Deployment deployment = deploy();
        JsonNode inputs = awaitReady().get("inputs");
        Traffic first = traffic(transactions, 0, REQUESTS, inputs);
        out.printf(Locale.ROOT, "        %,d OIP requests (one transaction each, id = transaction id) from %d clients: %,.0f req/s,"
                + " p50 %.1f ms, p99 %.1f ms, %d failed; answered by %s%n", first.sent, CLIENTS, first.perSecond(), first.percentile(50),
                first.percentile(99), first.failed.get(), first.versions());
        mlflowRequest(transactions, inputs);

        ModelVersion runnerUp = registerRunnerUp(trained);
        DemoScenario.step(out, 13, "Canary: the runner-up (version " + runnerUp.version() + ") rolled out beside version "
                + deployment.stable().version() + ", stepped to 100 %, promoted, then rolled back by command");
        client.setDeploymentCandidate(DEPLOYMENT, runnerUp.version(), RolloutMode.CANARY, 10);
        int offset = REQUESTS;
        for (int percent : new int[] {10, 50, 100}) {
            if (percent != 10) {
                client.setDeploymentPercent(DEPLOYMENT, percent);
            }
            awaitShare(runnerUp.version(), percent, transactions, inputs);
            Traffic step = traffic(transactions, offset, 400, inputs);
            offset += 400;
            out.printf(Locale.ROOT, "        canary at %3d %%: 400 requests answered by %s, %d failed%n", percent, step.versions(),
                    step.failed.get());
        }
        Deployment promoted = client.promoteDeployment(DEPLOYMENT);
        out.printf("        promoted: version %s is stable; %s%n", promoted.stable().version(), "the on-call rolls it back anyway:");
        Deployment back = client.rollbackDeployment(DEPLOYMENT, "back to the champion: the runner-up scored lower on the holdout", null);
        out.printf("        rolled back by command: version %s is stable again%n", back.stable().version());

        ModelVersion bad = registerBadVersion(trained);
        DemoScenario.step(out, 14, "A bad version (" + bad.version() + ", trained with customer_id, which the payment app does not"
                + " send) as a 30 % canary, under the rollback policy");
        client.setDeploymentCandidate(DEPLOYMENT, bad.version(), RolloutMode.CANARY, 30);
        awaitShare(bad.version(), 1, transactions, inputs);
        int sent = 0;
        int failed = 0;
        while (client.getDeployment(DEPLOYMENT).candidate() != null && sent < 20_000) {
            Traffic burst = traffic(transactions, offset + sent, 100, inputs);
            sent += burst.sent;
            failed += burst.failed.get();
        }
        DeploymentEvent rollback = client.deploymentEvents(DEPLOYMENT, 1).get(0);
        out.printf(Locale.ROOT, "        %s: %s (%s), after %,d requests of which %d failed (400: missing input 'customer_id')%n",
                rollback.kind(), rollback.reason(), rollback.actor(), sent, failed);
        Traffic after = traffic(transactions, offset + sent, 200, inputs);
        out.printf("        then 200 requests: answered by %s, %d failed%n", after.versions(), after.failed.get());

        DemoScenario.step(out, 15, "The chargebacks arrive: ground truth sent back by prediction id, joined to the prediction log");
        int labelled = sendGroundTruth(transactions);
        List<PredictionView> logged = client.searchPredictions(DEPLOYMENT, null, null, 10_000, null);
        List<PredictionView> firstBatch = logged.stream().filter(p -> p.groundTruth() != null).toList();
        long caught = firstBatch.stream().filter(p -> "1".equals(p.groundTruth()) && p.prediction() != null
                && p.prediction() >= DemoScenario.THRESHOLD).count();
        long frauds = firstBatch.stream().filter(p -> "1".equals(p.groundTruth())).count();
        out.printf(Locale.ROOT, "        %,d labels sent; %,d logged predictions in the newest %,d carry their ground truth: %d of %d frauds"
                + " flagged at the %.0f %% review threshold%n", labelled, firstBatch.size(), logged.size(), caught, frauds,
                100 * DemoScenario.THRESHOLD);
        out.println("        The log is Parquet in the artifact store (serving/predictions/deployment=" + DEPLOYMENT
                + "/date=.../), readable by DuckDB; newest entries:");
        logged.stream().limit(3).forEach(p -> out.printf(Locale.ROOT, "          %s  v%s %-6s p=%.4f  truth=%s  %.2f ms%n",
                p.predictionId(), p.modelVersion(), p.role(), p.prediction(), p.groundTruth() == null ? "-" : p.groundTruth(),
                p.latencyMs()));
        out.println("        /metrics (Prometheus), a few of its lines:");
        metricsExcerpt().forEach(line -> out.println("          " + line));
        out.flush();
        return new Outcome(client.getDeployment(DEPLOYMENT), client.deploymentEvents(DEPLOYMENT, 100), firstBatch.size());
    }

    // ---- steps ----

    private Deployment deploy() {
        String champion = GovernanceScenario.CHAMPION_URI;
        Deployment existing = client.listDeployments().stream().filter(d -> d.name().equals(DEPLOYMENT)).findFirst().orElse(null);
        if (existing == null) {
            DemoScenario.step(out, 12, "Deploying " + champion + " as '" + DEPLOYMENT + "' (rollback when more than 5 % of a"
                    + " candidate's requests fail)");
            Deployment created = client.createDeployment(DEPLOYMENT, champion, "Scores card transactions for the payment app",
                    null, ROLLBACK);
            out.printf("        serves version %s; OIP at %s/v2/models/%s/infer, MLflow at %s/deployments/%s/invocations%n",
                    created.stable().version(), url, DEPLOYMENT, url, DEPLOYMENT);
            return created;
        }
        Deployment now = client.getDeployment(DEPLOYMENT);
        DemoScenario.step(out, 12, "Deployment '" + DEPLOYMENT + "' follows " + champion + ": it serves version "
                + now.stable().version() + " since the promotion (earlier runs deployed it)");
        return now;
    }

    /** The model metadata, once the deployment answers ready. */
    private JsonNode awaitReady() throws IOException {
        awaitTrue(() -> get("/v2/models/" + DEPLOYMENT + "/ready").statusCode() == 200, "the deployment to load its model");
        return JSON.readTree(get("/v2/models/" + DEPLOYMENT).body());
    }

    /** Waits until the deployment answers with the candidate {@code version} at (about) {@code percent}: after the next sync. */
    private void awaitShare(String version, int percent, Frame transactions, JsonNode inputs) {
        awaitTrue(() -> {
            String status = get("/v2/models/" + DEPLOYMENT).body();
            if (!status.contains("\"" + version + "\"")) {
                return false;
            }
            if (percent < 100) {
                return true;
            }
            Traffic probe = traffic(transactions, 0, 20, inputs);
            return probe.versions().equals(Map.of(version, 20));
        }, "the deployment to route to version " + version);
    }

    private void mlflowRequest(Frame transactions, JsonNode inputs) throws IOException {
        ObjectNode split = JSON.createObjectNode();
        ArrayNode columns = split.putArray("columns");
        inputs.forEach(input -> columns.add(input.get("name").asText()));
        ArrayNode data = split.putArray("data");
        for (int row = 0; row < 3; row++) {
            ArrayNode values = data.addArray();
            for (JsonNode input : inputs) {
                addValue(values, transactions.require(input.get("name").asText()), row, input.get("datatype").asText());
            }
        }
        HttpResponse<String> response = post("/deployments/" + DEPLOYMENT + "/invocations",
                JSON.createObjectNode().set("dataframe_split", split).toString(), null);
        out.printf("        MLflow's scoring protocol, 3 rows as dataframe_split: %d %s (version %s)%n", response.statusCode(),
                response.body(), response.headers().firstValue("X-Model-Version").orElse("?"));
    }

    /** The second-best run of this round's trainings, registered as a new version. */
    private ModelVersion registerRunnerUp(DemoScenario.Outcome trained) {
        Run runnerUp = trained.rankedRuns().size() > 1 ? trained.rankedRuns().get(1) : trained.best();
        String runId = runnerUp.info().runId();
        return client.createModelVersion(DemoScenario.MODEL_NAME, "runs:/" + runId + "/" + DemoScenario.MODEL_ARTIFACT_PATH, runId,
                "runner-up " + runnerUp.info().runName() + " (canary in the demo)", Map.of());
    }

    /** A quick model that also learnt from customer_id, which requests do not carry: every request routed to it fails. */
    private ModelVersion registerBadVersion(DemoScenario.Outcome trained) throws IOException {
        Path spec = dataDir.resolve("specs").resolve("fraud-with-customer-id.yaml");
        Files.createDirectories(spec.getParent());
        Files.writeString(spec, String.join("\n",
                "# a mistake on purpose: customer_id is an identifier the payment app does not send (written by slipway demo)",
                "experiment: " + BAD_EXPERIMENT,
                "run_name: xgb-with-customer-id",
                "data: {train: " + DemoScenario.HOLDOUT_NAME + "@1}",
                "target: " + DemoScenario.LABEL,
                "exclude: [transaction_id, timestamp]",
                "task: binary",
                "xgboost: {params: {max_depth: 3}, rounds: 20}",
                ""));
        TrainingJob.Result result = new TrainingJob(new ClientWorkspace(client, dataDir.resolve("cache")), io.slipway.server.Slipway.VERSION)
                .run(Files.readString(spec), spec.toString(), DemoScenario.MODEL_NAME);
        return result.registered();
    }

    private int sendGroundTruth(Frame transactions) {
        Column ids = transactions.require("transaction_id");
        Column labels = transactions.require(DemoScenario.LABEL);
        List<FeedbackItem> items = new ArrayList<>();
        int sent = 0;
        for (int row = 0; row < REQUESTS; row++) {
            items.add(new FeedbackItem(ids.text(row), null, labels.text(row)));
            if (items.size() == 1000) {
                sent += client.sendFeedback(DEPLOYMENT, items);
                items.clear();
            }
        }
        if (!items.isEmpty()) {
            sent += client.sendFeedback(DEPLOYMENT, items);
        }
        return sent;
    }

    private List<String> metricsExcerpt() {
        String metrics = get("/metrics").body();
        return metrics.lines()
                .filter(line -> line.startsWith("slipway_inference_requests_total{deployment=\"" + DEPLOYMENT + "\"")
                        || line.startsWith("slipway_deployment_rollbacks_total") || line.startsWith("slipway_prediction_log_dropped_total"))
                .filter(line -> !line.endsWith(" 0.0"))
                .limit(8)
                .toList();
    }

    // ---- traffic ----

    /** What {@code count} requests from {@link #CLIENTS} clients met: latencies, failures, the versions that answered. */
    private final class Traffic {
        final int sent;
        final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        final Map<String, Integer> answeredBy = new ConcurrentHashMap<>();
        final AtomicInteger failed = new AtomicInteger();
        long nanos;

        Traffic(int sent) {
            this.sent = sent;
        }

        double perSecond() {
            return sent / (nanos / 1e9);
        }

        double percentile(int p) {
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
        }

        Map<String, Integer> versions() {
            return new TreeMap<>(answeredBy);
        }
    }

    private Traffic traffic(Frame transactions, int offset, int count, JsonNode inputs) {
        Traffic traffic = new Traffic(count);
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        int row = (offset + i) % transactions.rowCount();
                        String id = transactions.require("transaction_id").text(row);
                        long sentAt = System.nanoTime();
                        HttpResponse<String> response = post("/v2/models/" + DEPLOYMENT + "/infer", oipBody(id, transactions, row, inputs),
                                null);
                        traffic.latencies.add(System.nanoTime() - sentAt);
                        if (response.statusCode() == 200) {
                            traffic.answeredBy.merge(response.headers().firstValue("X-Model-Version").orElse("?"), 1, Integer::sum);
                        } else {
                            traffic.failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Demo traffic failed: " + e.getMessage(), e);
        } finally {
            clients.shutdownNow();
        }
        traffic.nanos = System.nanoTime() - start;
        return traffic;
    }

    /** An OIP request for one transaction: a tensor per model input, typed as the model's metadata says. */
    private static String oipBody(String id, Frame transactions, int row, JsonNode inputs) {
        ObjectNode body = JSON.createObjectNode().put("id", id);
        ArrayNode tensors = body.putArray("inputs");
        for (JsonNode input : inputs) {
            String name = input.get("name").asText();
            String datatype = input.get("datatype").asText();
            ObjectNode tensor = tensors.addObject().put("name", name).put("datatype", datatype);
            tensor.putArray("shape").add(1);
            addValue(tensor.putArray("data"), transactions.require(name), row, datatype);
        }
        return body.toString();
    }

    private static void addValue(ArrayNode array, Column column, int row, String datatype) {
        if (column.isMissing(row)) {
            array.addNull();
        } else if (column instanceof Column.Texts texts) {
            array.add(texts.values()[row]);
        } else {
            double value = ((Column.Numbers) column).values()[row];
            switch (datatype) {
                case "BOOL" -> array.add(value != 0);
                case "INT64", "INT32" -> array.add((long) value);
                default -> array.add(value);
            }
        }
    }

    // ---- HTTP ----

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET());
    }

    private HttpResponse<String> post(String path, String body, String contentType) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", contentType == null ? "application/json"
                : contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Waited two minutes for " + what + "; see the server log.");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
