package io.slipway.server;

import io.slipway.server.testing.TestBackend;
import java.nio.file.Path;

/** Identity, permissions, promotions and the audit trail on the embedded default: SQLite and a local artifact directory. */
class SqliteLocalGovernanceApiTest extends AbstractGovernanceApiTest {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqliteLocal(dataDir);
    }
}
