package io.slipway.server;

import io.slipway.server.testing.TestBackend;
import java.nio.file.Path;

/** Trainings run by the server over HTTP on the embedded default: SQLite and a local artifact directory. */
class SqliteLocalTrainingsApiTest extends AbstractTrainingsApiTest {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqliteLocal(dataDir);
    }
}
