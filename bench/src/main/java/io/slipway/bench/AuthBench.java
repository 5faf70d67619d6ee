package io.slipway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.cli.testing.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What authentication and authorization cost: the median latency of get-run and of a 100-metric
 * log-batch, one request at a time, against the same database with the server started without
 * and with {@code --auth}. With auth on, the calls are made by a regular user holding an EDIT
 * grant (admins skip permission checks, so they would flatter the result). The two modes
 * alternate in rounds, so drift (page cache, JIT, the database growing) hits both alike.
 */
final class AuthBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_TOKEN = "bench-admin-token-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String API = "/api/2.0/mlflow/";
    private static final int ROUNDS = 3;

    record Result(String backend, Map<String, Stats> off, Map<String, Stats> on, int requestsPerRound) {}

    static Result run(Backend.Kind kind, int requests, String serverHeap) throws Exception {
        try (Backend backend = Backend.create(kind, "auth")) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String userToken;
            String runId;
            try (ServerProcess server = backend.startServer(serverHeap, true, ADMIN_TOKEN)) {
                String url = server.url();
                String admin = "Bearer " + ADMIN_TOKEN;
                post(http, url + "/api/2.0/slipway/users/create", admin, "{\"username\":\"bench\"}");
                userToken = post(http, url + "/api/2.0/slipway/tokens/create", admin, "{\"username\":\"bench\"}").get("secret").asText();
                String experiment = post(http, url + API + "experiments/create", admin, "{\"name\":\"auth-bench\"}").get("experiment_id").asText();
                post(http, url + "/api/2.0/slipway/permissions/set", admin, "{\"username\":\"bench\",\"resource_type\":\"experiment\","
                        + "\"resource_id\":\"" + experiment + "\",\"permission\":\"EDIT\"}");
                runId = post(http, url + API + "runs/create", "Bearer " + userToken, "{\"experiment_id\":\"" + experiment + "\"}")
                        .at("/run/info/run_id").asText();
            }
            Map<String, List<Long>> off = new LinkedHashMap<>();
            Map<String, List<Long>> on = new LinkedHashMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                measure(backend, serverHeap, false, null, runId, requests, http, off);
                measure(backend, serverHeap, true, "Bearer " + userToken, runId, requests, http, on);
            }
            return new Result(backend.label(), stats(off), stats(on), requests);
        }
    }

    private static void measure(Backend backend, String heap, boolean auth, String authorization, String runId, int requests,
            HttpClient http, Map<String, List<Long>> samples) throws Exception {
        try (ServerProcess server = backend.startServer(heap, auth, auth ? ADMIN_TOKEN : null)) {
            String url = server.url();
            URI getRun = URI.create(url + API + "runs/get?run_id=" + runId);
            URI logBatch = URI.create(url + API + "runs/log-batch");
            long step = System.nanoTime() % 1_000_000_000L * 1000;
            for (int i = 0; i < requests + requests / 5; i++) {
                boolean timed = i >= requests / 5; // the first fifth warms the server up
                long start = System.nanoTime();
                send(http, request(getRun, authorization).GET().build());
                long got = System.nanoTime();
                send(http, request(logBatch, authorization).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(batch(runId, step + i))).build());
                long logged = System.nanoTime();
                if (timed) {
                    samples.computeIfAbsent("get-run", k -> new ArrayList<>()).add(got - start);
                    samples.computeIfAbsent("log-batch (100 metrics)", k -> new ArrayList<>()).add(logged - got);
                }
            }
        }
    }

    private static String batch(String runId, long step) {
        StringBuilder json = new StringBuilder("{\"run_id\":\"").append(runId).append("\",\"metrics\":[");
        for (int m = 0; m < 100; m++) {
            json.append(m == 0 ? "" : ",").append("{\"key\":\"m").append(m).append("\",\"value\":").append(m * 0.5)
                    .append(",\"timestamp\":1700000000000,\"step\":").append(step).append('}');
        }
        return json.append("]}").toString();
    }

    private static HttpRequest.Builder request(URI uri, String authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }

    private static void send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + new String(response.body()));
        }
    }

    private static JsonNode post(HttpClient http, String url, String authorization, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static Map<String, Stats> stats(Map<String, List<Long>> samples) {
        Map<String, Stats> stats = new LinkedHashMap<>();
        samples.forEach((label, nanos) -> stats.put(label, Stats.ofNanos(nanos)));
        return stats;
    }
}
