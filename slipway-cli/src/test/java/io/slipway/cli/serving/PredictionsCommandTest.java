package io.slipway.cli.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.cli.testing.CliRun;
import io.slipway.cli.testing.CliServerTest;
import io.slipway.core.serving.ModelRef;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Task;
import io.slipway.server.serving.PredictionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway predictions} and {@code slipway feedback} against a real server's prediction log. */
class PredictionsCommandTest extends CliServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String model;

    @TempDir
    Path local;

    @BeforeAll
    static void registerModel() {
        model = unique("fraud");
        String runId = client.createRun(newExperiment(), null, Map.of()).info().runId();
        client.createRegisteredModel(model, null, Map.of());
        client.createModelVersion(model, "runs:/" + runId + "/model", runId, null, Map.of());
    }

    @Test
    void feedbackByIdShowsInThePredictionsTable() {
        String deployment = deploy();
        log(deployment, "req-1", "tx-1", 0.9);

        CliRun sent = slipway("feedback", deployment, "--id", "req-1", "--truth", "fraud");
        server.predictionLog().flush();
        CliRun listed = slipway("predictions", deployment);

        assertThat(sent.exitCode()).as(sent.toString()).isZero();
        assertThat(sent.out()).isEqualTo("Sent 1 feedback item for deployment '" + deployment + "'.\n");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        List<String> lines = listed.out().lines().toList();
        assertThat(lines.get(0).split("\\s{2,}")).containsExactly("TIME", "PREDICTION ID", "MODEL", "ROLE", "PREDICTION", "LATENCY MS",
                "GROUND TRUTH");
        assertThat(lines.get(1)).containsPattern("req-1\\s+" + model + "/1\\s+stable\\s+fraud\\s+2\\s+fraud$");
    }

    @Test
    void feedbackFromACsvFileIsJoinedByBusinessKeyAsJson() throws IOException {
        String deployment = deploy();
        log(deployment, "req-1", "tx-1", 0.9);
        log(deployment, "req-2", "tx-2", 0.1);
        Path labels = Files.writeString(local.resolve("labels.csv"), "business_key,ground_truth\ntx-1,legit\n\"tx-2\",\"fraud, confirmed\"\n");

        CliRun sent = slipway("feedback", deployment, "--file", labels.toString(), "-o", "json");
        server.predictionLog().flush();
        CliRun listed = slipway("predictions", deployment, "--key-column", "tx_id", "--max", "10", "-o", "json");

        assertThat(sent.exitCode()).as(sent.toString()).isZero();
        assertThat(sent.out()).contains("\"accepted\" : 2");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        JsonNode predictions = JSON.readTree(listed.out()).get("predictions");
        assertThat(predictions).hasSize(2);
        assertThat(predictions.get(0).get("prediction_id").asText()).isEqualTo("req-2");
        assertThat(predictions.get(0).get("ground_truth").asText()).isEqualTo("fraud, confirmed");
        assertThat(predictions.get(1).get("ground_truth").asText()).isEqualTo("legit");
    }

    @Test
    void aLargeCsvIsSentInChunks() throws IOException {
        String deployment = deploy();
        StringBuilder csv = new StringBuilder("prediction_id,ground_truth\n");
        for (int i = 0; i < 2500; i++) {
            csv.append("p-").append(i).append(",1\n");
        }
        Path labels = Files.writeString(local.resolve("many.csv"), csv);

        CliRun sent = slipway("feedback", deployment, "--file", labels.toString());

        assertThat(sent.exitCode()).as(sent.toString()).isZero();
        assertThat(sent.out()).startsWith("Sent 2500 feedback items");
    }

    @Test
    void badInputIsOneErrorLine() throws IOException {
        String deployment = deploy();
        Path noTruth = Files.writeString(local.resolve("bad.csv"), "prediction_id,label\np,1\n");
        Path emptyTruth = Files.writeString(local.resolve("empty.csv"), "prediction_id,ground_truth\np,\n");

        assertFailsWithOneLine(slipway("predictions", "no-such-deployment"), "RESOURCE_DOES_NOT_EXIST");
        assertFailsWithOneLine(slipway("feedback", "no-such-deployment", "--id", "p", "--truth", "x"), "RESOURCE_DOES_NOT_EXIST");
        assertFailsWithOneLine(slipway("feedback", deployment, "--file", noTruth.toString()), "ground_truth");
        assertFailsWithOneLine(slipway("feedback", deployment, "--file", emptyTruth.toString()), "line 2: empty ground_truth");
        assertFailsWithOneLine(slipway("feedback", deployment, "--file", local.resolve("missing.csv").toString()), "No such file");
        assertFailsWithOneLine(slipway("predictions", deployment, "--max", "0"), "max_results");
        log(deployment, "req-1", "tx-1", 0.9);
        assertFailsWithOneLine(slipway("predictions", deployment, "--key-column", "nope"), "key_column");
    }

    @Test
    void aWrongCommandLineIsAUsageError() {
        String deployment = deploy();

        CliRun noTruth = slipway("feedback", deployment, "--id", "p");
        CliRun both = slipway("feedback", deployment, "--id", "p", "--key", "k", "--truth", "x");
        CliRun badDate = slipway("predictions", deployment, "--from", "yesterday");

        for (CliRun run : List.of(noTruth, both, badDate)) {
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).startsWith("error: ").hasLineCount(1);
        }
        assertThat(noTruth.err()).contains("--truth");
    }

    private static void assertFailsWithOneLine(CliRun run, String message) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: ").contains(message).hasLineCount(1);
    }

    private static String deploy() {
        String name = unique("live");
        server.deployments().create(name, "models:/" + model + "/1", null, null, null, "test");
        return name;
    }

    private static void log(String deployment, String requestId, String txId, double fraud) {
        Map<String, Column> columns = new LinkedHashMap<>();
        columns.put("tx_id", new Column.Texts(new String[] {txId}));
        columns.put("amount", new Column.Numbers(new double[] {12.5}));
        assertThat(server.predictionLog().offer(new PredictionRecord(requestId, Clock.systemUTC().millis(), deployment, new ModelRef(model,
                "1"), PredictionRecord.STABLE, Frame.of(columns), new Predictions(Task.BINARY, List.of("legit", "fraud"),
                        new double[] {fraud}, new double[] {1 - fraud, fraud}), 2_000_000))).isTrue();
        server.predictionLog().flush();
    }
}
