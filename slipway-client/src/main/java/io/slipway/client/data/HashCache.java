package io.slipway.client.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The local state DB that spares re-hashing unchanged files, as DVC's {@code .dvc/tmp/md5s}:
 * a SQLite file mapping a {@link FileState} (path, size, mtime, inode) to the SHA-256 of the
 * bytes it had. An entry counts only while all four match; any change makes it stale.
 *
 * <p>SQLite rather than a home-made file because it is crash-safe and shared safely by several
 * processes out of the box: WAL mode lets readers run beside one writer, writes take the lock up
 * front ({@code BEGIN IMMEDIATE}) and wait up to {@link #BUSY_TIMEOUT_MS} for it. Losing the
 * last writes in a power cut ({@code synchronous=NORMAL}) costs only re-hashing. The schema is
 * {@code hash-cache-v1.sql} next to this class; {@code PRAGMA user_version} holds its version.
 *
 * <p>Methods are synchronized: one instance may be shared by threads.
 */
public final class HashCache implements AutoCloseable {
    /** Environment variable naming the cache directory, instead of {@code ~/.slipway/cache}. */
    public static final String CACHE_DIR_ENV = "SLIPWAY_CACHE_DIR";
    public static final String FILE_NAME = "hashes.db";
    static final int BUSY_TIMEOUT_MS = 30_000;
    private static final int SCHEMA_VERSION = 1;

    private final Path file;
    private final Connection connection;

    private HashCache(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** {@code $SLIPWAY_CACHE_DIR/hashes.db} if set, else {@code <userHome>/.slipway/cache/hashes.db}. */
    public static Path defaultLocation(Map<String, String> environment, Path userHome) {
        String dir = environment.get(CACHE_DIR_ENV);
        Path base = dir == null || dir.isBlank() ? userHome.resolve(".slipway").resolve("cache") : Path.of(dir);
        return base.resolve(FILE_NAME);
    }

    /** The cache at {@link #defaultLocation} for this process's environment and user. */
    public static HashCache openDefault() throws IOException {
        return open(defaultLocation(System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    /** Opens the cache in {@code file}, creating it and its directories if missing. */
    public static HashCache open(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Connection connection;
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + absolute);
        } catch (SQLException e) {
            throw failure(absolute, e);
        }
        HashCache cache = new HashCache(absolute, connection);
        try {
            cache.prepare();
            return cache;
        } catch (SQLException e) {
            cache.closeAfterFailure();
            throw failure(absolute, e);
        } catch (IOException | RuntimeException e) {
            cache.closeAfterFailure();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /**
     * The hashes still valid for {@code files}, by path, in one query; files without a valid
     * entry are absent from the answer.
     */
    public synchronized Map<String, String> lookup(Collection<FileState> files) throws IOException {
        Map<String, FileState> wanted = new HashMap<>(files.size() * 2);
        for (FileState state : files) {
            wanted.put(state.path(), state);
        }
        Map<String, String> hashes = new HashMap<>(files.size() * 2);
        if (wanted.isEmpty()) {
            return hashes;
        }
        String sql = "SELECT path, size, mtime_ns, inode, sha256 FROM file_hashes WHERE path IN (SELECT value FROM json_each(?))";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, jsonArray(wanted.keySet()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    FileState cached = new FileState(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getString(4));
                    if (cached.equals(wanted.get(cached.path()))) {
                        hashes.put(cached.path(), rows.getString(5));
                    }
                }
            }
        } catch (SQLException e) {
            throw failure(file, e);
        }
        return hashes;
    }

    /** Records the SHA-256 of each file in the state given, in one transaction. */
    public synchronized void record(Map<FileState, String> hashes) throws IOException {
        if (hashes.isEmpty()) {
            return;
        }
        String sql = "INSERT OR REPLACE INTO file_hashes (path, size, mtime_ns, inode, sha256, hashed_at) VALUES (?, ?, ?, ?, ?, ?)";
        long now = System.currentTimeMillis();
        try {
            inWriteTransaction(() -> {
                try (PreparedStatement insert = connection.prepareStatement(sql)) {
                    for (Map.Entry<FileState, String> hash : hashes.entrySet()) {
                        FileState state = hash.getKey();
                        insert.setString(1, state.path());
                        insert.setLong(2, state.size());
                        insert.setLong(3, state.mtimeNanos());
                        insert.setString(4, state.inode());
                        insert.setString(5, requireNonNull(hash.getValue(), "sha256 is null"));
                        insert.setLong(6, now);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            });
        } catch (SQLException e) {
            throw failure(file, e);
        }
    }

    /** How many files the cache knows. */
    public synchronized long size() throws IOException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM file_hashes")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw failure(file, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure(file, e);
        }
    }

    private void closeAfterFailure() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the failure that got us here is the one worth reporting
        }
    }

    private void prepare() throws SQLException, IOException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("PRAGMA synchronous = NORMAL");
        }
        String[] schema = schemaStatements();
        inWriteTransaction(() -> {
            int version;
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
                version = rows.next() ? rows.getInt(1) : 0;
            }
            if (version > SCHEMA_VERSION) {
                throw new SQLException("made by a newer Slipway (schema " + version + "); delete it or upgrade");
            }
            if (version < SCHEMA_VERSION) {
                try (Statement statement = connection.createStatement()) {
                    for (String ddl : schema) {
                        statement.execute(ddl);
                    }
                    statement.execute("PRAGMA user_version = " + SCHEMA_VERSION);
                }
            }
        });
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    /** Takes the write lock first, so two writers wait on the busy timeout instead of deadlocking. */
    private void inWriteTransaction(SqlWork work) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                work.run();
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                statement.execute("ROLLBACK");
                throw e;
            }
        }
    }

    private static String[] schemaStatements() throws IOException {
        try (InputStream in = HashCache.class.getResourceAsStream("hash-cache-v1.sql")) {
            if (in == null) {
                throw new IOException("hash-cache-v1.sql is missing from the classpath");
            }
            String script = new String(in.readAllBytes(), UTF_8).replaceAll("--[^\n]*", "");
            return Arrays.stream(script.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toArray(String[]::new);
        }
    }

    static String jsonArray(Collection<String> values) {
        StringBuilder json = new StringBuilder(values.size() * 64).append('[');
        for (String value : values) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    json.append('\\').append(c);
                } else if (c < 0x20) {
                    json.append(String.format("\\u%04x", (int) c));
                } else {
                    json.append(c);
                }
            }
            json.append('"');
        }
        return json.append(']').toString();
    }

    private static IOException failure(Path file, SQLException e) {
        return new IOException("hash cache " + file + ": " + e.getMessage(), e);
    }
}
