package io.slipway.ml.frame;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A batch of rows in columns, what a {@link io.slipway.ml.predict.Predictor} scores: from a
 * request's records, a CSV or Parquet file read by DuckDB, or a dataset version. Columns are
 * named, in order, and of one length.
 */
public final class Frame {
    private final int rowCount;
    private final Map<String, Column> columns;

    private Frame(int rowCount, Map<String, Column> columns) {
        this.rowCount = rowCount;
        this.columns = columns;
    }

    /** A frame of {@code columns}, in their map's order; all of one length. */
    public static Frame of(Map<String, ? extends Column> columns) {
        requireNonNull(columns, "columns is null");
        Map<String, Column> copy = new LinkedHashMap<>(columns);
        int rows = copy.isEmpty() ? 0 : copy.values().iterator().next().size();
        copy.forEach((name, column) -> {
            requireNonNull(name, "a column name is null");
            if (requireNonNull(column, "column " + name + " is null").size() != rows) {
                throw new IllegalArgumentException("column '" + name + "' has " + column.size() + " rows, the frame " + rows);
            }
        });
        return new Frame(rows, Collections.unmodifiableMap(copy));
    }

    /**
     * A frame of JSON-like records (a column per key, in first-seen order): numbers and booleans
     * make number columns, strings text columns, and a null or an absent key is a missing value.
     * A key whose values mix numbers and strings is refused with a 400 naming the field and row.
     */
    public static Frame fromRecords(List<? extends Map<String, ?>> records) {
        requireNonNull(records, "records is null");
        List<String> names = new ArrayList<>();
        Map<String, Boolean> numeric = new LinkedHashMap<>();
        for (int row = 0; row < records.size(); row++) {
            Map<String, ?> record = records.get(row);
            if (record == null) {
                throw SlipwayException.invalidParameter("Invalid record at index %d: it is null, not an object.", row);
            }
            for (Map.Entry<String, ?> entry : record.entrySet()) {
                Object value = entry.getValue();
                if (value == null) {
                    if (!numeric.containsKey(entry.getKey())) {
                        names.add(entry.getKey());
                        numeric.put(entry.getKey(), null);
                    }
                    continue;
                }
                boolean isNumber = value instanceof Number || value instanceof Boolean;
                if (!isNumber && !(value instanceof String)) {
                    throw SlipwayException.invalidParameter("Invalid value for field '%s' at record %d: expected a number, a boolean or a"
                            + " string, got %s.", entry.getKey(), row, value.getClass().getSimpleName());
                }
                Boolean known = numeric.get(entry.getKey());
                if (!numeric.containsKey(entry.getKey())) {
                    names.add(entry.getKey());
                }
                if (known == null) {
                    numeric.put(entry.getKey(), isNumber);
                } else if (known != isNumber) {
                    throw SlipwayException.invalidParameter("Invalid value for field '%s' at record %d: the field holds %s in earlier"
                            + " records.", entry.getKey(), row, known ? "numbers" : "strings");
                }
            }
        }
        Map<String, Column> columns = new LinkedHashMap<>();
        for (String name : names) {
            if (Boolean.FALSE.equals(numeric.get(name))) {
                String[] values = new String[records.size()];
                for (int row = 0; row < values.length; row++) {
                    values[row] = (String) records.get(row).get(name);
                }
                columns.put(name, new Column.Texts(values));
            } else {
                double[] values = new double[records.size()];
                for (int row = 0; row < values.length; row++) {
                    values[row] = number(records.get(row).get(name));
                }
                columns.put(name, new Column.Numbers(values));
            }
        }
        return new Frame(records.size(), Collections.unmodifiableMap(columns));
    }

    private static double number(Object value) {
        if (value == null) {
            return Double.NaN;
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return ((Number) value).doubleValue();
    }

    public int rowCount() {
        return rowCount;
    }

    public List<String> columnNames() {
        return List.copyOf(columns.keySet());
    }

    public Map<String, Column> columns() {
        return columns;
    }

    public Optional<Column> column(String name) {
        return Optional.ofNullable(columns.get(name));
    }

    /** The column; a 400 naming it when the frame lacks it. */
    public Column require(String name) {
        Column column = columns.get(name);
        if (column == null) {
            throw SlipwayException.invalidParameter("Missing column '%s': the model needs it (the input has %s).", name,
                    columns.isEmpty() ? "no columns" : String.join(", ", columns.keySet()));
        }
        return column;
    }

    /** The rows at {@code indices}, in that order, as a new frame. */
    public Frame select(int[] indices) {
        Map<String, Column> selected = new LinkedHashMap<>();
        columns.forEach((name, column) -> {
            if (column instanceof Column.Numbers numbers) {
                double[] values = new double[indices.length];
                for (int i = 0; i < indices.length; i++) {
                    values[i] = numbers.values()[indices[i]];
                }
                selected.put(name, new Column.Numbers(values));
            } else {
                String[] values = new String[indices.length];
                for (int i = 0; i < indices.length; i++) {
                    values[i] = ((Column.Texts) column).values()[indices[i]];
                }
                selected.put(name, new Column.Texts(values));
            }
        });
        return new Frame(indices.length, Collections.unmodifiableMap(selected));
    }
    /**
     * The rows of {@code frames} one after the other, as one frame; they must have the same
     * columns, in the same order and of the same kinds (as frames decoded for one model do).
     */
    public static Frame concat(List<Frame> frames) {
        requireNonNull(frames, "frames is null");
        if (frames.size() == 1) {
            return frames.get(0);
        }
        Frame first = frames.get(0);
        int rows = 0;
        for (Frame frame : frames) {
            if (!frame.columns.keySet().equals(first.columns.keySet())) {
                throw new IllegalArgumentException("frames with other columns: " + frame.columns.keySet() + " and " + first.columns.keySet());
            }
            rows += frame.rowCount;
        }
        Map<String, Column> joined = new LinkedHashMap<>();
        for (Map.Entry<String, Column> entry : first.columns.entrySet()) {
            String name = entry.getKey();
            if (entry.getValue() instanceof Column.Numbers) {
                double[] values = new double[rows];
                int at = 0;
                for (Frame frame : frames) {
                    double[] part = ((Column.Numbers) frame.columns.get(name)).values();
                    System.arraycopy(part, 0, values, at, part.length);
                    at += part.length;
                }
                joined.put(name, new Column.Numbers(values));
            } else {
                String[] values = new String[rows];
                int at = 0;
                for (Frame frame : frames) {
                    String[] part = ((Column.Texts) frame.columns.get(name)).values();
                    System.arraycopy(part, 0, values, at, part.length);
                    at += part.length;
                }
                joined.put(name, new Column.Texts(values));
            }
        }
        return new Frame(rows, Collections.unmodifiableMap(joined));
    }
}
