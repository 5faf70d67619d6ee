package io.slipway.cli.testing;

import io.slipway.cli.ServerCommand;
import io.slipway.cli.SlipwayCli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code slipway server} in a child JVM, started the way scripts and other modules' tests start
 * it: {@code java -cp <classpath> io.slipway.cli.SlipwayCli server --port 0 ...}, then read the
 * {@code Slipway listening on} line.
 */
public final class ServerProcess implements AutoCloseable {
    /** Generous bounds for a JVM to start or stop; they only keep a broken build from hanging. */
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final long STOP_TIMEOUT_SECONDS = 60;

    private final Process process;
    private final Path stderr;
    private final StringBuffer stdout = new StringBuffer();
    private final CompletableFuture<String> url = new CompletableFuture<>();
    private final Thread reader;

    private ServerProcess(Process process, Path stderr) {
        this.process = process;
        // a test that fails before it closes its server must not leave the child running
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-server-" + process.pid()));
        this.stderr = stderr;
        this.reader = new Thread(this::readStdout, "server-process-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    public static ServerProcess start(Path workDir, Map<String, String> environment, String... serverArgs) throws IOException {
        return start(workDir, environment, List.of(), serverArgs);
    }

    /** As {@link #start(Path, Map, String...)}, with options for the child JVM (e.g. {@code -Xmx2g}). */
    public static ServerProcess start(Path workDir, Map<String, String> environment, List<String> jvmOptions, String... serverArgs)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        // name the configuration: in a reactor build several modules' logback-test.xml are on the class path, and
        // logback, finding more than one, prints its status (warnings included) on the server's stdout
        String logbackConfig = System.getProperty("logback.configurationFile");
        java.net.URL testConfig = ServerProcess.class.getResource("/logback-test.xml");
        if (logbackConfig != null) {
            command.add("-Dlogback.configurationFile=" + logbackConfig);
        } else if (testConfig != null) {
            command.add("-Dlogback.configurationFile=" + testConfig);
        }
        command.add(SlipwayCli.class.getName());
        command.add("server");
        command.addAll(Arrays.asList(serverArgs));
        Path stderr = Files.createTempFile(workDir, "server-", ".stderr");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        return new ServerProcess(builder.start(), stderr);
    }

    /** The URL from the {@code Slipway listening on} line; fails if the server exits first. */
    public String url() throws Exception {
        return url.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Sends SIGTERM, as an operator or a process supervisor would, and waits for the exit code. */
    public int terminate() throws Exception {
        // Process.destroy() would also close our end of its stdout, hiding what it prints while stopping
        process.toHandle().destroy();
        if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("The server did not stop on SIGTERM\n" + diagnostics());
        }
        reader.join(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
        return process.exitValue();
    }

    /** The operating-system process id, e.g. to {@code kill -9} it. */
    public long pid() {
        return process.pid();
    }

    /** Kills the server with SIGKILL, as a crash or the OOM killer would, and waits for it to go. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("The server did not die on SIGKILL");
        }
    }

    public List<String> stdoutLines() {
        return stdout.toString().lines().toList();
    }

    /** What the server logged so far (its logs go to stderr). */
    public String stderr() throws IOException {
        return Files.readString(stderr);
    }

    public String diagnostics() throws IOException {
        return "--- stdout\n" + stdout + "--- stderr\n" + Files.readString(stderr);
    }

    private void readStdout() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                stdout.append(line).append('\n');
                if (line.startsWith(ServerCommand.LISTENING_PREFIX)) {
                    url.complete(line.substring(ServerCommand.LISTENING_PREFIX.length()));
                }
            }
        } catch (IOException e) {
            url.completeExceptionally(e);
        }
        try {
            url.completeExceptionally(new AssertionError("The server exited without listening\n" + diagnostics()));
        } catch (IOException e) {
            url.completeExceptionally(e);
        }
    }

    /** Kills the server if a test left it running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
