package io.slipway.server;

import io.slipway.server.testing.TestBackend;
import java.nio.file.Path;

/** The bad-request corpus against PostgreSQL and S3. */
class PostgresS3BadRequestCorpusTest extends AbstractBadRequestCorpusTest {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgresS3(dataDir);
    }
}
