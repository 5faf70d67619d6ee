package io.slipway.server;

import io.slipway.server.testing.TestBackend;
import java.nio.file.Path;

/** Trainings run by the server over HTTP on the production setup: PostgreSQL and an S3 store (S3Proxy on loopback). */
class PostgresS3TrainingsApiTest extends AbstractTrainingsApiTest {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgresS3(dataDir);
    }
}
