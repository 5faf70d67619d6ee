package io.slipway.bench;

import io.slipway.cli.testing.ServerProcess;
import io.slipway.core.artifacts.ArtifactService;
import io.slipway.core.tracking.TrackingService;
import io.slipway.store.jdbc.BackendUri;
import io.slipway.store.jdbc.Database;
import io.slipway.store.jdbc.JdbcTrackingStore;
import io.slipway.store.jdbc.SqlDialect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * runs/search over one experiment of many runs, through HTTP against a server in its own
 * process. The runs are seeded straight into the tables (the benchmark measures search, not
 * seeding): each has 3 params, 2 tags and 3 metrics.
 */
final class SearchBench {
    record Query(String label, String body) {}

    record Result(String backend, int runs, Map<String, Stats> timings, Map<String, Integer> rowCounts) {}

    static Result run(Backend.Kind kind, int runs, int repetitions, String serverHeap) throws Exception {
        try (Backend backend = Backend.create(kind, "search")) {
            String experiment = seed(backend, runs);
            List<Query> queries = List.of(
                    new Query("metric filter + order by metric, 1000 per page (MLflow default)",
                            "{\"experiment_ids\":[\"" + experiment + "\"],\"filter\":\"metrics.acc > 0.5\","
                                    + "\"order_by\":[\"metrics.acc DESC\"],\"max_results\":1000}"),
                    new Query("metric filter + order by metric, 100 per page",
                            "{\"experiment_ids\":[\"" + experiment + "\"],\"filter\":\"metrics.acc > 0.5\","
                                    + "\"order_by\":[\"metrics.acc DESC\"],\"max_results\":100}"),
                    new Query("param and metric filter + order by another metric, 1000 per page",
                            "{\"experiment_ids\":[\"" + experiment + "\"],\"filter\":\"params.model = 'xgb' and metrics.acc > 0.9\","
                                    + "\"order_by\":[\"metrics.loss ASC\"],\"max_results\":1000}"),
                    new Query("no filter, default order (newest first), 1000 per page",
                            "{\"experiment_ids\":[\"" + experiment + "\"],\"max_results\":1000}"));
            Map<String, Stats> timings = new LinkedHashMap<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            try (ServerProcess server = backend.startServer(serverHeap)) {
                String url = server.url();
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                URI endpoint = URI.create(url + "/api/2.0/mlflow/runs/search");
                for (Query query : queries) {
                    List<Long> nanos = new ArrayList<>();
                    int rows = 0;
                    for (int i = 0; i < repetitions + 5; i++) {
                        long start = System.nanoTime();
                        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(endpoint)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(query.body())).build(), HttpResponse.BodyHandlers.ofByteArray());
                        long elapsed = System.nanoTime() - start;
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException(query.label() + " answered " + response.statusCode());
                        }
                        if (i >= 5) { // the first five warm the server up
                            nanos.add(elapsed);
                        }
                        rows = countRuns(response.body());
                    }
                    timings.put(query.label(), Stats.ofNanos(nanos));
                    counts.put(query.label(), rows);
                }
            }
            return new Result(backend.label(), runs, timings, counts);
        }
    }

    private static int countRuns(byte[] body) {
        String json = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        int count = 0;
        for (int at = json.indexOf("\"run_uuid\""); at >= 0; at = json.indexOf("\"run_uuid\"", at + 1)) {
            count++;
        }
        return count;
    }

    /** Creates the experiment through the service, then bulk-inserts its runs; returns the experiment id. */
    static String seed(Backend backend, int runs) throws Exception {
        try (Database database = Database.open(BackendUri.parse(backend.storeUri()), ArtifactService.DEFAULT_ARTIFACT_ROOT)) {
            TrackingService tracking = new TrackingService(new JdbcTrackingStore(database), ArtifactService.DEFAULT_ARTIFACT_ROOT,
                    Clock.systemUTC());
            String experiment = tracking.createExperiment("bench-search", null, List.of());
            SplittableRandom random = new SplittableRandom(42);
            String[] models = {"xgb", "lr", "rf"};
            long base = 1_700_000_000_000L;
            try (Connection c = database.writeDataSource().getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement run = c.prepareStatement("INSERT INTO runs (run_pk, run_uuid, experiment_id, name, user_id, status,"
                                + " start_time, end_time, artifact_uri, lifecycle_stage) VALUES (?, ?, ?, ?, 'bench', 'FINISHED', ?, ?, ?, 'active')");
                        PreparedStatement param = c.prepareStatement("INSERT INTO params (run_pk, key, value) VALUES (?, ?, ?)");
                        PreparedStatement tag = c.prepareStatement("INSERT INTO tags (run_pk, key, value) VALUES (?, ?, ?)");
                        PreparedStatement latest = c.prepareStatement("INSERT INTO latest_metrics (run_pk, key, step, timestamp, value, is_nan)"
                                + " VALUES (?, ?, 0, ?, ?, ?)");
                        PreparedStatement metric = c.prepareStatement("INSERT INTO metrics (run_pk, key, step, timestamp, value, is_nan)"
                                + " VALUES (?, ?, 0, ?, ?, ?)")) {
                    byte[] id = new byte[16];
                    for (int i = 0; i < runs; i++) {
                        random.nextBytes(id);
                        String runId = HexFormat.of().formatHex(id);
                        long start = base + i * 1000L;
                        long runPk = i + 1; // a fresh database: the server's own runs would come after these
                        run.setLong(1, runPk);
                        run.setString(2, runId);
                        run.setLong(3, Long.parseLong(experiment));
                        run.setString(4, "run-" + i);
                        run.setLong(5, start);
                        run.setLong(6, start + 60_000);
                        run.setString(7, "mlflow-artifacts:/" + experiment + "/" + runId + "/artifacts");
                        run.addBatch();
                        add(param, runPk, "model", models[i % 3]);
                        add(param, runPk, "learning_rate", Double.toString(random.nextDouble() / 10));
                        add(param, runPk, "max_depth", Integer.toString(2 + random.nextInt(8)));
                        add(tag, runPk, "mlflow.runName", "run-" + i);
                        add(tag, runPk, "team", "team-" + (i % 5));
                        double acc = random.nextDouble();
                        for (Map.Entry<String, Double> m : Map.of("acc", acc, "loss", 1 - acc + random.nextDouble() / 10,
                                "f1", acc * 0.9).entrySet()) {
                            for (PreparedStatement statement : List.of(latest, metric)) {
                                statement.setLong(1, runPk);
                                statement.setString(2, m.getKey());
                                statement.setLong(3, start);
                                statement.setDouble(4, m.getValue());
                                statement.setBoolean(5, false);
                                statement.addBatch();
                            }
                        }
                        if (i % 5000 == 4999 || i == runs - 1) {
                            run.executeBatch();
                            param.executeBatch();
                            tag.executeBatch();
                            latest.executeBatch();
                            metric.executeBatch();
                            c.commit();
                        }
                    }
                }
            }
            try (Connection c = database.writeDataSource().getConnection(); var statement = c.createStatement()) {
                if (database.dialect() == SqlDialect.POSTGRESQL) {
                    statement.execute("SELECT setval(pg_get_serial_sequence('runs', 'run_pk'), (SELECT max(run_pk) FROM runs))");
                }
                statement.execute("ANALYZE"); // what autovacuum (PostgreSQL) or PRAGMA optimize (SQLite) does after a bulk load
            }
            return experiment;
        }
    }

    private static void add(PreparedStatement statement, long runPk, String key, String value) throws Exception {
        statement.setLong(1, runPk);
        statement.setString(2, key);
        statement.setString(3, value);
        statement.addBatch();
    }
}
