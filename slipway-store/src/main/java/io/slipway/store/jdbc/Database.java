package io.slipway.store.jdbc;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Connection pools and schema for one metadata database.
 *
 * <p>SQLite allows one writer at a time, so it gets two pools: a single write connection whose
 * transactions start with {@code BEGIN IMMEDIATE} (writers queue in the pool instead of
 * spinning on SQLITE_BUSY) and a few read connections, which WAL lets run beside the writer.
 * {@code synchronous=NORMAL} in WAL mode keeps every committed transaction across a process
 * crash; only a power loss can take the last ones. PostgreSQL uses one pool for both.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final BackendUri uri;
    private final HikariDataSource writePool;
    private final HikariDataSource readPool;
    private final Jdbi writer;
    private final Jdbi reader;

    private Database(BackendUri uri, HikariDataSource writePool, HikariDataSource readPool) {
        this.uri = uri;
        this.writePool = writePool;
        this.readPool = readPool;
        this.writer = Jdbi.create(writePool);
        this.reader = readPool == writePool ? writer : Jdbi.create(readPool);
    }

    /** Opens the pools and brings the schema up to date. */
    public static Database open(BackendUri uri, String defaultArtifactRoot) {
        requireNonNull(uri, "uri is null");
        Database database = uri.dialect() == SqlDialect.SQLITE ? openSqlite(uri) : openPostgres(uri);
        try {
            database.migrate(defaultArtifactRoot);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    private static Database openSqlite(BackendUri uri) {
        try {
            Files.createDirectories(uri.sqliteFile().toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new SlipwayException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Cannot create the directory of the SQLite database " + uri.sqliteFile() + ": " + e.getMessage(), e);
        }
        HikariDataSource writePool = pool("slipway-sqlite-write", sqliteDataSource(uri, true), 1);
        HikariDataSource readPool = pool("slipway-sqlite-read", sqliteDataSource(uri, false), 4);
        return new Database(uri, writePool, readPool);
    }

    private static DataSource sqliteDataSource(BackendUri uri, boolean writer) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(60_000);
        config.setCacheSize(-65_536); // 64 MiB page cache per connection
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        if (writer) {
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(uri.jdbcUrl());
        return dataSource;
    }

    private static Database openPostgres(BackendUri uri) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("slipway-postgresql");
        config.setJdbcUrl(uri.jdbcUrl());
        config.setUsername(uri.user());
        config.setPassword(uri.password());
        config.setMaximumPoolSize(16);
        config.setConnectionTimeout(30_000);
        config.setInitializationFailTimeout(10_000);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "slipway");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new SlipwayException(ErrorCode.TEMPORARILY_UNAVAILABLE,
                    "Cannot connect to " + uri.describe() + ": " + SlipwayException.rootMessage(e), e);
        }
        return new Database(uri, pool, pool);
    }

    private static HikariDataSource pool(String name, DataSource dataSource, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setDataSource(dataSource);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(120_000);
        return new HikariDataSource(config);
    }

    private void migrate(String defaultArtifactRoot) {
        Flyway flyway = Flyway.configure()
                .dataSource(writePool)
                .locations(uri.dialect().migrationLocation())
                .placeholders(Map.of("default_artifact_root", defaultArtifactRoot))
                .mixed(true)
                .load();
        try {
            var result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("Migrated {} to schema version {}", uri.describe(), result.targetSchemaVersion);
            }
        } catch (FlywayException e) {
            throw new SlipwayException(ErrorCode.INTERNAL_ERROR,
                    "Cannot bring the schema of " + uri.describe() + " up to date: " + e.getMessage(), e);
        }
    }

    public SqlDialect dialect() {
        return uri.dialect();
    }

    public BackendUri uri() {
        return uri;
    }

    /** For transactions that write. */
    public Jdbi writer() {
        return writer;
    }

    /** For reads; on SQLite these run beside the single writer. */
    public Jdbi reader() {
        return reader;
    }

    /** The raw write pool, for benchmarks that measure the database itself. */
    public DataSource writeDataSource() {
        return writePool;
    }

    @Override
    public void close() {
        if (readPool != writePool) {
            readPool.close();
        }
        writePool.close();
    }
}
