package io.slipway.ml.frame;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import io.slipway.data.profile.DatasetProfiler;
import io.slipway.data.profile.DuckDbErrors;
import io.slipway.data.profile.ProfilerSettings;
import io.slipway.data.profile.SqlText;
import io.slipway.data.profile.TabularSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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

    public Frame read(String location) {
        TabularSource source = TabularSource.of(location);
        try (Connection connection = DatasetProfiler.open(settings)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET preserve_insertion_order = true");
            }
            List<String[]> columns = new ArrayList<>();
            source.columnTypes(connection).forEach((name, type) -> columns.add(new String[] {name, type}));
            StringBuilder select = new StringBuilder("SELECT ");
            for (int i = 0; i < columns.size(); i++) {
                select.append(i == 0 ? "" : ", ").append(expression(columns.get(i)[0], columns.get(i)[1]));
            }
            select.append(" FROM ").append(source.tableFunction());
            return load(connection, select.toString(), columns);
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, source, location, "read");
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

    private static Frame load(Connection connection, String sql, List<String[]> columns) throws SQLException {
        int width = columns.size();
        boolean[] text = new boolean[width];
        double[][] numbers = new double[width][];
        String[][] texts = new String[width][];
        int capacity = 1024;
        for (int i = 0; i < width; i++) {
            text[i] = isText(columns.get(i)[1]);
            if (text[i]) {
                texts[i] = new String[capacity];
            } else {
                numbers[i] = new double[capacity];
            }
        }
        int rows = 0;
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                if (rows == capacity) {
                    capacity = Math.toIntExact(Math.min(Integer.MAX_VALUE - 8, capacity * 2L));
                    for (int i = 0; i < width; i++) {
                        if (text[i]) {
                            texts[i] = Arrays.copyOf(texts[i], capacity);
                        } else {
                            numbers[i] = Arrays.copyOf(numbers[i], capacity);
                        }
                    }
                }
                for (int i = 0; i < width; i++) {
                    if (text[i]) {
                        texts[i][rows] = rs.getString(i + 1);
                    } else {
                        double value = rs.getDouble(i + 1);
                        numbers[i][rows] = rs.wasNull() ? Double.NaN : value;
                    }
                }
                rows++;
            }
        }
        Map<String, Column> frame = new LinkedHashMap<>();
        for (int i = 0; i < width; i++) {
            frame.put(columns.get(i)[0], text[i] ? new Column.Texts(Arrays.copyOf(texts[i], rows))
                    : new Column.Numbers(Arrays.copyOf(numbers[i], rows)));
        }
        return Frame.of(frame);
    }
}
