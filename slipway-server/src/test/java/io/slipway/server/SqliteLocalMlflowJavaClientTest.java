package io.slipway.server;

import io.slipway.server.testing.TestBackend;
import java.nio.file.Path;

/** The official MLflow Java client against the embedded default. */
class SqliteLocalMlflowJavaClientTest extends AbstractMlflowJavaClientTest {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqliteLocal(dataDir);
    }
}
