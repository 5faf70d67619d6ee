package io.slipway.server;

import io.slipway.server.testing.TestBackend;
import java.nio.file.Path;

/** MLmodel descriptors, model cards and lineage on the embedded default: SQLite and a local artifact directory. */
class SqliteLocalModelGovernanceApiTest extends AbstractModelGovernanceApiTest {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqliteLocal(dataDir);
    }
}
