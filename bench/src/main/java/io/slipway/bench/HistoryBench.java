package io.slipway.bench;

import io.slipway.cli.testing.ServerProcess;
import io.slipway.client.SlipwayClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mlflow.tracking.MlflowClient;

/**
 * Metric history of one key with many points: logged through HTTP log-batch, then read back
 * (a) in one GET without max_results, (b) page by page with max_results=25000 as MLflow's
 * clients do, (c) with slipway-client and (d) with the official MLflow Java client, both of which
 * also parse every point.
 */
final class HistoryBench {
    private static final Pattern TOKEN = Pattern.compile("\"next_page_token\":\"([^\"]+)\"");

    record Result(String backend, int points, Map<String, Stats> timings) {}

    static Result run(Backend.Kind kind, int points, int repetitions, String serverHeap) throws Exception {
        try (Backend backend = Backend.create(kind, "history"); ServerProcess server = backend.startServer(serverHeap)) {
            String url = server.url();
            SlipwayClient client = SlipwayClient.connect(url);
            String experiment = client.createExperiment("bench-history", null, Map.of());
            String runId = client.createRun(experiment, "history", Map.of()).info().runId();
            log(url, runId, points);

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = url + "/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=loss";
            MlflowClient mlflow = new MlflowClient(url);
            Map<String, Stats> timings = new LinkedHashMap<>();
            timings.put("one GET, whole history (no max_results)", time(repetitions, () -> {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base)).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                check(response.statusCode() == 200 && count(response.body()) == points, "full history");
            }));
            timings.put("paged GETs, max_results=25000", time(repetitions, () -> {
                int seen = 0;
                String token = null;
                do {
                    String page = base + "&max_results=25000" + (token == null ? "" : "&page_token=" + token);
                    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(page)).GET().build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    seen += count(response.body());
                    Matcher matcher = TOKEN.matcher(new String(response.body(), response.body().length - Math.min(200, response.body().length),
                            Math.min(200, response.body().length), StandardCharsets.UTF_8));
                    token = matcher.find() ? matcher.group(1) : null;
                } while (token != null);
                check(seen == points, "paged history saw " + seen);
            }));
            timings.put("slipway-client getMetricHistory (pages of 100000, parsed as they stream)", time(repetitions, () ->
                    check(client.getMetricHistory(runId, "loss").size() == points, "slipway-client")));
            timings.put("MLflow Java client 2.17.2 getMetricHistory (one answer, parsed by its protobuf JsonFormat)", time(repetitions, () ->
                    check(mlflow.getMetricHistory(runId, "loss").size() == points, "mlflow client")));
            mlflow.close();
            return new Result(backend.label(), points, timings);
        }
    }

    private static void log(String url, String runId, int points) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI endpoint = URI.create(url + "/api/2.0/mlflow/runs/log-batch");
        int batches = points / IngestBench.BATCH;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                int batch = b;
                futures.add(pool.submit(() -> {
                    StringBuilder json = new StringBuilder("{\"run_id\":\"" + runId + "\",\"metrics\":[");
                    for (int i = 0; i < IngestBench.BATCH; i++) {
                        long step = (long) batch * IngestBench.BATCH + i;
                        json.append(i == 0 ? "" : ",").append("{\"key\":\"loss\",\"value\":").append(1.0 / (step + 1))
                                .append(",\"timestamp\":").append(1_700_000_000_000L + step).append(",\"step\":").append(step).append('}');
                    }
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json.append("]}").toString())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    check(response.statusCode() == 200, "log-batch: " + response.body());
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    interface Action {
        void run() throws Exception;
    }

    private static Stats time(int repetitions, Action action) throws Exception {
        action.run(); // warm-up
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            long start = System.nanoTime();
            action.run();
            nanos.add(System.nanoTime() - start);
        }
        return Stats.ofNanos(nanos);
    }

    private static int count(byte[] body) {
        int count = 0;
        for (int i = 0; i + 6 < body.length; i++) {
            if (body[i] == '"' && body[i + 1] == 's' && body[i + 2] == 't' && body[i + 3] == 'e' && body[i + 4] == 'p' && body[i + 5] == '"') {
                count++;
            }
        }
        return count;
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("check failed: " + what);
        }
    }
}
