package io.slipway.store.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for tests. {@code SLIPWAY_TEST_PG_URL} names a database a superuser
 * can log in to (default {@code postgresql://slipway:slipway@127.0.0.1:5432/postgres}); each
 * test database is created fresh and dropped afterwards. Without a server a test is skipped
 * with a message, except in CI ({@code CI=true}), where absence fails it.
 */
public final class TestPostgres {
    public static final String ENV = "SLIPWAY_TEST_PG_URL";
    private static final String DEFAULT = "postgresql://slipway:slipway@127.0.0.1:5432/postgres";

    private TestPostgres() {}

    /** A fresh, empty database; drop it with {@link TestDatabase#close()}. */
    public static TestDatabase createDatabase() {
        Admin admin = admin();
        String name = "slipway_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = admin.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return new TestDatabase(admin, name);
    }

    private static Admin admin() {
        String uri = System.getenv().getOrDefault(ENV, DEFAULT);
        Admin admin = Admin.parse(uri);
        try (Connection ignored = admin.connect()) {
            return admin;
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + admin.jdbcUrl + " (" + e.getMessage() + "). Start it and set "
                    + ENV + " (see docs/operations.md); .ci/run does this.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true and " + message);
            }
            System.err.println("SKIPPED: " + message);
            Assumptions.abort(message);
            throw new AssertionError("unreachable");
        }
    }

    /** A test database: {@link #uri()} is what {@code --backend-store-uri} takes. */
    public static final class TestDatabase implements AutoCloseable {
        private final Admin admin;
        private final String name;

        private TestDatabase(Admin admin, String name) {
            this.admin = admin;
            this.name = name;
        }

        public String uri() {
            return "postgresql://" + admin.user + ":" + admin.password + "@" + admin.hostPort + "/" + name;
        }

        public String name() {
            return name;
        }

        @Override
        public void close() {
            try (Connection c = admin.connect(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                System.err.println("Could not drop test database " + name + ": " + e.getMessage());
            }
        }
    }

    private record Admin(String jdbcUrl, String hostPort, String user, String password) {
        static Admin parse(String uri) {
            String rest = uri.replaceFirst("^postgres(ql)?://", "");
            String user = "postgres";
            String password = "";
            int at = rest.lastIndexOf('@');
            if (at >= 0) {
                String[] credentials = rest.substring(0, at).split(":", 2);
                user = credentials[0];
                password = credentials.length > 1 ? credentials[1] : "";
                rest = rest.substring(at + 1);
            }
            int slash = rest.indexOf('/');
            String hostPort = slash < 0 ? rest : rest.substring(0, slash);
            String database = slash < 0 ? "postgres" : rest.substring(slash + 1);
            return new Admin("jdbc:postgresql://" + hostPort + "/" + database.toLowerCase(Locale.ROOT), hostPort, user, password);
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, user, password);
        }
    }
}
