package io.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.cli.testing.ServerProcess;
import io.slipway.client.SlipwayClient;
import io.slipway.core.tracking.Metric;
import io.slipway.store.testing.TestPostgres;
import io.slipway.store.testing.TestPostgres.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real server process with SIGKILL while clients are logging, restarts it on the same
 * store, and checks that every batch the server acknowledged is there, and that no batch is
 * there in part.
 */
class CrashRecoveryTest {
    private static final int POINTS_PER_BATCH = 1000;
    private static final int CLIENTS = 4;

    @TempDir
    Path dir;

    @Test
    void killingTheServerDuringIngestLosesNoAcknowledgedWriteOnSqlite() throws Exception {
        crashDuringIngest("--port", "0", "--data-dir", dir.resolve("data").toString());
    }

    @Test
    void killingTheServerDuringIngestLosesNoAcknowledgedWriteOnPostgres() throws Exception {
        try (TestDatabase database = TestPostgres.createDatabase()) {
            crashDuringIngest("--port", "0", "--data-dir", dir.resolve("data").toString(), "--backend-store-uri", database.uri());
        }
    }

    private void crashDuringIngest(String... serverArgs) throws Exception {
        String runId;
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        try (ServerProcess server = ServerProcess.start(dir, Map.of(), serverArgs)) {
            String url = server.url();
            runId = SlipwayClient.connect(url).createRun("0", "crash", Map.of()).info().runId();

            AtomicInteger nextBatch = new AtomicInteger();
            AtomicBoolean serverGone = new AtomicBoolean();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Thread client = new Thread(() -> {
                    while (!serverGone.get()) {
                        int batch = nextBatch.getAndIncrement();
                        try {
                            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/2.0/mlflow/runs/log-batch"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(batchBody(runId, batch)))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(), HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200) {
                                acknowledged.add(batch);
                            }
                        } catch (IOException e) {
                            serverGone.set(true);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                client.start();
                clients.add(client);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (acknowledged.size() < 40 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            server.kill(); // SIGKILL, mid-ingest: the clients are still sending
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(60).toMillis());
            }
        }
        assertThat(acknowledged).as("batches acknowledged before the kill").hasSizeGreaterThanOrEqualTo(40);

        try (ServerProcess restarted = ServerProcess.start(dir, Map.of(), serverArgs)) {
            List<Metric> history = SlipwayClient.connect(restarted.url()).getMetricHistory(runId, "m");
            Map<Long, Integer> pointsPerBatch = new TreeMap<>();
            history.forEach(m -> pointsPerBatch.merge(m.step() / POINTS_PER_BATCH, 1, Integer::sum));
            for (int batch : acknowledged) {
                assertThat(pointsPerBatch.get((long) batch)).as("points of acknowledged batch %d", batch).isEqualTo(POINTS_PER_BATCH);
            }
            assertThat(pointsPerBatch.values()).as("every batch is there whole or not at all").containsOnly(POINTS_PER_BATCH);
            restarted.terminate();
        }
    }

    private static String batchBody(String runId, int batch) {
        StringBuilder json = new StringBuilder("{\"run_id\":\"").append(runId).append("\",\"metrics\":[");
        for (int i = 0; i < POINTS_PER_BATCH; i++) {
            long step = (long) batch * POINTS_PER_BATCH + i;
            json.append(i == 0 ? "" : ",").append("{\"key\":\"m\",\"value\":").append(step * 0.5)
                    .append(",\"timestamp\":").append(1_700_000_000_000L + step).append(",\"step\":").append(step).append('}');
        }
        return json.append("]}").toString();
    }
}
