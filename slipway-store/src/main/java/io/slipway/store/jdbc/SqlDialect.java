package io.slipway.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGStatement;

/**
 * The few places where SQLite and PostgreSQL differ, each a small named function. Everything
 * else (upserts with ON CONFLICT, row-value comparisons, LIMIT/OFFSET) is written once.
 */
public enum SqlDialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String migrationFolder;

    SqlDialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    /** Flyway location of this dialect's migrations. */
    public String migrationLocation() {
        return "classpath:db/migration/" + migrationFolder;
    }

    /** A case-sensitive SQL LIKE. SQLite's LIKE ignores ASCII case, so it runs as a GLOB there. */
    public String likeCaseSensitive(String column) {
        return this == SQLITE ? column + " GLOB ?" : column + " LIKE ?";
    }

    /** The bind value for {@link #likeCaseSensitive}: a LIKE pattern, rewritten to GLOB for SQLite. */
    public String likePattern(String pattern) {
        if (this != SQLITE) {
            return pattern;
        }
        StringBuilder glob = new StringBuilder(pattern.length() + 8);
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '%' -> glob.append('*');
                case '_' -> glob.append('?');
                case '*' -> glob.append("[*]");
                case '?' -> glob.append("[?]");
                case '[' -> glob.append("[[]");
                default -> glob.append(c);
            }
        }
        return glob.toString();
    }

    /** A case-insensitive LIKE: SQLite's own LIKE is already that (for ASCII). */
    public String likeIgnoreCase(String column) {
        return this == SQLITE ? column + " LIKE ?" : column + " ILIKE ?";
    }

    /**
     * A SELECT that locks the rows it reads until the transaction ends. SQLite has no row locks
     * and needs none: a write transaction holds the database's write lock from BEGIN IMMEDIATE on.
     */
    public String lockingSelect(String select) {
        return this == POSTGRESQL ? select + " FOR UPDATE" : select;
    }

    /**
     * Keeps other transactions from writing {@code table} until this one ends (they may still read
     * it), for a check that no row exists followed by an insert. SQLite's writer is exclusive anyway.
     */
    public void lockTableAgainstWrites(Connection connection, String table) throws SQLException {
        if (this == POSTGRESQL) {
            try (Statement lock = connection.createStatement()) {
                lock.execute("LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE");
            }
        }
    }

    /**
     * Prepares a statement that reads a long result: PostgreSQL streams it through a cursor
     * (the statement must run in a transaction) and sends numbers in binary, not as text to be
     * parsed; SQLite steps through its rows anyway.
     */
    public void prepareForLongResult(PreparedStatement statement) throws SQLException {
        if (this == POSTGRESQL) {
            // a cached generic plan cannot see where a keyset page starts; right after a bulk load
            // (stale statistics) it may scan the whole history for every page, so plan each read
            try (Statement set = statement.getConnection().createStatement()) {
                set.execute("SET LOCAL plan_cache_mode = force_custom_plan");
            }
            statement.setFetchSize(10_000);
            statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
        }
    }
}
