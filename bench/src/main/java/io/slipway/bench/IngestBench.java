package io.slipway.bench;

import io.slipway.cli.testing.ServerProcess;
import io.slipway.client.SlipwayClient;
import io.slipway.store.jdbc.BackendUri;
import io.slipway.store.jdbc.Database;
import io.slipway.core.artifacts.ArtifactService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Ingest through HTTP log-batch: several client threads, each logging 1000-metric batches to
 * its own run, against a server in its own process. The limit it is compared with is the raw
 * JDBC rate of the very same INSERT into the same kind of database (a fresh one), in
 * 1000-row batches, one transaction per batch.
 */
final class IngestBench {
    static final int BATCH = 1000;
    private static final int KEYS = 10;

    record Result(String backend, int threads, long points, double seconds, double pointsPerSecond, Stats latency,
            double jdbcPointsPerSecond) {
        double ratio() {
            return pointsPerSecond / jdbcPointsPerSecond;
        }
    }

    static Result run(Backend.Kind kind, int threads, long totalPoints, String serverHeap) throws Exception {
        long requests = totalPoints / BATCH;
        long perThread = requests / threads;
        long warmupPerThread = Math.max(5, perThread / 20);
        double pointsPerSecond;
        double seconds;
        Stats latency;
        long measuredPoints;
        try (Backend backend = Backend.create(kind, "ingest"); ServerProcess server = backend.startServer(serverHeap)) {
            String url = server.url();
            SlipwayClient client = SlipwayClient.connect(url);
            String experiment = client.createExperiment("bench-ingest", null, Map.of());
            List<String> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                runs.add(client.createRun(experiment, "ingest-" + t, Map.of()).info().runId());
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI endpoint = URI.create(url + "/api/2.0/mlflow/runs/log-batch");

            // bodies are built before the clock starts, so client-side JSON work is not measured
            List<List<byte[]>> bodies = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<byte[]> mine = new ArrayList<>();
                for (long i = 0; i < warmupPerThread + perThread; i++) {
                    mine.add(body(runs.get(t), i, t));
                }
                bodies.add(mine);
            }

            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                // warm-up: same requests, not timed
                runAll(pool, threads, t -> bodies.get(t).subList(0, (int) warmupPerThread), http, endpoint, null);
                List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
                long start = System.nanoTime();
                runAll(pool, threads, t -> bodies.get(t).subList((int) warmupPerThread, bodies.get(t).size()), http, endpoint, latencies);
                seconds = (System.nanoTime() - start) / 1e9;
                measuredPoints = perThread * threads * BATCH;
                pointsPerSecond = measuredPoints / seconds;
                latency = Stats.ofNanos(latencies);
            } finally {
                pool.shutdownNow();
            }
            // everything acknowledged is there
            long expected = (warmupPerThread + perThread) * (BATCH / KEYS);
            int stored = client.getMetricHistory(runs.get(0), "m0").size();
            if (stored != expected) {
                throw new IllegalStateException("run 0 has " + stored + " points of m0, expected " + expected);
            }
        }
        double jdbc = rawJdbcRate(kind, threads, measuredPoints);
        return new Result(kind == Backend.Kind.SQLITE ? "SQLite (embedded)" : "PostgreSQL 15", threads, measuredPoints, seconds,
                pointsPerSecond, latency, jdbc);
    }

    interface Slice {
        List<byte[]> of(int thread);
    }

    private static void runAll(ExecutorService pool, int threads, Slice slice, HttpClient http, URI endpoint, List<Long> latencies)
            throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<byte[]> mine = slice.of(t);
            futures.add(pool.submit(() -> {
                go.await();
                for (byte[] body : mine) {
                    long begin = System.nanoTime();
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("log-batch answered " + response.statusCode() + ": " + response.body());
                    }
                    if (latencies != null) {
                        latencies.add(System.nanoTime() - begin);
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> future : futures) {
            future.get();
        }
    }

    /** Request i of a thread: keys m0..m9, 100 consecutive steps each, never repeated. */
    static byte[] body(String runId, long request, int thread) {
        SplittableRandom random = new SplittableRandom(request * 31 + thread);
        StringBuilder json = new StringBuilder(BATCH * 72);
        json.append("{\"run_id\":\"").append(runId).append("\",\"metrics\":[");
        long baseStep = request * (BATCH / KEYS);
        for (int i = 0; i < BATCH; i++) {
            long step = baseStep + i / KEYS;
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"key\":\"m").append(i % KEYS).append("\",\"value\":").append(random.nextDouble())
                    .append(",\"timestamp\":").append(1_700_000_000_000L + step).append(",\"step\":").append(step).append('}');
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The same INSERT the server runs, straight through JDBC, 1000 rows per transaction. */
    static double rawJdbcRate(Backend.Kind kind, int threads, long points) throws Exception {
        try (Backend backend = Backend.create(kind, "jdbc");
                Database database = Database.open(BackendUri.parse(backend.storeUri()), ArtifactService.DEFAULT_ARTIFACT_ROOT)) {
            DataSource dataSource = database.writeDataSource();
            long batches = points / BATCH;
            AtomicLong next = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                long start = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    long runPk = t + 1;
                    futures.add(pool.submit(() -> {
                        long batch;
                        while ((batch = next.getAndIncrement()) < batches) {
                            insertBatch(dataSource, runPk, batch);
                        }
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
                return points / ((System.nanoTime() - start) / 1e9);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void insertBatch(DataSource dataSource, long runPk, long batch) throws Exception {
        SplittableRandom random = new SplittableRandom(batch);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO metrics (run_pk, key, step, timestamp, value, is_nan) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                long baseStep = batch * (BATCH / KEYS);
                for (int i = 0; i < BATCH; i++) {
                    long step = baseStep + i / KEYS;
                    insert.setLong(1, runPk);
                    insert.setString(2, "m" + (i % KEYS));
                    insert.setLong(3, step);
                    insert.setLong(4, 1_700_000_000_000L + step);
                    insert.setDouble(5, random.nextDouble());
                    insert.setBoolean(6, false);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        }
    }
}
