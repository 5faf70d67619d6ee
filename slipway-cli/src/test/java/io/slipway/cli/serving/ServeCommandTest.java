package io.slipway.cli.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.api.slipway.PredictionMessages.PredictionView;
import io.slipway.cli.data.CardTransactions;
import io.slipway.cli.data.DataCommand;
import io.slipway.cli.data.TransactionFormat;
import io.slipway.cli.testing.CliRun;
import io.slipway.cli.testing.CliServerTest;
import io.slipway.client.SlipwayClient;
import io.slipway.client.data.AddDatasetOptions;
import io.slipway.client.data.TransferProgress;
import io.slipway.core.data.DatasetVersion;
import io.slipway.server.serving.Replica;
import io.slipway.server.serving.ServingSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway serve}: a replica of one deployment that reads it and its models over the REST
 * API of a real server, answers OIP and MLflow requests, follows an alias move, ships its
 * prediction log to the server, and starts (not ready, retrying) while the server is unreachable.
 */
class ServeCommandTest extends CliServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ServingSettings FAST_SYNC = ServingSettings.defaults().withSyncInterval(Duration.ofMillis(100));
    private static String model;
    private static String oneRow;

    @TempDir
    static Path shared;

    @TempDir
    Path work;

    @BeforeAll
    static void trainTwoVersions() throws IOException {
        Path cards = shared.resolve("cards.csv");
        DataCommand.writeAtomically(new CardTransactions(CardTransactions.Spec.of(1000, 7, 0)), TransactionFormat.CSV, cards);
        DatasetVersion version = client.addDataset(cards, unique("cards"), new AddDatasetOptions("csv", null, null, null, null, null,
                List.of()), TransferProgress.NONE).version();
        model = unique("fraud");
        for (int depth : new int[] {2, 4}) {
            Path spec = Files.writeString(shared.resolve("spec-" + depth + ".yaml"), String.join("\n",
                    "experiment: " + unique("serve"),
                    "data: {train: " + version.name() + "@" + version.version() + "}",
                    "target: is_fraud",
                    "exclude: [transaction_id, timestamp, customer_id]",
                    "task: binary",
                    "xgboost: {params: {max_depth: " + depth + "}, rounds: 10}", ""));
            CliRun run = slipway("train", spec.toString(), "--register", model, "--cache-dir", shared.resolve("cache").toString());
            assertThat(run.exitCode()).as(run.toString()).isZero();
        }
        client.setAlias(model, "champion", "1");
        String csv = Files.readAllLines(cards).get(1);
        List<String> header = List.of(Files.readAllLines(cards).get(0).split(","));
        String[] values = csv.split(",");
        StringBuilder records = new StringBuilder("{\"dataframe_records\": [{");
        boolean first = true;
        for (int i = 0; i < header.size(); i++) {
            if (List.of("transaction_id", "timestamp", "customer_id", "is_fraud").contains(header.get(i))) {
                continue;
            }
            records.append(first ? "" : ", ").append('"').append(header.get(i)).append("\": ");
            String value = values[i];
            records.append(value.matches("-?[0-9.]+|true|false") ? value : "\"" + value + "\"");
            first = false;
        }
        oneRow = records.append("}]}").toString();
    }

    @Test
    void aReplicaServesTheDeploymentFollowsItsAliasAndShipsItsLogToTheServer() throws Exception {
        String deployment = unique("fraud-api");
        client.createDeployment(deployment, "models:/" + model + "@champion", null, null, null);
        ClientServingBackend backend = new ClientServingBackend(client, deployment, work.resolve("cache"));
        try (Replica replica = Replica.start(deployment, backend, backend, FAST_SYNC, "127.0.0.1", 0, 1 << 20, work, "test")) {
            String url = "http://127.0.0.1:" + replica.port();
            assertThat(get(url + "/v2/health/ready").statusCode()).isEqualTo(200);

            HttpResponse<String> answer = post(url + "/invocations", oneRow, "req-a");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.headers().firstValue("X-Model-Version")).hasValue("1");
            double probability = JSON.readTree(answer.body()).at("/predictions/0").asDouble();
            HttpResponse<String> fromServer = post(server.url() + "/deployments/" + deployment + "/invocations", oneRow, "req-s");
            assertThat(JSON.readTree(fromServer.body()).at("/predictions/0").asDouble()).isEqualTo(probability);
            assertThat(post(url + "/deployments/" + deployment + "/invocations", oneRow, "req-b").statusCode()).isEqualTo(200);

            client.setAlias(model, "champion", "2");
            awaitTrue(() -> post(url + "/invocations", oneRow, "req-c").headers().firstValue("X-Model-Version").orElse("").equals("2"));

            replica.predictionLog().flush();
            server.predictionLog().flush();
            List<PredictionView> logged = client.searchPredictions(deployment, null, null, 100, null);
            assertThat(logged).extracting(PredictionView::predictionId).contains("req-a", "req-b", "req-c", "req-s");
            assertThat(logged).filteredOn(p -> p.predictionId().equals("req-a")).singleElement()
                    .satisfies(p -> assertThat(p.modelVersion()).isEqualTo("1"));
        }
    }

    @Test
    void aReplicaStartsWhileTheServerIsUnreachableSaysSoAndRetries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SlipwayClient unreachable = SlipwayClient.connect("http://127.0.0.1:" + closedPort);
        ClientServingBackend backend = new ClientServingBackend(unreachable, "fraud-api", work.resolve("cache"));
        try (Replica replica = Replica.start("fraud-api", backend, backend, FAST_SYNC, "127.0.0.1", 0, 1 << 20, work, "test")) {
            String url = "http://127.0.0.1:" + replica.port();
            assertThat(get(url + "/v2/health/live").statusCode()).isEqualTo(200);
            assertThat(get(url + "/v2/health/ready").statusCode()).isEqualTo(503);
            assertThat(replica.server().backendError()).contains(String.valueOf(closedPort));
            HttpResponse<String> answer = post(url + "/invocations", oneRow, "req-x");
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(answer.body()).get("error").asText()).contains("fraud-api");
        }
    }

    @Test
    void aReplicaOfAnUnknownDeploymentIsNotReadyAndNamesIt() throws Exception {
        ClientServingBackend backend = new ClientServingBackend(client, "nobody-here", work.resolve("cache"));
        try (Replica replica = Replica.start("nobody-here", backend, backend, FAST_SYNC, "127.0.0.1", 0, 1 << 20, work, "test")) {
            assertThat(get("http://127.0.0.1:" + replica.port() + "/v2/health/ready").statusCode()).isEqualTo(503);
            assertThat(replica.server().backendError()).contains("nobody-here");
        }
    }

    @Test
    void serveWithoutADeploymentIsAUsageError() {
        CliRun run = slipway("serve");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--deployment");
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String body, String requestId) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .header("X-Request-Id", requestId).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Polls (a generous cap stops a hung test; it asserts no timing). */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 1500; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("condition not met within 30 s");
    }
}
