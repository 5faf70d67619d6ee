package io.slipway.ml.frame;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import io.slipway.data.profile.DatasetProfiler;
import io.slipway.data.profile.DuckDbErrors;
import io.slipway.data.profile.ProfilerSettings;
import io.slipway.data.profile.TabularSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A table's rows as frames of at most {@code rowsPerBatch} rows each, in file order, read from one
 * streaming DuckDB query: only the current batch is held in memory, so a file of any size can be
 * scored. Made by {@link FrameReader#batches}; close it to end the query. A file DuckDB cannot read
 * to the end (text in a column it typed as numbers, a malformed line) is a 400 from {@link #next} or
 * {@link #hasNext}.
 *
 * <p>A DuckDB streaming result that fails part-way can end as if the table had no more rows, so the
 * end is believed only once the rows read match the table's row count; otherwise the query is run
 * again, not streamed and under an aggregate, for DuckDB's own error.
 */
public final class FrameBatches implements Iterator<Frame>, AutoCloseable {
    private final TabularSource source;
    private final String location;
    private final ProfilerSettings settings;
    private final String sql;
    private final Connection connection;
    private final Statement statement;
    private final ResultSet rows;
    private final List<String> names;
    private final boolean[] text;
    private final int rowsPerBatch;
    private long rowsRead;
    /** Whether {@link #rows} is on a row not yet in a batch; null before the first look. */
    private Boolean pending;

    FrameBatches(TabularSource source, String location, ProfilerSettings settings, Connection connection, String sql, List<String> names,
            boolean[] text, int rowsPerBatch) throws SQLException {
        this.source = requireNonNull(source, "source is null");
        this.location = requireNonNull(location, "location is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.sql = requireNonNull(sql, "sql is null");
        this.connection = requireNonNull(connection, "connection is null");
        this.names = List.copyOf(names);
        this.text = text.clone();
        this.rowsPerBatch = rowsPerBatch;
        this.statement = connection.createStatement();
        try {
            this.rows = statement.executeQuery(sql);
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    /** The table's columns, in file order, as every batch has them. */
    public List<String> columnNames() {
        return names;
    }

    @Override
    public boolean hasNext() {
        if (pending == null) {
            pending = advance();
        }
        return pending;
    }

    /** The next rows, at least one and at most {@code rowsPerBatch}. */
    @Override
    public Frame next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no rows left in " + location);
        }
        int width = names.size();
        int capacity = Math.min(rowsPerBatch, 1024);
        double[][] numbers = new double[width][];
        String[][] texts = new String[width][];
        for (int i = 0; i < width; i++) {
            if (text[i]) {
                texts[i] = new String[capacity];
            } else {
                numbers[i] = new double[capacity];
            }
        }
        int count = 0;
        try {
            while (count < rowsPerBatch && hasNext()) {
                if (count == capacity) {
                    capacity = (int) Math.min(rowsPerBatch, Math.min(Integer.MAX_VALUE - 8, capacity * 2L));
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
                        texts[i][count] = rows.getString(i + 1);
                    } else {
                        double value = rows.getDouble(i + 1);
                        numbers[i][count] = rows.wasNull() ? Double.NaN : value;
                    }
                }
                count++;
                pending = null; // looked at again only if the batch has room: the query is not read ahead of need
            }
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, source, location, "read");
        }
        return frame(numbers, texts, count);
    }

    /** A frame of this table's columns and no rows, for a table that has none. */
    Frame empty() {
        return frame(new double[names.size()][0], new String[names.size()][0], 0);
    }

    private Frame frame(double[][] numbers, String[][] texts, int count) {
        Map<String, Column> columns = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            columns.put(names.get(i), text[i] ? new Column.Texts(Arrays.copyOf(texts[i], count))
                    : new Column.Numbers(Arrays.copyOf(numbers[i], count)));
        }
        return Frame.of(columns);
    }

    private boolean advance() {
        try {
            if (rows.next()) {
                rowsRead++;
                return true;
            }
        } catch (SQLException e) {
            throw failure();
        }
        if (rowCount() != rowsRead) {
            throw failure();
        }
        return false;
    }

    private long rowCount() {
        try (Connection counting = DatasetProfiler.open(settings); Statement count = counting.createStatement();
                ResultSet rs = count.executeQuery("SELECT count(*) FROM " + source.tableFunction())) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, source, location, "read");
        }
    }

    /** The streamed query stopped early: DuckDB's reason, from the same query run again to the end, not streamed. */
    private SlipwayException failure() {
        // an aggregate of every column makes DuckDB read and convert each value, and holds one row
        try (Connection again = DatasetProfiler.open(settings); Statement statement = again.createStatement();
                ResultSet rs = statement.executeQuery("SELECT max(hash(COLUMNS(*))) FROM (" + sql + ")")) {
            rs.next();
        } catch (SQLException e) {
            return DuckDbErrors.translate(e, source, location, "read");
        }
        return SlipwayException.invalidParameter("Cannot read '%s': DuckDB stopped after %d rows without saying why.", location, rowsRead);
    }

    @Override
    public void close() {
        try (connection; statement; rows) {
            // closes all three, the result set first
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, source, location, "read");
        }
    }
}
