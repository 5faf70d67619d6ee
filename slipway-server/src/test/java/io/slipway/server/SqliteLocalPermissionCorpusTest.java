package io.slipway.server;

import io.slipway.server.testing.TestBackend;
import java.nio.file.Path;

/** Every route guarded, on the embedded default: SQLite and a local artifact directory. */
class SqliteLocalPermissionCorpusTest extends AbstractPermissionCorpusTest {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqliteLocal(dataDir);
    }
}
