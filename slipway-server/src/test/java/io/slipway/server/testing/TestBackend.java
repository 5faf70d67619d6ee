package io.slipway.server.testing;

import io.slipway.server.SlipwayConfig;
import io.slipway.store.artifact.S3Options;
import io.slipway.store.testing.S3ProxyServer;
import io.slipway.store.testing.TestPostgres;
import io.slipway.store.testing.TestPostgres.TestDatabase;
import java.nio.file.Path;

/**
 * A storage combination for a test server: the embedded default (SQLite + local directory) or
 * production (PostgreSQL + S3). Closing it drops what it created.
 */
public interface TestBackend extends AutoCloseable {
    /** A configuration on port 0 that uses this backend. */
    SlipwayConfig config();

    @Override
    void close();

    static TestBackend sqliteLocal(Path dataDir) {
        SlipwayConfig config = SlipwayConfig.embedded(dataDir).withPort(0);
        return new TestBackend() {
            @Override
            public SlipwayConfig config() {
                return config;
            }

            @Override
            public void close() {}
        };
    }

    /** PostgreSQL (a fresh database) and S3 (a bucket prefix on a shared S3Proxy on loopback). */
    static TestBackend postgresS3(Path dataDir) {
        TestDatabase database = TestPostgres.createDatabase();
        S3ProxyServer s3 = SharedS3.get();
        S3Options options = S3Options.builder()
                .endpoint(s3.endpoint())
                .region(s3.region())
                .credentials(s3.accessKey(), s3.secretKey())
                .build();
        SlipwayConfig config = SlipwayConfig.embedded(dataDir)
                .withPort(0)
                .withBackendStoreUri(database.uri())
                .withArtifacts("s3://" + SharedS3.BUCKET + "/" + database.name(), options);
        return new TestBackend() {
            @Override
            public SlipwayConfig config() {
                return config;
            }

            @Override
            public void close() {
                database.close();
            }
        };
    }

    /** One S3Proxy per test JVM, started on first use and stopped when the JVM exits. */
    final class SharedS3 {
        static final String BUCKET = "slipway-test";
        private static S3ProxyServer server;

        private SharedS3() {}

        static synchronized S3ProxyServer get() {
            if (server == null) {
                try {
                    server = S3ProxyServer.start();
                    server.createBucket(BUCKET);
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot start S3Proxy: " + e.getMessage(), e);
                }
                S3ProxyServer started = server;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (Exception ignored) {
                        // the JVM is going away
                    }
                }));
            }
            return server;
        }
    }
}
