package io.slipway.cli;

import io.slipway.core.identity.Permission;
import io.slipway.server.AuthConfig;
import io.slipway.server.Slipway;
import io.slipway.server.SlipwayConfig;
import io.slipway.store.artifact.S3Options;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code slipway server}: one Slipway process until SIGTERM or Ctrl-C. Once it listens it prints
 * {@value #LISTENING_PREFIX}{@code http://HOST:PORT} on a line of its own, which scripts and
 * tests that start it with {@code --port 0} read to find the port.
 */
@Command(name = "server", description = "Runs the Slipway server (MLflow-compatible tracking API and artifact proxy) until stopped.")
public final class ServerCommand implements Callable<Integer> {
    public static final String LISTENING_PREFIX = "Slipway listening on ";
    static final String[] S3_ENDPOINT_VARIABLES = {"MLFLOW_S3_ENDPOINT_URL", "AWS_ENDPOINT_URL"};

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = SlipwayConfig.DEFAULT_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + SlipwayConfig.DEFAULT_PORT,
            description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "slipway-data",
            description = "Home of the embedded defaults: slipway.db and artifacts/ (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--backend-store-uri", paramLabel = "URI",
            description = "Metadata database: sqlite:///path.db or postgresql://user:password@host:5432/db "
                    + "(default: SQLite in the data directory).")
    String backendStoreUri;

    @Option(names = "--artifacts-destination", paramLabel = "URI",
            description = "Where artifacts are kept: a path or s3://bucket/prefix (default: artifacts/ in the data directory).")
    String artifactsDestination;

    @Option(names = "--s3-endpoint-url", paramLabel = "URL",
            description = "S3-compatible endpoint, e.g. MinIO (default: $MLFLOW_S3_ENDPOINT_URL, else $AWS_ENDPOINT_URL, else AWS). "
                    + "Credentials and region come from the AWS environment (AWS_ACCESS_KEY_ID, AWS_REGION, ...).")
    URI s3EndpointUrl;

    @Option(names = "--s3-path-style", negatable = true,
            description = "Address buckets as http://endpoint/bucket rather than http://bucket.endpoint "
                    + "(default: on when an endpoint is set).")
    Boolean s3PathStyle;

    @Option(names = "--max-request-body", paramLabel = "BYTES", defaultValue = "" + SlipwayConfig.DEFAULT_MAX_REQUEST_BODY_BYTES,
            description = "Largest JSON request body accepted, in bytes (default: ${DEFAULT-VALUE}, 16 MiB). "
                    + "Artifact uploads are streamed and not limited by it.")
    long maxRequestBody;

    @Option(names = "--max-queued-trainings", paramLabel = "N", defaultValue = "" + SlipwayConfig.DEFAULT_MAX_QUEUED_TRAININGS,
            description = "How many trainings (slipway train --on-server) may wait while the server runs one; one more is told to "
                    + "retry (503). Default: ${DEFAULT-VALUE}.")
    int maxQueuedTrainings;

    @Mixin
    ServingOptions serving;

    @Option(names = "--auth", negatable = true, defaultValue = "false",
            description = "Require an API token on every call (default: off, for a laptop). With no users yet, the first admin "
                    + "comes from $SLIPWAY_ADMIN_USER/$SLIPWAY_ADMIN_TOKEN, else a one-time bootstrap token is printed.")
    boolean auth;

    @Option(names = "--default-permission", paramLabel = "PERMISSION", defaultValue = "READ",
            description = "What users may do on experiments and models without a grant: NO_PERMISSIONS, READ, EDIT or MANAGE "
                    + "(default: ${DEFAULT-VALUE}).")
    Permission defaultPermission;

    @Option(names = "--protected-aliases", paramLabel = "ALIAS", split = ",", defaultValue = "champion,production",
            description = "Aliases that move only through approved promotion requests, with --auth (default: ${DEFAULT-VALUE}).")
    List<String> protectedAliases;

    @Option(names = "--required-approvals", paramLabel = "N", defaultValue = "1",
            description = "Approvals a promotion request needs, each from someone other than the requester (default: ${DEFAULT-VALUE}).")
    int requiredApprovals;

    @Override
    public Integer call() throws InterruptedException {
        Slipway slipway = Slipway.start(config(System.getenv()));
        PrintWriter out = spec.commandLine().getOut();
        Serving serving = Serving.closeOnShutdown(slipway, out);
        out.println("Slipway " + Slipway.VERSION + " serving on " + Serving.describe(slipway));
        out.println(LISTENING_PREFIX + slipway.url());
        out.flush();
        serving.await();
        return 0;
    }

    /** The server configuration these options describe; the environment supplies the S3 endpoint when no option does. */
    SlipwayConfig config(Map<String, String> environment) {
        S3Options.Builder s3 = S3Options.builder();
        URI endpoint = s3EndpointUrl != null ? s3EndpointUrl : s3EndpointFrom(environment);
        if (endpoint != null) {
            s3.endpoint(endpoint);
        }
        if (s3PathStyle != null) {
            s3.pathStyleAccess(s3PathStyle);
        }
        AuthConfig authConfig = new AuthConfig(auth, defaultPermission, protectedAliases, requiredApprovals,
                environment.get(AuthConfig.ADMIN_USER_ENV), environment.get(AuthConfig.ADMIN_TOKEN_ENV), AuthConfig.DEFAULT_CACHE_TTL);
        return new SlipwayConfig(host, port, dataDir, backendStoreUri, artifactsDestination, s3.build(), maxRequestBody, authConfig,
                maxQueuedTrainings, serving.settings());
    }

    private static URI s3EndpointFrom(Map<String, String> environment) {
        for (String variable : S3_ENDPOINT_VARIABLES) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                try {
                    return URI.create(value.strip());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("Invalid S3 endpoint in $" + variable + ": '" + value + "'", e);
                }
            }
        }
        return null;
    }
}
