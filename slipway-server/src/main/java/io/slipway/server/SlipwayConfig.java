package io.slipway.server;

import static java.util.Objects.requireNonNull;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.server.serving.ServingSettings;
import io.slipway.store.artifact.S3Options;
import java.nio.file.Path;

/**
 * Everything one Slipway server process is configured with, validated once at start-up.
 * Option names follow MLflow's where MLflow has one.
 *
 * @param host address to bind ({@code --host})
 * @param port port to bind, 0 for any free port ({@code --port})
 * @param dataDir home of the embedded defaults: {@code slipway.db} and {@code artifacts/} ({@code --data-dir})
 * @param backendStoreUri metadata database; null for SQLite in the data directory ({@code --backend-store-uri})
 * @param artifactsDestination where artifacts are kept; null for {@code artifacts/} in the data directory,
 *     else a path or {@code s3://bucket/prefix} ({@code --artifacts-destination})
 * @param s3 how to reach S3 when the destination is {@code s3://} (endpoint, path style, region, credentials)
 * @param maxRequestBodyBytes largest JSON request body accepted (artifact uploads are streamed and not limited)
 * @param auth authentication, authorization and protected aliases (off by default)
 * @param maxQueuedTrainings how many trainings may wait while the server runs one; one more is told to retry (503)
 * @param serving how deployments are batched, queued and followed ({@code --serve-*})
 */
public record SlipwayConfig(
        String host,
        int port,
        Path dataDir,
        String backendStoreUri,
        String artifactsDestination,
        S3Options s3,
        long maxRequestBodyBytes,
        AuthConfig auth,
        int maxQueuedTrainings,
        ServingSettings serving) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5050;
    public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 16L * 1024 * 1024;
    public static final int DEFAULT_MAX_QUEUED_TRAININGS = 8;

    public SlipwayConfig {
        requireNonNull(host, "host is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(s3, "s3 is null");
        requireNonNull(auth, "auth is null");
        requireNonNull(serving, "serving is null");
        if (port < 0 || port > 65_535) {
            throw new SlipwayException(ErrorCode.INVALID_PARAMETER_VALUE, "Invalid --port " + port + ": it must be between 0 and 65535.");
        }
        if (maxRequestBodyBytes < 1024) {
            throw new SlipwayException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Invalid maximum request body size " + maxRequestBodyBytes + ": it must be at least 1024 bytes.");
        }
        if (maxQueuedTrainings < 1) {
            throw new SlipwayException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Invalid maximum of queued trainings " + maxQueuedTrainings + ": it must be at least 1.");
        }
        backendStoreUri = blankToNull(backendStoreUri);
        artifactsDestination = blankToNull(artifactsDestination);
    }

    /** The embedded default: SQLite and local artifacts under {@code dataDir}, on 127.0.0.1:5050. */
    public static SlipwayConfig embedded(Path dataDir) {
        return new SlipwayConfig(DEFAULT_HOST, DEFAULT_PORT, dataDir, null, null, S3Options.defaults(), DEFAULT_MAX_REQUEST_BODY_BYTES,
                AuthConfig.disabled(), DEFAULT_MAX_QUEUED_TRAININGS, ServingSettings.defaults());
    }

    public SlipwayConfig withPort(int newPort) {
        return new SlipwayConfig(host, newPort, dataDir, backendStoreUri, artifactsDestination, s3, maxRequestBodyBytes, auth,
                maxQueuedTrainings, serving);
    }

    public SlipwayConfig withBackendStoreUri(String uri) {
        return new SlipwayConfig(host, port, dataDir, uri, artifactsDestination, s3, maxRequestBodyBytes, auth,
                maxQueuedTrainings, serving);
    }

    public SlipwayConfig withArtifacts(String destination, S3Options s3Options) {
        return new SlipwayConfig(host, port, dataDir, backendStoreUri, destination, s3Options, maxRequestBodyBytes, auth,
                maxQueuedTrainings, serving);
    }

    public SlipwayConfig withAuth(AuthConfig newAuth) {
        return new SlipwayConfig(host, port, dataDir, backendStoreUri, artifactsDestination, s3, maxRequestBodyBytes, newAuth,
                maxQueuedTrainings, serving);
    }

    public SlipwayConfig withMaxQueuedTrainings(int max) {
        return new SlipwayConfig(host, port, dataDir, backendStoreUri, artifactsDestination, s3, maxRequestBodyBytes, auth, max, serving);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    public SlipwayConfig withServing(ServingSettings settings) {
        return new SlipwayConfig(host, port, dataDir, backendStoreUri, artifactsDestination, s3, maxRequestBodyBytes, auth,
                maxQueuedTrainings, settings);
    }
}
