package io.slipway.server.serving;

import static io.slipway.server.serving.PredictionLogFixtures.DAY_ONE;
import static io.slipway.server.serving.PredictionLogFixtures.DAY_TWO;
import static io.slipway.server.serving.PredictionLogFixtures.binary;
import static io.slipway.server.serving.PredictionLogFixtures.multiclass;
import static io.slipway.server.serving.PredictionLogFixtures.regression;
import static io.slipway.server.serving.PredictionLogFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import io.slipway.store.artifact.LocalArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionLogTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private Path artifacts;
    private PredictionLog log;

    @BeforeEach
    void openLog() throws IOException {
        artifacts = Files.createDirectories(dir.resolve("artifacts"));
        log = new PredictionLog(new ArtifactSegmentSink(new LocalArtifactStore(artifacts)), settings(1000), dir.resolve("work"), CLOCK);
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void writesOneTypedRowPerPredictedRowWithItsOwnId() throws Exception {
        log.offer(binary("req-1", DAY_TWO, 0.9, 0.2));
        log.flush();

        List<Map<String, Object>> rows = query("SELECT prediction_id, request_id, epoch_ms(\"timestamp\") AS ts, deployment, model_name,"
                + " model_version, role, latency_ms, prediction, label, probabilities::VARCHAR AS probabilities, inputs.amount AS amount,"
                + " inputs.country AS country FROM read_parquet('" + segments("predictions") + "') ORDER BY prediction_id");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("PREDICTION_ID", "req-1-0").containsEntry("REQUEST_ID", "req-1").containsEntry("TS", DAY_TWO)
                .containsEntry("DEPLOYMENT", "fraud").containsEntry("MODEL_NAME", "fraud").containsEntry("MODEL_VERSION", "3")
                .containsEntry("ROLE", "stable").containsEntry("LATENCY_MS", 2.5).containsEntry("PREDICTION", 0.9)
                .containsEntry("LABEL", "fraud").containsEntry("PROBABILITIES", "[0.09999999999999998, 0.9]")
                .containsEntry("AMOUNT", 100.0).containsEntry("COUNTRY", "FR");
        assertThat(rows.get(1)).containsEntry("PREDICTION_ID", "req-1-1").containsEntry("LABEL", "legit").containsEntry("AMOUNT", 101.0);
        assertThat(log.written()).isEqualTo(2);
        assertThat(log.queued()).isZero();
    }

    @Test
    void writesTheDocumentedColumnTypes() throws Exception {
        log.offer(binary("req-1", DAY_TWO, 0.9));
        log.flush();

        Map<String, Object> types = new LinkedHashMap<>();
        for (Map<String, Object> column : query("DESCRIBE SELECT * FROM read_parquet('" + segments("predictions")
                + "', hive_partitioning = false)")) {
            types.put((String) column.get("COLUMN_NAME"), column.get("COLUMN_TYPE"));
        }
        assertThat(types).containsExactly(Map.entry("prediction_id", "VARCHAR"), Map.entry("request_id", "VARCHAR"),
                Map.entry("timestamp", "TIMESTAMP"), Map.entry("deployment", "VARCHAR"), Map.entry("model_name", "VARCHAR"),
                Map.entry("model_version", "VARCHAR"), Map.entry("role", "VARCHAR"), Map.entry("latency_ms", "DOUBLE"),
                Map.entry("prediction", "DOUBLE"), Map.entry("label", "VARCHAR"), Map.entry("probabilities", "DOUBLE[]"),
                Map.entry("inputs", "STRUCT(amount DOUBLE, country VARCHAR)"));
    }

    @Test
    void logsARegressionWithoutLabelOrProbabilitiesAndMissingInputsAsNull() throws Exception {
        log.offer(regression("req-r", DAY_TWO, 42.5));
        log.flush();

        Map<String, Object> row = query("SELECT prediction_id, prediction, label, probabilities IS NULL AS no_probabilities,"
                + " inputs.amount IS NULL AS no_amount, inputs.country IS NULL AS no_country FROM read_parquet('" + segments("predictions")
                + "')").get(0);
        assertThat(row).containsEntry("PREDICTION_ID", "req-r").containsEntry("PREDICTION", 42.5).containsEntry("LABEL", null)
                .containsEntry("NO_PROBABILITIES", true).containsEntry("NO_AMOUNT", true).containsEntry("NO_COUNTRY", true);
    }

    @Test
    void logsEveryClassProbabilityOfAMulticlassModel() throws Exception {
        log.offer(multiclass("req-m", DAY_TWO));
        log.flush();

        Map<String, Object> row = query("SELECT label, prediction, role, probabilities::VARCHAR AS probabilities FROM read_parquet('"
                + segments("predictions") + "')").get(0);
        assertThat(row).containsEntry("LABEL", "virginica").containsEntry("PREDICTION", 2.0).containsEntry("ROLE", "canary")
                .containsEntry("PROBABILITIES", "[0.1, 0.2, 0.7]");
    }

    @Test
    void partitionsSegmentsByDeploymentAndUtcDate() throws Exception {
        log.offer(binary("late", DAY_ONE, 0.1));
        log.offer(binary("early", DAY_TWO, 0.1));
        log.offer(regression("price", DAY_TWO, 1));
        log.flush();

        assertThat(files("predictions")).hasSize(3).allMatch(path -> path.matches(
                "predictions/deployment=(fraud|prices)/date=2026-11-2[78]/part-" + CLOCK.millis() + "-[0-9a-f]{8}\\.parquet"));
        assertThat(files("predictions")).anyMatch(p -> p.startsWith("predictions/deployment=fraud/date=2026-11-27/"))
                .anyMatch(p -> p.startsWith("predictions/deployment=fraud/date=2026-11-28/"))
                .anyMatch(p -> p.startsWith("predictions/deployment=prices/date=2026-11-28/"));
    }

    @Test
    void writesFeedbackSegments() throws Exception {
        log.offerFeedback(new FeedbackRecord("fraud", "req-1", null, "fraud", DAY_TWO));
        log.offerFeedback(new FeedbackRecord("fraud", null, "tx-9", "legit", DAY_TWO));
        log.flush();

        assertThat(files("feedback")).singleElement().asString().startsWith("feedback/deployment=fraud/date=2026-11-28/part-");
        List<Map<String, Object>> rows = query("SELECT deployment, prediction_id, business_key, ground_truth, epoch_ms(\"timestamp\") AS ts"
                + " FROM read_parquet('" + segments("feedback") + "') ORDER BY ground_truth");
        assertThat(rows.get(0)).containsEntry("DEPLOYMENT", "fraud").containsEntry("PREDICTION_ID", "req-1").containsEntry("BUSINESS_KEY", null)
                .containsEntry("GROUND_TRUTH", "fraud").containsEntry("TS", DAY_TWO);
        assertThat(rows.get(1)).containsEntry("PREDICTION_ID", null).containsEntry("BUSINESS_KEY", "tx-9");
        assertThat(log.written()).isZero();
    }

    @Test
    void cutsSegmentsAtSegmentRows() throws Exception {
        log.close();
        log = new PredictionLog(new ArtifactSegmentSink(new LocalArtifactStore(artifacts)), new PredictionLog.Settings(100, 2,
                Duration.ofMinutes(10)), dir.resolve("work"), CLOCK);
        for (int i = 0; i < 5; i++) {
            log.offer(binary("req-" + i, DAY_TWO, 0.5));
        }
        log.flush();

        assertThat(files("predictions")).hasSize(3);
        assertThat(log.written()).isEqualTo(5);
    }

    @Test
    void writesWhatArrivedWithinTheFlushIntervalWithoutAFlush() throws Exception {
        log.close();
        log = new PredictionLog(new ArtifactSegmentSink(new LocalArtifactStore(artifacts)), new PredictionLog.Settings(100, 1000,
                Duration.ofMillis(50)), dir.resolve("work"), CLOCK);
        log.offer(binary("req-1", DAY_TWO, 0.5));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (log.written() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(log.written()).isEqualTo(1);
    }

    @Test
    void dropsAndCountsRecordsWhenFullWithoutBlocking() throws Exception {
        log.close();
        CountDownLatch storing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        log = new PredictionLog((path, file) -> {
            storing.countDown();
            await(release);
        }, new PredictionLog.Settings(3, 1, Duration.ofMinutes(10)), dir.resolve("work"), CLOCK);

        assertThat(log.offer(binary("a", DAY_TWO, 0.5))).isTrue();
        assertThat(storing.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(log.offer(binary("b", DAY_TWO, 0.5, 0.5))).isTrue();
        assertThat(log.offer(binary("c", DAY_TWO, 0.5))).isFalse();
        assertThat(log.offerFeedback(new FeedbackRecord("fraud", "a", null, "fraud", DAY_TWO))).isFalse();
        assertThat(log.dropped()).isEqualTo(2);
        assertThat(log.queued()).isEqualTo(2);

        release.countDown();
        log.flush();
        assertThat(log.written()).isEqualTo(3);
        assertThat(log.offer(binary("d", DAY_TWO, 0.5))).isTrue();
    }

    @Test
    void countsTheRowsOfASegmentTheSinkRefusesAndGoesOn() throws Exception {
        log.close();
        AtomicInteger calls = new AtomicInteger();
        List<String> stored = Collections.synchronizedList(new ArrayList<>());
        log = new PredictionLog((path, file) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("store down");
            }
            stored.add(path);
        }, settings(100), dir.resolve("work"), CLOCK);

        log.offer(binary("lost", DAY_TWO, 0.5, 0.5));
        log.flush();
        log.offer(binary("kept", DAY_TWO, 0.5));
        log.flush();

        assertThat(log.lost()).isEqualTo(2);
        assertThat(log.written()).isEqualTo(1);
        assertThat(stored).hasSize(1);
        try (Stream<Path> left = Files.list(dir.resolve("work"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void refusesRecordsAfterClose() {
        log.close();

        assertThat(log.offer(binary("late", DAY_TWO, 0.5))).isFalse();
        assertThat(log.dropped()).isEqualTo(1);
    }

    @Test
    void acceptsOnlySegmentPathsUnderPredictionsOrFeedback() {
        assertThat(ArtifactSegmentSink.validate("predictions/deployment=fraud/date=2026-11-28/part-1-ab.parquet").toString())
                .isEqualTo("predictions/deployment=fraud/date=2026-11-28/part-1-ab.parquet");
        for (String bad : List.of("predictions/../x.parquet", "models/x.parquet", "predictions/x.csv", "/predictions/x.parquet",
                "predictions.parquet", "predictions/deployment=fraud/date=2026-13-01/p.parquet",
                "feedback/deployment=/date=2026-11-28/p.parquet", "predictions/deployment=fraud/p.parquet", "")) {
            assertThatThrownBy(() -> ArtifactSegmentSink.validate(bad)).as(bad).isInstanceOf(SlipwayException.class)
                    .hasMessageContaining("path");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String segments(String kind) {
        return artifacts.resolve("serving").resolve(kind) + "/*/*/*.parquet";
    }

    private List<String> files(String kind) throws IOException {
        Path root = artifacts.resolve("serving");
        try (Stream<Path> paths = Files.walk(root.resolve(kind))) {
            return paths.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    static List<Map<String, Object>> query(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnName(i).toUpperCase(java.util.Locale.ROOT), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
