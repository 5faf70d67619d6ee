package io.slipway.store.jdbc;

import io.slipway.store.testing.TestPostgres;
import io.slipway.store.testing.TestPostgres.TestDatabase;

class PostgresDeploymentStoreTest extends AbstractDeploymentStoreContractTest {
    private TestDatabase testDatabase;

    @Override
    protected Database openDatabase() {
        testDatabase = TestPostgres.createDatabase();
        return Database.open(BackendUri.parse(testDatabase.uri()), ROOT);
    }

    @Override
    protected void closeDatabase(Database database) {
        database.close();
        testDatabase.close();
    }
}
