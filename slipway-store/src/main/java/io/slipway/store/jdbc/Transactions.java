package io.slipway.store.jdbc;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * How the JDBC stores touch the database: every write in one transaction on the writer, reads
 * on the readers, and every database failure turned into a {@link StoreFailure} (a 5xx), except
 * a {@link SlipwayException} thrown by the work itself (a client error found inside the
 * transaction), which rolls the transaction back and passes through unchanged.
 */
final class Transactions {
    @FunctionalInterface
    interface Work<T> {
        T run(Handle handle) throws SQLException;
    }

    private final Database database;

    Transactions(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    <T> T write(Work<T> work) {
        return write(work, null);
    }

    /**
     * A write transaction. A unique-key violation (a concurrent writer won a race the work had
     * checked for) becomes {@code onUniqueViolation}'s error when one is given.
     */
    <T> T write(Work<T> work, Supplier<SlipwayException> onUniqueViolation) {
        try {
            return database.writer().inTransaction(callback(work));
        } catch (StoreFailure e) {
            throw translate(e.getCause(), onUniqueViolation);
        } catch (JdbiException e) {
            throw translate(e.getCause() != null ? e.getCause() : e, onUniqueViolation);
        }
    }

    <T> T read(Work<T> work) {
        return run(database.reader(), work, false);
    }

    /** A read in a transaction, for long results that PostgreSQL streams through a cursor. */
    <T> T readInTransaction(Work<T> work) {
        return run(database.reader(), work, true);
    }

    private static <T> T run(Jdbi jdbi, Work<T> work, boolean transaction) {
        try {
            return transaction ? jdbi.inTransaction(callback(work)) : jdbi.withHandle(callback(work));
        } catch (JdbiException e) {
            throw new StoreFailure(e.getCause() != null ? e.getCause() : e);
        }
    }

    private static <T> HandleCallback<T, RuntimeException> callback(Work<T> work) {
        return h -> {
            try {
                return work.run(h);
            } catch (SQLException e) {
                throw new StoreFailure(e);
            }
        };
    }

    private static RuntimeException translate(Throwable cause, Supplier<SlipwayException> onUniqueViolation) {
        if (onUniqueViolation != null && cause instanceof SQLException sql && isUniqueViolation(sql)) {
            return onUniqueViolation.get();
        }
        return cause instanceof StoreFailure failure ? failure : new StoreFailure(cause);
    }

    private static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState())
                || (e.getMessage() != null && e.getMessage().contains("UNIQUE constraint failed"));
    }
}
