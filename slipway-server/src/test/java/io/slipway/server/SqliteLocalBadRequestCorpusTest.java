package io.slipway.server;

import io.slipway.server.testing.TestBackend;
import java.nio.file.Path;

/** The bad-request corpus against the embedded default. */
class SqliteLocalBadRequestCorpusTest extends AbstractBadRequestCorpusTest {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqliteLocal(dataDir);
    }
}
