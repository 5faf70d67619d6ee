package io.slipway.server;

import io.slipway.server.testing.TestBackend;
import java.nio.file.Path;

/** The prediction log over HTTP on SQLite and a local artifact directory. */
class SqliteLocalPredictionsApiTest extends AbstractPredictionsApiTest {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqliteLocal(dataDir);
    }
}
