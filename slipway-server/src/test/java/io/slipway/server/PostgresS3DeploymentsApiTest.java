package io.slipway.server;

import io.slipway.server.testing.TestBackend;
import java.nio.file.Path;

/** Deployments over HTTP on the production setup: PostgreSQL and an S3 store (S3Proxy on loopback). */
class PostgresS3DeploymentsApiTest extends AbstractDeploymentsApiTest {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgresS3(dataDir);
    }
}
