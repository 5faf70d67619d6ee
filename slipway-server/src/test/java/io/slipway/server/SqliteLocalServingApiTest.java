package io.slipway.server;

import io.slipway.server.testing.TestBackend;
import java.nio.file.Path;

/** Serving on the embedded default: SQLite and a local artifact directory. */
class SqliteLocalServingApiTest extends AbstractServingApiTest {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqliteLocal(dataDir);
    }
}
