package io.slipway.server;

import io.slipway.server.testing.TestBackend;
import java.nio.file.Path;

/** Versioned datasets over HTTP on the embedded default: SQLite and a local artifact directory. */
class SqliteLocalDatasetsApiTest extends AbstractDatasetsApiTest {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqliteLocal(dataDir);
    }
}
