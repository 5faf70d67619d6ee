package io.slipway.server;

import io.slipway.server.testing.TestBackend;
import java.nio.file.Path;

/** Dataset validations over HTTP on the embedded default: SQLite and a local artifact directory. */
class SqliteLocalDatasetValidationsApiTest extends AbstractDatasetValidationsApiTest {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqliteLocal(dataDir);
    }
}
