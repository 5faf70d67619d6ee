package io.slipway.server;

import io.slipway.server.testing.TestBackend;
import java.nio.file.Path;

/** The prediction log over HTTP on PostgreSQL and an S3 store (S3Proxy on loopback). */
class PostgresS3PredictionsApiTest extends AbstractPredictionsApiTest {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgresS3(dataDir);
    }
}
