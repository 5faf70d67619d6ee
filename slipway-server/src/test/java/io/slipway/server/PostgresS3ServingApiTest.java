package io.slipway.server;

import io.slipway.server.testing.TestBackend;
import java.nio.file.Path;

/** Serving on the production setup: PostgreSQL and an S3 store (S3Proxy on loopback). */
class PostgresS3ServingApiTest extends AbstractServingApiTest {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgresS3(dataDir);
    }
}
