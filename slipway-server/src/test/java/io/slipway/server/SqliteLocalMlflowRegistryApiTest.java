package io.slipway.server;

import io.slipway.server.testing.TestBackend;
import java.nio.file.Path;

/** The MLflow model registry API on the embedded default: SQLite and a local artifact directory. */
class SqliteLocalMlflowRegistryApiTest extends AbstractMlflowRegistryApiTest {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqliteLocal(dataDir);
    }
}
