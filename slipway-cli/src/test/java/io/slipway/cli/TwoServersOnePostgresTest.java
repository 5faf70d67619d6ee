package io.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.cli.testing.ServerProcess;
import io.slipway.client.SlipwayClient;
import io.slipway.client.SlipwayClientException;
import io.slipway.core.Page;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunTag;
import io.slipway.core.tracking.ViewType;
import io.slipway.store.testing.TestPostgres;
import io.slipway.store.testing.TestPostgres.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes on one PostgreSQL database, as replicas behind a load balancer:
 * concurrent run creation and logging through both loses nothing and creates no duplicates,
 * races for the same name or param have exactly one winner, and versions of one registered
 * model are numbered 1..N however the creates interleave.
 */
class TwoServersOnePostgresTest {
    private static final int THREADS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TestDatabase database;
    private ServerProcess first;
    private ServerProcess second;
    private List<SlipwayClient> replicas;
    private ExecutorService pool;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startTwoServers() throws Exception {
        database = TestPostgres.createDatabase();
        // both start at once, so both try to migrate the empty database
        first = ServerProcess.start(dir, Map.of(), "--port", "0", "--data-dir", dir.resolve("a").toString(), "--backend-store-uri", database.uri(),
                "--artifacts-destination", dir.resolve("shared-artifacts").toString());
        second = ServerProcess.start(dir, Map.of(), "--port", "0", "--data-dir", dir.resolve("b").toString(), "--backend-store-uri", database.uri(),
                "--artifacts-destination", dir.resolve("shared-artifacts").toString());
        replicas = List.of(SlipwayClient.connect(first.url()), SlipwayClient.connect(second.url()));
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stopServers() throws Exception {
        if (pool != null) {
            pool.shutdownNow();
        }
        try (TestDatabase db = database; ServerProcess a = first; ServerProcess b = second) {
            if (a != null) {
                a.terminate();
            }
            if (b != null) {
                b.terminate();
            }
        }
    }

    @Test
    void concurrentRunCreationAndLoggingThroughBothReplicasLosesNothing() throws Exception {
        String experiment = replicas.get(0).createExperiment("replicated", null, Map.of());
        int runsPerThread = 15;
        int batchesPerRun = 3;
        Set<String> created = ConcurrentHashMap.newKeySet();
        runConcurrently(thread -> {
            for (int i = 0; i < runsPerThread; i++) {
                SlipwayClient creator = replicas.get((thread + i) % 2);
                SlipwayClient logger = replicas.get((thread + i + 1) % 2);
                String runId = creator.createRun(experiment, "t" + thread + "-r" + i, Map.of()).info().runId();
                created.add(runId);
                for (int b = 0; b < batchesPerRun; b++) {
                    int base = b * 100;
                    logger.logBatch(runId,
                            IntStream.range(0, 100).mapToObj(s -> new Metric("loss", 1.0 / (base + s + 1), 1000 + base + s, base + s)).toList(),
                            List.of(new Param("thread", Integer.toString(thread)), new Param("batch" + b, "yes")),
                            List.of(new RunTag("replica", logger == replicas.get(0) ? "a" : "b")));
                }
            }
        });

        List<Run> stored = allRuns(experiment);
        assertThat(created).hasSize(THREADS * runsPerThread);
        assertThat(stored).extracting(r -> r.info().runId()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
        for (Run run : stored) {
            assertThat(run.data().params()).hasSize(1 + batchesPerRun);
            assertThat(run.data().metrics()).containsExactly(new Metric("loss", 1.0 / 300, 1299, 299));
        }
        String sample = stored.get(0).info().runId();
        assertThat(replicas.get(1).getMetricHistory(sample, "loss")).hasSize(batchesPerRun * 100);
    }

    @Test
    void concurrentBatchesToOneRunFromBothReplicasAllLand() throws Exception {
        String runId = replicas.get(0).createRun("0", "shared", Map.of()).info().runId();
        int batchesPerThread = 20;
        runConcurrently(thread -> {
            for (int b = 0; b < batchesPerThread; b++) {
                int base = (thread * batchesPerThread + b) * 100;
                replicas.get(b % 2).logBatch(runId,
                        IntStream.range(0, 100).mapToObj(s -> new Metric("m", base + s, 1, base + s)).toList(), List.of(), List.of());
            }
        });
        int total = THREADS * batchesPerThread * 100;
        List<Metric> history = replicas.get(1).getMetricHistory(runId, "m");
        assertThat(history).hasSize(total);
        assertThat(history).extracting(Metric::step).doesNotHaveDuplicates();
        assertThat(replicas.get(0).getRun(runId).data().metrics()).containsExactly(new Metric("m", total - 1, 1, total - 1));
    }

    @Test
    void racesForOneExperimentNameOrOneParamHaveExactlyOneWinner() throws Exception {
        int names = 10;
        Map<String, AtomicInteger> wins = new ConcurrentHashMap<>();
        List<String> losers = new ArrayList<>();
        runConcurrently(thread -> {
            for (int n = 0; n < names; n++) {
                String name = "race-" + n;
                try {
                    replicas.get(thread % 2).createExperiment(name, null, Map.of());
                    wins.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                } catch (SlipwayClientException e) {
                    synchronized (losers) {
                        losers.add(e.errorCode());
                    }
                }
            }
        });
        assertThat(wins).hasSize(names).allSatisfy((name, count) -> assertThat(count.get()).as(name).isEqualTo(1));
        assertThat(losers).hasSize((THREADS - 1) * names).containsOnly("RESOURCE_ALREADY_EXISTS");
        assertThat(replicas.get(0).searchExperiments("name LIKE 'race-%'", ViewType.ALL, null, null, null).items()).hasSize(names);

        String runId = replicas.get(0).createRun("0", "param-race", Map.of()).info().runId();
        Set<String> acceptedValues = ConcurrentHashMap.newKeySet();
        runConcurrently(thread -> {
            try {
                replicas.get(thread % 2).logParam(runId, "seed", Integer.toString(thread));
                acceptedValues.add(Integer.toString(thread));
            } catch (SlipwayClientException e) {
                assertThat(e.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
            }
        });
        assertThat(acceptedValues).hasSize(1);
        assertThat(replicas.get(1).getRun(runId).data().params()).containsExactly(new Param("seed", acceptedValues.iterator().next()));
    }

    @Test
    void versionsOfOneModelCreatedThroughBothReplicasAtOnceAreNumberedWithoutGaps() throws Exception {
        List<String> urls = List.of(first.url(), second.url());
        registry(urls.get(0), "registered-models/create", "{\"name\":\"replicated-model\"}");
        int versionsPerThread = 10;
        List<Integer> numbers = Collections.synchronizedList(new ArrayList<>());
        runConcurrently(thread -> {
            for (int i = 0; i < versionsPerThread; i++) {
                JsonNode created = registry(urls.get((thread + i) % 2), "model-versions/create",
                        "{\"name\":\"replicated-model\",\"source\":\"s3://models/replicated\"}");
                numbers.add(Integer.parseInt(created.at("/model_version/version").asText()));
            }
        });
        List<Integer> expected = IntStream.rangeClosed(1, THREADS * versionsPerThread).boxed().toList();
        assertThat(numbers).containsExactlyInAnyOrderElementsOf(expected);
        JsonNode stored = registry(urls.get(1), "model-versions/search",
                "{\"filter\":\"name = 'replicated-model'\",\"order_by\":[\"version_number ASC\"]}");
        assertThat(stored.get("model_versions")).extracting(v -> Integer.parseInt(v.get("version").asText()))
                .containsExactlyElementsOf(expected);
    }

    /** A registry call as MLflow clients make it, in plain HTTP: POSTs {@code json}, expects 200. */
    private JsonNode registry(String baseUrl, String path, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/2.0/mlflow/" + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private interface ThreadBody {
        void run(int thread) throws Exception;
    }

    private void runConcurrently(ThreadBody body) throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit((Callable<Void>) () -> {
                body.run(thread);
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
    }

    private List<Run> allRuns(String experiment) {
        List<Run> runs = new ArrayList<>();
        Set<String> tokens = new HashSet<>();
        String token = null;
        do {
            Page<Run> page = replicas.get(1).searchRuns(List.of(experiment), null, ViewType.ALL, 50, null, token);
            runs.addAll(page.items());
            token = page.nextPageToken();
            assertThat(token == null || tokens.add(token)).isTrue();
        } while (token != null);
        return runs;
    }
}
