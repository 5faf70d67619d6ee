package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.core.serving.ModelRef;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Task;
import io.slipway.server.serving.PredictionRecord;
import io.slipway.server.testing.TestHttp.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The prediction log over HTTP: feedback in, predictions with their ground truth out, segments from replicas. */
public abstract class AbstractPredictionsApiTest extends AbstractServerTest {
    private static final String PREDICTIONS = "/api/2.0/slipway/predictions/";
    private static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();

    @BeforeEach
    void deployFraud() {
        String runId = http.post("/api/2.0/mlflow/runs/create", "{}").json().at("/run/info/run_id").asText();
        assertThat(http.post("/api/2.0/mlflow/registered-models/create", "{\"name\":\"fraud\"}").status()).isEqualTo(200);
        assertThat(http.post("/api/2.0/mlflow/model-versions/create", "{\"name\":\"fraud\",\"source\":\"runs:/" + runId + "/model\"}")
                .status()).isEqualTo(200);
        server.deployments().create("fraud-live", "models:/fraud/1", null, null, null, "test");
    }

    @Test
    void searchReturnsLoggedPredictionsWithTheirLatestGroundTruth() {
        logTransactions("req-1", 0.9, 0.2);
        Response sent = http.post(PREDICTIONS + "feedback", "{\"deployment\":\"fraud-live\",\"feedback\":["
                + "{\"prediction_id\":\"req-1-0\",\"ground_truth\":\"legit\"},{\"prediction_id\":\"req-1-0\",\"ground_truth\":\"fraud\"}]}");
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.json().get("accepted").asInt()).isEqualTo(2);
        server.predictionLog().flush();

        JsonNode predictions = ok(http.get(PREDICTIONS + "search?deployment=fraud-live&from=" + TODAY + "&to=" + TODAY)).get("predictions");

        assertThat(predictions).hasSize(2);
        JsonNode first = predictions.get(1);
        assertThat(first.get("prediction_id").asText()).isEqualTo("req-1-0");
        assertThat(first.get("request_id").asText()).isEqualTo("req-1");
        assertThat(first.get("deployment").asText()).isEqualTo("fraud-live");
        assertThat(first.get("model_name").asText()).isEqualTo("fraud");
        assertThat(first.get("model_version").asText()).isEqualTo("1");
        assertThat(first.get("role").asText()).isEqualTo("stable");
        assertThat(first.get("latency_ms").asDouble()).isEqualTo(4.0);
        assertThat(first.get("prediction").asDouble()).isEqualTo(0.9);
        assertThat(first.get("label").asText()).isEqualTo("fraud");
        assertThat(first.get("probabilities")).hasSize(2);
        assertThat(first.at("/inputs/tx_id").asText()).isEqualTo("tx-0");
        assertThat(first.at("/inputs/amount").asDouble()).isEqualTo(10.0);
        assertThat(first.get("ground_truth").asText()).isIn("legit", "fraud");
        assertThat(first.has("feedback_timestamp")).isTrue();
        assertThat(predictions.get(0).has("ground_truth")).isFalse();
    }

    @Test
    void feedbackByBusinessKeyJoinsThroughTheKeyColumn() {
        logTransactions("req-2", 0.1, 0.8);
        ok(http.post(PREDICTIONS + "feedback", "{\"deployment\":\"fraud-live\",\"feedback\":[{\"business_key\":\"tx-1\","
                + "\"ground_truth\":\"fraud\"}]}"));
        server.predictionLog().flush();

        JsonNode predictions = ok(http.get(PREDICTIONS + "search?deployment=fraud-live&key_column=tx_id&max_results=10")).get("predictions");

        assertThat(predictions.get(0).get("prediction_id").asText()).isEqualTo("req-2-1");
        assertThat(predictions.get(0).get("ground_truth").asText()).isEqualTo("fraud");
        assertThat(predictions.get(1).has("ground_truth")).isFalse();
    }

    @Test
    void feedbackNamesTheBadField() {
        assertBadRequest(feedback("[{\"ground_truth\":\"fraud\"}]"), "feedback[0].prediction_id");
        assertBadRequest(feedback("[{\"prediction_id\":\"a\",\"business_key\":\"b\",\"ground_truth\":\"fraud\"}]"),
                "feedback[0].prediction_id");
        assertBadRequest(feedback("[{\"prediction_id\":\"a\",\"ground_truth\":\"\"}]"), "feedback[0].ground_truth");
        assertBadRequest(feedback("[]"), "feedback");
        assertBadRequest(feedback("[" + "{\"prediction_id\":\"a\",\"ground_truth\":\"x\"},".repeat(1000)
                + "{\"prediction_id\":\"a\",\"ground_truth\":\"x\"}]"), "feedback");
        assertBadRequest(http.post(PREDICTIONS + "feedback", "{\"feedback\":[]}"), "deployment");
    }

    @Test
    void unknownDeploymentsAreNotFound() {
        Response feedback = http.post(PREDICTIONS + "feedback", "{\"deployment\":\"nope\",\"feedback\":[{\"prediction_id\":\"a\","
                + "\"ground_truth\":\"x\"}]}");
        assertThat(feedback.status()).as(feedback.toString()).isEqualTo(404);
        assertThat(http.get(PREDICTIONS + "search?deployment=nope").status()).isEqualTo(404);
        assertThat(http.put(PREDICTIONS + "segments/predictions/deployment=nope/date=2026-11-28/part-1-a.parquet", parquet()).status())
                .isEqualTo(404);
    }

    @Test
    void searchRefusesBadDatesAndLimits() {
        assertBadRequest(http.get(PREDICTIONS + "search?deployment=fraud-live&from=yesterday"), "from");
        assertBadRequest(http.get(PREDICTIONS + "search?deployment=fraud-live&from=2026-11-28&to=2026-11-01"), "from");
        assertBadRequest(http.get(PREDICTIONS + "search?deployment=fraud-live&to=%2B999999999-12-31"), "to");
        assertBadRequest(http.get(PREDICTIONS + "search?deployment=fraud-live&from=2020-01-01&to=2026-01-01"), "from");
        assertBadRequest(http.get(PREDICTIONS + "search?deployment=fraud-live&max_results=0"), "max_results");
        assertBadRequest(http.get(PREDICTIONS + "search?deployment=fraud-live&max_results=10001"), "max_results");
        logTransactions("req-3", 0.5);
        server.predictionLog().flush();
        assertBadRequest(http.get(PREDICTIONS + "search?deployment=fraud-live&key_column=nope"), "key_column");
    }

    @Test
    void aReplicaUploadsASegmentThatSearchThenReads() throws IOException {
        Response stored = http.put(PREDICTIONS + "segments/predictions/deployment=fraud-live/date=" + TODAY + "/part-1-replica.parquet",
                parquet());

        assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
        assertThat(stored.json().get("path").asText()).isEqualTo("predictions/deployment=fraud-live/date=" + TODAY + "/part-1-replica.parquet");
        JsonNode predictions = ok(http.get(PREDICTIONS + "search?deployment=fraud-live")).get("predictions");
        assertThat(predictions).hasSize(1);
        assertThat(predictions.get(0).get("prediction_id").asText()).isEqualTo("replica-1");
    }

    @Test
    void segmentUploadsRefuseBadPathsAndBodies() throws IOException {
        for (String path : List.of("models/deployment=fraud-live/date=2026-11-28/p.parquet", "predictions/deployment=fraud-live/p.parquet",
                "predictions/deployment=fraud-live/date=2026-11-28/p.csv", "predictions/..%2F..%2Fx.parquet",
                "predictions/deployment=fraud-live/date=2026-11-28/%2e%2e/p.parquet")) {
            Response response = http.put(PREDICTIONS + "segments/" + path, parquet());
            assertThat(response.status()).as(path + " -> " + response).isEqualTo(400);
        }
        assertBadRequest(http.put(PREDICTIONS + "segments/predictions/deployment=fraud-live/date=2026-11-28/p.parquet",
                "not parquet at all".getBytes()), "Parquet");
        assertBadRequest(http.put(PREDICTIONS + "segments/predictions/deployment=fraud-live/date=2026-11-28/p.parquet",
                otherParquet()), "columns");
        assertBadRequest(http.put(PREDICTIONS + "segments/feedback/deployment=fraud-live/date=2026-11-28/p.parquet", parquet()),
                "columns");
    }

    @Test
    void aFullQueueAnswers503WithRetryAfter() {
        // the server's queue holds 65536 rows: a request bigger than what is left of it is refused whole
        int rows = 65_536;
        double[] values = new double[rows];
        server.predictionLog().offer(new PredictionRecord("big", Clock.systemUTC().millis(), "fraud-live", new ModelRef("fraud", "1"),
                PredictionRecord.STABLE, Frame.of(Map.of("amount", new Column.Numbers(values))), new Predictions(Task.REGRESSION, List.of(),
                        values, null), 1));

        Response response = feedback("[{\"prediction_id\":\"a\",\"ground_truth\":\"x\"}]");

        if (server.predictionLog().queued() > 0) {
            assertThat(response.status()).as(response.toString()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isNotBlank();
        }
    }

    private Response feedback(String items) {
        return http.post(PREDICTIONS + "feedback", "{\"deployment\":\"fraud-live\",\"feedback\":" + items + "}");
    }

    /** Logs one request of transactions {@code tx-0}, {@code tx-1}... with their fraud probabilities, as the serving runtime would. */
    private void logTransactions(String requestId, double... fraud) {
        double[] amounts = new double[fraud.length];
        String[] ids = new String[fraud.length];
        double[] probabilities = new double[fraud.length * 2];
        for (int i = 0; i < fraud.length; i++) {
            amounts[i] = 10 * (i + 1);
            ids[i] = "tx-" + i;
            probabilities[2 * i] = 1 - fraud[i];
            probabilities[2 * i + 1] = fraud[i];
        }
        Map<String, Column> columns = new LinkedHashMap<>();
        columns.put("tx_id", new Column.Texts(ids));
        columns.put("amount", new Column.Numbers(amounts));
        assertThat(server.predictionLog().offer(new PredictionRecord(requestId, Clock.systemUTC().millis(), "fraud-live",
                new ModelRef("fraud", "1"), PredictionRecord.STABLE, Frame.of(columns),
                new Predictions(Task.BINARY, List.of("legit", "fraud"), fraud, probabilities), 4_000_000))).isTrue();
    }

    /** A one-row prediction segment as a replica's log writes it. */
    private byte[] parquet() {
        Path dir = dataDir.resolve("replica");
        Path[] written = new Path[1];
        try (var log = new io.slipway.server.serving.PredictionLog((path, file) -> {
            try {
                written[0] = Files.copy(file, dir.resolve("segment.parquet"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, io.slipway.server.serving.PredictionLog.Settings.defaults(), dir.resolve("work"), Clock.systemUTC())) {
            Map<String, Column> columns = Map.of("amount", new Column.Numbers(new double[] {5}));
            log.offer(new PredictionRecord("replica-1", Clock.systemUTC().millis(), "fraud-live", new ModelRef("fraud", "1"),
                    PredictionRecord.STABLE, Frame.of(columns), new Predictions(Task.REGRESSION, List.of(), new double[] {1}, null), 1));
            log.flush();
            return Files.readAllBytes(written[0]);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A Parquet file that is no segment. */
    private byte[] otherParquet() throws IOException {
        Path file = dataDir.resolve("other.parquet");
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT 1 AS x) TO '" + file + "' (FORMAT parquet)");
        } catch (java.sql.SQLException e) {
            throw new IOException(e);
        }
        return Files.readAllBytes(file);
    }

    private static void assertBadRequest(Response response, String named) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("message").asText()).contains(named);
    }

    private static JsonNode ok(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
