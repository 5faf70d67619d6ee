package io.slipway.ml.frame;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import io.slipway.data.profile.DatasetProfiler;
import io.slipway.data.profile.DuckDbErrors;
import io.slipway.data.profile.ProfilerSettings;
import io.slipway.data.profile.SqlText;
import io.slipway.data.profile.TabularSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a table (a CSV, Parquet or JSON-lines file, a directory or glob of them, as the profiler
 * reads them) into a {@link Frame} with an embedded DuckDB, in file order so that the same files
 * give the same frame (training is reproducible only if its rows come in the same order).
 *
 * <p>Numbers, decimals and booleans become number columns; dates and timestamps number columns of
 * epoch milliseconds (so a time-based split can compare them); text and other scalar types text
 * columns. Nested types (lists, structs, maps) are refused with a 400 naming the column.
 */
public final class FrameReader {
    private static final List<String> NUMBER_TYPES = List.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT",
            "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "BOOLEAN");

    private final ProfilerSettings settings;

    public FrameReader(ProfilerSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** The whole table as one frame. */
    public Frame read(String location) {
        try (FrameBatches batches = batches(location, Integer.MAX_VALUE)) {
            return batches.hasNext() ? batches.next() : batches.empty();
        }
    }

    /**
     * The table as frames of at most {@code rowsPerBatch} rows, in file order, typed as {@link #read} types
     * them; only one batch is in memory at a time. The caller closes it.
     */
    public FrameBatches batches(String location, int rowsPerBatch) {
        if (rowsPerBatch < 1) {
            throw new IllegalArgumentException("rowsPerBatch must be at least 1, was " + rowsPerBatch);
        }
        TabularSource source = TabularSource.of(location);
        Connection connection = null;
        try {
            connection = DatasetProfiler.openStreaming(settings);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET preserve_insertion_order = true");
            }
            Map<String, String> types = source.columnTypes(connection);
            List<String> names = new ArrayList<>(types.keySet());
            boolean[] text = new boolean[names.size()];
            StringBuilder select = new StringBuilder("SELECT ");
            for (int i = 0; i < names.size(); i++) {
                String type = types.get(names.get(i));
                select.append(i == 0 ? "" : ", ").append(expression(names.get(i), type));
                text[i] = isText(type);
            }
            select.append(" FROM ").append(source.tableFunction());
            return new FrameBatches(source, location, settings, connection, select.toString(), names, text, rowsPerBatch);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw DuckDbErrors.translate(e, source, location, "read");
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the error being thrown says more
            }
        }
    }

    /** The SQL reading one column as a double or as text. */
    private static String expression(String name, String type) {
        String column = SqlText.identifier(name);
        String upper = type.toUpperCase(Locale.ROOT);
        if (isNumber(upper)) {
            return column + "::DOUBLE";
        }
        if (upper.equals("DATE") || upper.startsWith("TIMESTAMP")) {
            return "epoch_ms(" + column + "::TIMESTAMP)::DOUBLE";
        }
        if (upper.endsWith("[]") || upper.startsWith("STRUCT") || upper.startsWith("MAP") || upper.startsWith("UNION")
                || upper.matches(".*\\[\\d+\\]$")) {
            throw SlipwayException.invalidParameter("Column '%s' has type %s: a model takes numbers and text, not nested values.",
                    name, type);
        }
        return column + "::VARCHAR";
    }

    private static boolean isNumber(String upperType) {
        return NUMBER_TYPES.contains(upperType) || upperType.startsWith("DECIMAL");
    }

    /** Whether {@link #expression} reads the column as text: neither a number nor a date or time. */
    private static boolean isText(String type) {
        String upper = type.toUpperCase(Locale.ROOT);
        return !isNumber(upper) && !upper.equals("DATE") && !upper.startsWith("TIMESTAMP");
    }
}
