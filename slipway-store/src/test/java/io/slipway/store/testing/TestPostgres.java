package io.slipway.store.testing;

import io.slipway.store.jdbc.PostgresDatabases;
import java.sql.SQLException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for tests. {@code SLIPWAY_TEST_PG_URL} names a database a user with
 * CREATEDB can log in to (default {@code postgresql://slipway:slipway@127.0.0.1:5432/postgres});
 * each test database is created fresh and dropped afterwards. Without a server a test is
 * skipped with a message, except in CI ({@code CI=true}), where absence fails it.
 */
public final class TestPostgres {
    public static final String ENV = "SLIPWAY_TEST_PG_URL";
    private static final String DEFAULT = "postgresql://slipway:slipway@127.0.0.1:5432/postgres";

    private TestPostgres() {}

    /** The administrative URI tests use. */
    public static String adminUri() {
        String uri = System.getenv().getOrDefault(ENV, DEFAULT);
        try {
            PostgresDatabases.ping(uri);
            return uri;
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + uri.replaceAll(":[^:@/]*@", ":***@") + " (" + e.getMessage()
                    + "). Start it and set " + ENV + " (see docs/operations.md); .ci/run does this.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true and " + message);
            }
            System.err.println("SKIPPED: " + message);
            Assumptions.abort(message);
            throw new AssertionError("unreachable");
        }
    }

    /** A fresh, empty database; drop it with {@link TestDatabase#close()}. */
    public static TestDatabase createDatabase() {
        String admin = adminUri();
        try {
            return new TestDatabase(admin, PostgresDatabases.createDatabase(admin, "slipway_test_"));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test database: " + e.getMessage(), e);
        }
    }

    /** A test database: {@link #uri()} is what {@code --backend-store-uri} takes. */
    public static final class TestDatabase implements AutoCloseable {
        private final String adminUri;
        private final String uri;

        private TestDatabase(String adminUri, String uri) {
            this.adminUri = adminUri;
            this.uri = uri;
        }

        public String uri() {
            return uri;
        }

        public String name() {
            return PostgresDatabases.databaseName(uri);
        }

        @Override
        public void close() {
            try {
                PostgresDatabases.dropDatabase(adminUri, name());
            } catch (SQLException e) {
                System.err.println("Could not drop test database " + name() + ": " + e.getMessage());
            }
        }
    }
}
