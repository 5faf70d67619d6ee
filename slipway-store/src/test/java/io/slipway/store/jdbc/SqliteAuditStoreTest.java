package io.slipway.store.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteAuditStoreTest extends AbstractAuditStoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected Database openDatabase() {
        return connectAgain();
    }

    @Override
    protected Database connectAgain() {
        return Database.open(BackendUri.sqlite(dir.resolve("slipway.db")), ROOT);
    }
}
