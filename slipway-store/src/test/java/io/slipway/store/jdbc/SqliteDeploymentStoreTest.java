package io.slipway.store.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteDeploymentStoreTest extends AbstractDeploymentStoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected Database openDatabase() {
        return Database.open(BackendUri.sqlite(dir.resolve("slipway.db")), ROOT);
    }
}
