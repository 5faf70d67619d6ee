package io.slipway.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Slipway server in its own JVM, started with the CLI exactly as a user would
 * ({@code slipway server}), so that client load and server do not share a heap or a JIT.
 */
final class ServerProcess implements AutoCloseable {
    private static final String READY = "Slipway listening on ";

    private final Process process;
    private final String url;

    private ServerProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    static ServerProcess start(Backend backend, String heap) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap, "-Xmx" + heap,
                "-cp", System.getProperty("java.class.path"),
                "io.slipway.cli.SlipwayCli", "server", "--port", "0", "--data-dir", backend.dataDir.toString()));
        if (backend.backendStoreUri != null) {
            command.add("--backend-store-uri");
            command.add(backend.backendStoreUri);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    int at = line.indexOf(READY);
                    if (at >= 0) {
                        ready.complete(line.substring(at + READY.length()).trim());
                    } else if (line.contains("ERROR") || line.contains("error:")) {
                        System.err.println("[server] " + line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            ready.completeExceptionally(new IllegalStateException("the server exited before it was ready"));
        }, "server-output");
        pump.setDaemon(true);
        pump.start();
        try {
            return new ServerProcess(process, ready.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("Cannot start the server: " + e.getMessage(), e);
        }
    }

    String url() {
        return url;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
