package io.slipway.server;

import java.nio.file.Path;

/** The MLflow API on the embedded default: SQLite and a local artifact directory. */
class SqliteLocalMlflowServerTest extends AbstractMlflowServerTest {
    @Override
    protected SlipwayConfig configure(Path dataDir) {
        return SlipwayConfig.embedded(dataDir).withPort(0);
    }
}
