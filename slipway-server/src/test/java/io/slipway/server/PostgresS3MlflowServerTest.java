package io.slipway.server;

import io.slipway.store.artifact.S3Options;
import io.slipway.store.testing.S3ProxyServer;
import io.slipway.store.testing.TestPostgres;
import io.slipway.store.testing.TestPostgres.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The MLflow API on the production setup: PostgreSQL and an S3 store (S3Proxy on loopback). */
class PostgresS3MlflowServerTest extends AbstractMlflowServerTest {
    private static S3ProxyServer s3;
    private TestDatabase database;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start();
        s3.createBucket("slipway-test");
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @Override
    protected SlipwayConfig configure(Path dataDir) {
        database = TestPostgres.createDatabase();
        S3Options options = S3Options.builder()
                .endpoint(s3.endpoint())
                .region(s3.region())
                .credentials(s3.accessKey(), s3.secretKey())
                .build();
        return SlipwayConfig.embedded(dataDir)
                .withPort(0)
                .withBackendStoreUri(database.uri())
                .withArtifacts("s3://slipway-test/" + dataDir.getFileName(), options);
    }

    @Override
    protected void cleanUp() {
        if (database != null) {
            database.close();
        }
    }
}
