package io.slipway.client;

import static io.slipway.client.ClientAssertions.assertClientError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Connecting to a server: URI checks, and what a caller sees when nothing, or something other than Slipway, answers. */
class SlipwayClientConnectionTest {
    /** A loopback port that was free a moment ago and has no listener now. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Runs {@code test} against an HTTP server that answers every request with {@code status} and {@code body}. */
    private static void withServerAnswering(int status, String contentType, String body, ThrowingConsumer<SlipwayClient> test) throws Throwable {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        try {
            test.accept(SlipwayClient.connect("http://127.0.0.1:" + server.getAddress().getPort()));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void reportsNonJsonErrorWithItsStatus() throws Throwable {
        withServerAnswering(502, "text/plain", "Bad Gateway", client ->
                assertClientError(502, "HTTP_502", () -> client.getExperiment("0"))
                        .hasMessage("GET /api/2.0/mlflow/experiments/get answered 502: Bad Gateway"));
    }

    @Test
    void readsErrorCodeAndMessageOfJsonError() throws Throwable {
        withServerAnswering(403, "application/json", "{\"error_code\": \"PERMISSION_DENIED\", \"message\": \"Not yours.\"}", client ->
                assertClientError(403, "PERMISSION_DENIED", () -> client.getExperiment("0"))
                        .hasMessage("Not yours."));
    }

    @Test
    void reportsUnparsableAnswerOfReachableServerAsSuch() throws Throwable {
        withServerAnswering(200, "text/html", "<html>login</html>", client ->
                assertThatThrownBy(() -> client.getExperiment("0"))
                        .isInstanceOfSatisfying(SlipwayClientException.class, e -> assertThat(e.errorCode()).isNotEqualTo("UNREACHABLE"))
                        .hasMessageNotContaining("Cannot reach the Slipway server"));
    }

    @Test
    void reportsUnreachableServer() throws IOException {
        String uri = "http://127.0.0.1:" + closedPort();
        SlipwayClient client = SlipwayClient.connect(uri);

        assertClientError(0, "UNREACHABLE", () -> client.getExperiment("0"))
                .hasMessageContaining("Cannot reach the Slipway server at " + uri + " (connection refused)")
                .hasMessageContaining("Is it running?")
                .hasMessageContaining(SlipwayClient.TRACKING_URI_ENV);
    }

    @Test
    void describesUnreachableServerWithoutStatus() throws IOException {
        SlipwayClient client = SlipwayClient.connect("http://127.0.0.1:" + closedPort());
        assertThatThrownBy(() -> client.findExperimentByName("x")).asString().startsWith("UNREACHABLE: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com:21", "file:///tmp/mlruns", "localhost:5050", "databricks", "http:///no-host"})
    void rejectsNonHttpUri(String uri) {
        assertThatThrownBy(() -> SlipwayClient.connect(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid tracking URI '" + uri + "': expected http://host:port");
    }

    @Test
    void rejectsMalformedUri() {
        assertThatThrownBy(() -> SlipwayClient.connect("http://exa mple:5050"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid tracking URI 'http://exa mple:5050': ");
    }

    @Test
    void rejectsNullUri() {
        assertThatThrownBy(() -> SlipwayClient.connect(null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:5050", "https://tracking.example.com"})
    void acceptsHttpAndHttps(String uri) {
        assertThat(SlipwayClient.connect(uri).trackingUri()).isEqualTo(URI.create(uri));
    }

    @Test
    void dropsTrailingSlash() {
        assertThat(SlipwayClient.connect("http://127.0.0.1:5050/").trackingUri()).isEqualTo(URI.create("http://127.0.0.1:5050"));
    }
}
