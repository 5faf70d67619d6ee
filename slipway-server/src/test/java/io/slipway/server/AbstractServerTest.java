package io.slipway.server;

import io.slipway.server.testing.TestBackend;
import io.slipway.server.testing.TestHttp;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A real server on a free port for each test, on the backend a subclass chooses. */
public abstract class AbstractServerTest {
    @TempDir
    protected Path dataDir;

    private TestBackend backend;
    protected Slipway server;
    protected TestHttp http;

    /** The storage combination under test. */
    protected abstract TestBackend backend(Path dataDir);

    /** What the server is started with; tests that need more than the backend's defaults (auth, limits) override it. */
    protected SlipwayConfig configure(SlipwayConfig config) {
        return config;
    }

    @BeforeEach
    void startServer() {
        backend = backend(dataDir);
        server = Slipway.start(configure(backend.config()));
        http = new TestHttp(server.url());
    }

    @AfterEach
    void stopServer() {
        try {
            server.close();
        } finally {
            backend.close();
        }
    }

    /** The status of a request sent as raw bytes, for requests no HTTP client library would send. */
    protected int rawRequestStatus(String requestLine) {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
