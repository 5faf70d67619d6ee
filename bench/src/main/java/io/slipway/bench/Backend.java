package io.slipway.bench;

import io.slipway.cli.testing.ServerProcess;
import io.slipway.store.jdbc.PostgresDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A fresh metadata database for one benchmark: a SQLite file in a temporary data directory, or
 * a new database on a PostgreSQL server (dropped afterwards).
 */
final class Backend implements AutoCloseable {
    enum Kind { SQLITE, POSTGRES }

    static final String PG_ENV = "SLIPWAY_BENCH_PG_URL";
    private static final String PG_DEFAULT = "postgresql://slipway:slipway@127.0.0.1:5432/postgres";

    final Kind kind;
    final Path dataDir;
    /** The backend URI to give the server, or null for the embedded SQLite default. */
    final String backendStoreUri;
    private final String adminUri;

    private Backend(Kind kind, Path dataDir, String backendStoreUri, String adminUri) {
        this.kind = kind;
        this.dataDir = dataDir;
        this.backendStoreUri = backendStoreUri;
        this.adminUri = adminUri;
    }

    static Backend create(Kind kind, String label) throws IOException, SQLException {
        Path dataDir = Files.createTempDirectory("slipway-bench-" + label + "-");
        if (kind == Kind.SQLITE) {
            return new Backend(kind, dataDir, null, null);
        }
        String admin = System.getenv().getOrDefault(PG_ENV, PG_DEFAULT);
        return new Backend(kind, dataDir, PostgresDatabases.createDatabase(admin, "slipway_bench_"), admin);
    }

    /**
     * Starts {@code slipway server} on this backend in its own JVM, on a free port. Stop it with
     * {@link ServerProcess#terminate()}.
     */
    ServerProcess startServer(String heap) throws IOException {
        return startServer(heap, false, null);
    }

    /** As {@link #startServer(String)}, with {@code --auth} when asked; {@code adminToken} becomes the first admin's token. */
    ServerProcess startServer(String heap, boolean auth, String adminToken) throws IOException {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--data-dir", dataDir.toString()));
        if (backendStoreUri != null) {
            args.add("--backend-store-uri");
            args.add(backendStoreUri);
        }
        if (auth) {
            args.add("--auth");
        }
        Map<String, String> environment = adminToken == null ? Map.of() : Map.of("SLIPWAY_ADMIN_TOKEN", adminToken);
        return ServerProcess.start(dataDir, environment, List.of("-Xms" + heap, "-Xmx" + heap), args.toArray(String[]::new));
    }

    /** The URI a store opened beside the server uses. */
    String storeUri() {
        return backendStoreUri != null ? backendStoreUri : "sqlite:///" + dataDir.resolve("slipway.db").toAbsolutePath();
    }

    String label() {
        return kind == Kind.SQLITE ? "SQLite (embedded)" : "PostgreSQL 15";
    }

    @Override
    public void close() throws IOException, SQLException {
        if (adminUri != null) {
            PostgresDatabases.dropDatabase(adminUri, PostgresDatabases.databaseName(backendStoreUri));
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
