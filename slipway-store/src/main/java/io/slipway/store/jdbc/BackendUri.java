package io.slipway.store.jdbc;

import static java.util.Objects.requireNonNull;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A metadata backend as given on the command line, in MLflow's (SQLAlchemy's) URI forms:
 * {@code sqlite:///relative.db}, {@code sqlite:////absolute/path.db},
 * {@code postgresql://user:password@host:5432/db} (also {@code postgres://} and
 * {@code postgresql+psycopg2://}).
 */
public record BackendUri(SqlDialect dialect, String jdbcUrl, String user, String password, Path sqliteFile) {
    public BackendUri {
        requireNonNull(dialect, "dialect is null");
        requireNonNull(jdbcUrl, "jdbcUrl is null");
    }

    public static BackendUri sqlite(Path file) {
        Path absolute = file.toAbsolutePath();
        return new BackendUri(SqlDialect.SQLITE, "jdbc:sqlite:" + absolute, null, null, absolute);
    }

    public static BackendUri parse(String uri) {
        requireNonNull(uri, "uri is null");
        if (uri.startsWith("sqlite:///")) {
            String path = uri.substring("sqlite:///".length());
            if (path.isEmpty()) {
                throw invalid(uri, "it names no database file");
            }
            return sqlite(Path.of(path));
        }
        int schemeEnd = uri.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : uri.substring(0, schemeEnd);
        if (scheme.equals("postgresql") || scheme.equals("postgres") || scheme.startsWith("postgresql+")) {
            return postgres(uri, "postgresql" + uri.substring(schemeEnd));
        }
        throw invalid(uri, "supported forms are sqlite:///path/to/file.db and postgresql://user:password@host:port/database");
    }

    private static BackendUri postgres(String original, String normalized) {
        URI parsed;
        try {
            parsed = new URI(normalized);
        } catch (URISyntaxException e) {
            throw invalid(original, e.getMessage());
        }
        if (parsed.getHost() == null) {
            throw invalid(original, "it names no host");
        }
        String database = parsed.getPath() == null || parsed.getPath().length() <= 1 ? null : parsed.getPath().substring(1);
        if (database == null) {
            throw invalid(original, "it names no database");
        }
        String user = null;
        String password = null;
        if (parsed.getRawUserInfo() != null) {
            String[] parts = parsed.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (parsed.getRawQuery() != null) {
            for (String pair : parsed.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
            }
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(parsed.getHost());
        if (parsed.getPort() > 0) {
            jdbc.append(':').append(parsed.getPort());
        }
        jdbc.append('/').append(database);
        String separator = "?";
        for (Map.Entry<String, String> entry : query.entrySet()) {
            jdbc.append(separator).append(entry.getKey()).append('=').append(entry.getValue());
            separator = "&";
        }
        return new BackendUri(SqlDialect.POSTGRESQL, jdbc.toString(), user, password, null);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static SlipwayException invalid(String uri, String reason) {
        return new SlipwayException(ErrorCode.INVALID_PARAMETER_VALUE,
                "Invalid backend store URI '" + redact(uri) + "': " + reason + ".");
    }

    /** The URI with any password replaced, for logs and messages. */
    public static String redact(String uri) {
        return uri.replaceAll("(://[^:/@]+:)[^@]*@", "$1***@");
    }

    /** A description safe to log. */
    public String describe() {
        return dialect == SqlDialect.SQLITE ? "SQLite " + sqliteFile : "PostgreSQL " + jdbcUrl.replaceAll("[?&]password=[^&]*", "");
    }
}
