package io.slipway.server;

import io.slipway.server.testing.TestBackend;
import java.nio.file.Path;

/** The official MLflow Java client against PostgreSQL and S3. */
class PostgresS3MlflowJavaClientTest extends AbstractMlflowJavaClientTest {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgresS3(dataDir);
    }
}
