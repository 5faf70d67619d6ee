package io.slipway.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Creates and drops whole PostgreSQL databases through an administrative connection, for
 * throw-away databases (tests, benchmarks). {@code adminUri} is a backend URI of a database
 * the user may connect to, with the right to create databases.
 */
public final class PostgresDatabases {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private PostgresDatabases() {}

    /** Checks that the server answers; throws with the driver's reason when it does not. */
    public static void ping(String adminUri) throws SQLException {
        try (Connection ignored = connect(adminUri)) {
            // connected
        }
    }

    /** Creates a database named {@code prefix + random suffix}; returns the backend URI of the new database. */
    public static String createDatabase(String adminUri, String prefix) throws SQLException {
        String name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        checkName(name);
        try (Connection c = connect(adminUri); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return withDatabase(adminUri, name);
    }

    /** Drops a database, disconnecting its sessions first. */
    public static void dropDatabase(String adminUri, String name) throws SQLException {
        checkName(name);
        try (Connection c = connect(adminUri); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    /** The database name of a backend URI. */
    public static String databaseName(String uri) {
        String path = uri.replaceFirst("\\?.*$", "");
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The same URI pointing at another database on the same server. */
    public static String withDatabase(String uri, String database) {
        String query = uri.contains("?") ? uri.substring(uri.indexOf('?')) : "";
        String base = uri.replaceFirst("\\?.*$", "");
        return base.substring(0, base.lastIndexOf('/') + 1) + database + query;
    }

    private static Connection connect(String uri) throws SQLException {
        BackendUri backend = BackendUri.parse(uri);
        return DriverManager.getConnection(backend.jdbcUrl(), backend.user(), backend.password());
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a safe database name: " + name);
        }
    }
}
