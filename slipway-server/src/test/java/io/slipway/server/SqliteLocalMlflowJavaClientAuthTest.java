package io.slipway.server;

import io.slipway.server.testing.TestBackend;
import java.nio.file.Path;

/** The MLflow Java client with authentication on the embedded default: SQLite and a local artifact directory. */
class SqliteLocalMlflowJavaClientAuthTest extends AbstractMlflowJavaClientAuthTest {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqliteLocal(dataDir);
    }
}
