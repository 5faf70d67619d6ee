package io.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.cli.testing.CliRun;
import io.slipway.cli.testing.ServerProcess;
import io.slipway.client.SlipwayClient;
import io.slipway.core.artifacts.ArtifactPath;
import io.slipway.core.artifacts.ArtifactStore;
import io.slipway.core.SlipwayException;
import io.slipway.core.identity.Permission;
import io.slipway.server.AuthConfig;
import io.slipway.server.SlipwayConfig;
import io.slipway.server.testing.TestHttp;
import io.slipway.store.artifact.ArtifactStores;
import io.slipway.store.artifact.S3Options;
import io.slipway.store.testing.S3ProxyServer;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCommandTest {
    @TempDir
    Path dir;

    // ---- options ----

    @Test
    void defaultsAreTheEmbeddedServerOnLocalhost() {
        SlipwayConfig config = parse().config(Map.of());

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(5050);
        assertThat(config.dataDir()).isEqualTo(Path.of("slipway-data"));
        assertThat(config.backendStoreUri()).isNull();
        assertThat(config.artifactsDestination()).isNull();
        assertThat(config.s3().endpoint()).isNull();
        assertThat(config.s3().pathStyleAccess()).isFalse();
        assertThat(config.maxRequestBodyBytes()).isEqualTo(16L * 1024 * 1024);
    }

    @Test
    void optionsUseMlflowNames() {
        SlipwayConfig config = parse("--host", "0.0.0.0", "--port", "8080", "--data-dir", "/var/lib/slipway",
                "--backend-store-uri", "postgresql://u:p@db:5432/slipway", "--artifacts-destination", "s3://bucket/prefix",
                "--s3-endpoint-url", "http://minio:9000", "--max-request-body", "2048").config(Map.of());

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/slipway"));
        assertThat(config.backendStoreUri()).isEqualTo("postgresql://u:p@db:5432/slipway");
        assertThat(config.artifactsDestination()).isEqualTo("s3://bucket/prefix");
        assertThat(config.s3().endpoint()).isEqualTo(URI.create("http://minio:9000"));
        assertThat(config.s3().pathStyleAccess()).isTrue();
        assertThat(config.maxRequestBodyBytes()).isEqualTo(2048);
    }

    @Test
    void s3EndpointComesFromTheEnvironmentWhenNotGiven() {
        Map<String, String> both = Map.of("MLFLOW_S3_ENDPOINT_URL", "http://mlflow-style:9000", "AWS_ENDPOINT_URL", "http://aws-style:9000");

        assertThat(parse().config(both).s3().endpoint()).isEqualTo(URI.create("http://mlflow-style:9000"));
        assertThat(parse().config(Map.of("AWS_ENDPOINT_URL", "http://aws-style:9000")).s3().endpoint())
                .isEqualTo(URI.create("http://aws-style:9000"));
        assertThat(parse("--s3-endpoint-url", "http://option:9000").config(both).s3().endpoint())
                .isEqualTo(URI.create("http://option:9000"));
    }

    @Test
    void pathStyleCanBeSwitchedEitherWay() {
        assertThat(parse("--s3-endpoint-url", "http://minio:9000", "--no-s3-path-style").config(Map.of()).s3().pathStyleAccess()).isFalse();
        assertThat(parse("--s3-path-style").config(Map.of()).s3().pathStyleAccess()).isTrue();
    }

    @Test
    void invalidBackendStoreUriIsOneClearLine() {
        CliRun run = CliRun.of("server", "--port", "0", "--data-dir", dir.toString(), "--backend-store-uri", "mysql://db/slipway");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: INVALID_PARAMETER_VALUE: Invalid backend store URI 'mysql://db/slipway'")
                .contains("sqlite:///").hasLineCount(1);
        assertThat(run.out()).doesNotContain(ServerCommand.LISTENING_PREFIX);
    }

    @Test
    void unsupportedArtifactsDestinationIsOneClearLine() {
        CliRun run = CliRun.of("server", "--port", "0", "--data-dir", dir.toString(), "--artifacts-destination", "gs://bucket");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: INVALID_PARAMETER_VALUE: Invalid artifacts destination 'gs://bucket'").hasLineCount(1);
    }

    @Test
    void portOutOfRangeIsOneClearLine() {
        CliRun run = CliRun.of("server", "--port", "70000", "--data-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: INVALID_PARAMETER_VALUE: Invalid --port 70000: it must be between 0 and 65535.\n");
    }

    @Test
    void nonNumericPortIsAUsageError() {
        CliRun run = CliRun.of("server", "--port", "http");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: Invalid value for option '--port': 'http' is not an int").hasLineCount(1);
    }

    // ---- as a process ----

    @Test
    void withAuthAndNoUsersItPrintsABootstrapTokenForTheFirstAdminOnce() throws Exception {
        Path data = dir.resolve("data");
        try (ServerProcess server = ServerProcess.start(dir, Map.of(), "--port", "0", "--auth", "--data-dir", data.toString())) {
            TestHttp http = new TestHttp(server.url());
            Matcher printed = Pattern.compile("slw_[A-Za-z0-9_-]{43}").matcher(server.stderr());
            assertThat(printed.find()).as(server.diagnostics()).isTrue();
            assertThat(http.get("/api/2.0/mlflow/experiments/get?experiment_id=0").status()).isEqualTo(401);
            TestHttp.Response me = http.withToken(printed.group()).get("/api/2.0/slipway/users/me");
            assertThat(me.json().at("/user/username").asText()).isEqualTo("admin");
            assertThat(me.json().at("/user/admin").asBoolean()).isTrue();
            server.terminate();
        }
        try (ServerProcess again = ServerProcess.start(dir, Map.of(), "--port", "0", "--auth", "--data-dir", data.toString())) {
            again.url();
            assertThat(again.stderr()).doesNotContain("slw_").doesNotContain("bootstrap token");
            again.terminate();
        }
    }

    @Test
    void theFirstAdminAndTheirTokenCanComeFromTheEnvironment() throws Exception {
        String token = "ops-token-from-the-secret-store-0123456789";
        try (ServerProcess server = ServerProcess.start(dir, Map.of("SLIPWAY_ADMIN_USER", "ops", "SLIPWAY_ADMIN_TOKEN", token),
                "--port", "0", "--auth", "--data-dir", dir.resolve("data").toString())) {
            TestHttp.Response me = new TestHttp(server.url()).withToken(token).get("/api/2.0/slipway/users/me");
            assertThat(me.json().at("/user/username").asText()).as(me.toString()).isEqualTo("ops");
            assertThat(server.stderr()).doesNotContain(token);
            server.terminate();
        }
    }

    @Test
    void withoutAuthItWarnsThatEverythingIsOpen() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, Map.of(), "--port", "0", "--data-dir", dir.resolve("data").toString())) {
            server.url();
            assertThat(server.stderr()).contains("AUTHENTICATION IS OFF");
            server.terminate();
        }
    }

    @Test
    void aShortAdminTokenFromTheEnvironmentIsRefused() {
        assertThatThrownBy(() -> parse("--auth").config(Map.of("SLIPWAY_ADMIN_TOKEN", "short")))
                .isInstanceOf(SlipwayException.class).hasMessageContaining("32 to 256 printable ASCII characters");
    }

    @Test
    void authOptionsBecomeTheAuthConfiguration() {
        AuthConfig auth = parse("--auth", "--default-permission", "NO_PERMISSIONS", "--protected-aliases", "prod,gold",
                "--required-approvals", "2").config(Map.of()).auth();
        assertThat(auth.enabled()).isTrue();
        assertThat(auth.defaultPermission()).isEqualTo(Permission.NO_PERMISSIONS);
        assertThat(auth.enforcedProtectedAliases()).containsExactlyInAnyOrder("prod", "gold");
        assertThat(auth.requiredApprovals()).isEqualTo(2);
        assertThat(parse().config(Map.of()).auth().enabled()).isFalse();
        assertThatThrownBy(() -> parse("--required-approvals", "0").config(Map.of())).hasMessageContaining("--required-approvals");
    }

    @Test
    void announcesItsPortServesAndStopsOnSigterm() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, Map.of(), "--port", "0", "--data-dir", dir.resolve("data").toString())) {
            String url = server.url();

            assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+");
            assertThat(new TestHttp(url).get("/health").body()).isEqualTo("OK");
            assertThat(CliRun.of("experiments", "create", "from-the-cli", "--tracking-uri", url).exitCode()).isZero();

            server.terminate();
            assertThat(server.stdoutLines()).as(server.diagnostics()).containsExactly(
                    "Slipway 0.1.0 serving on " + url + " (metadata: SQLite " + dir.resolve("data/slipway.db")
                            + ", artifacts: " + dir.resolve("data/artifacts").toUri() + ")",
                    "Slipway listening on " + url,
                    "Slipway stopped.");
        }
    }

    @Test
    void keepsArtifactsInS3WithCredentialsFromTheEnvironment() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start()) {
            s3.createBucket("slipway-artifacts");
            Map<String, String> awsEnvironment = Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey(),
                    "AWS_REGION", s3.region());
            try (ServerProcess server = ServerProcess.start(dir, awsEnvironment, "--port", "0", "--data-dir", dir.resolve("data").toString(),
                    "--artifacts-destination", "s3://slipway-artifacts/team", "--s3-endpoint-url", s3.endpoint().toString())) {
                String url = server.url();
                SlipwayClient client = SlipwayClient.connect(url);
                String experimentId = client.createExperiment("s3-backed", null, null);
                String runId = client.createRun(experimentId, "s3", Map.of()).info().runId();
                Path file = Files.writeString(dir.resolve("model.txt"), "weights");

                CliRun upload = CliRun.of("artifacts", "upload", runId, file.toString(), "--tracking-uri", url);

                assertThat(upload.exitCode()).as(upload.toString()).isZero();
                assertThat(server.stdoutLines().get(0)).contains("artifacts: s3://slipway-artifacts/team");
                assertThat(readFromS3(s3, experimentId + "/" + runId + "/artifacts/model.txt")).isEqualTo("weights");
            }
        }
    }

    private static String readFromS3(S3ProxyServer s3, String path) throws Exception {
        S3Options options = S3Options.builder().endpoint(s3.endpoint()).region(s3.region()).credentials(s3.accessKey(), s3.secretKey()).build();
        try (ArtifactStore bucket = ArtifactStores.open("s3://slipway-artifacts/team", options);
                InputStream content = bucket.read(ArtifactPath.parse(path, "path")).orElseThrow()) {
            return new String(content.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static ServerCommand parse(String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "server";
        System.arraycopy(options, 0, args, 1, options.length);
        return SlipwayCli.createCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .parseArgs(args).subcommand().commandSpec().commandLine().getCommand();
    }
}
