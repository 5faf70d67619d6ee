package io.slipway.ml.frame;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import io.slipway.data.profile.DatasetProfiler;
import io.slipway.data.profile.ProfilerSettings;
import io.slipway.data.profile.SqlText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes frames, one after another, as one table: CSV (RFC 4180), Parquet or JSON lines, by the file's
 * extension. Rows go to a hidden file next to the target as they come, and {@link #commit} moves the
 * finished table into place; closing without a commit deletes it, so a failure leaves no half-written
 * file. Parquet and JSON lines are written as CSV first and converted by DuckDB at the commit, which
 * streams: memory stays bounded by one frame whatever the table's size.
 */
public final class FrameWriter implements AutoCloseable {
    public enum Format {
        CSV(".csv"), PARQUET(".parquet"), JSON_LINES(".jsonl");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        /** The format a file's name asks for; a 400 for any other name. */
        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            for (Format format : values()) {
                if (name.endsWith(format.extension)) {
                    return format;
                }
            }
            throw SlipwayException.invalidParameter("Cannot write '%s': name it .csv, .parquet or .jsonl.", file);
        }
    }

    private final Path target;
    private final Format format;
    private final ProfilerSettings settings;
    private final Path rowsFile;
    private final BufferedWriter out;
    private List<String> names;
    private List<String> types;

    private FrameWriter(Path target, Format format, ProfilerSettings settings, Path rowsFile) throws IOException {
        this.target = target;
        this.format = format;
        this.settings = settings;
        this.rowsFile = rowsFile;
        this.out = Files.newBufferedWriter(rowsFile, StandardCharsets.UTF_8);
    }

    /** A writer of {@code target}, in the format its extension names; a 400 for another extension, a 404 for a missing directory. */
    public static FrameWriter create(Path target, ProfilerSettings settings) {
        requireNonNull(settings, "settings is null");
        Format format = Format.of(target);
        Path directory = directoryOf(target);
        try {
            return new FrameWriter(target, format, settings, temporary(directory, target, format == Format.CSV ? ".tmp" : ".csv.tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** The directory {@code target} goes into: a 404 when it does not exist, a 400 when the target is a directory. */
    public static Path directoryOf(Path target) {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw SlipwayException.invalidParameter("Cannot write '%s': it is a directory.", target);
        }
        if (!Files.isDirectory(absolute.getParent())) {
            throw SlipwayException.notFound("Cannot write '%s': no such directory %s.", target, absolute.getParent());
        }
        return absolute.getParent();
    }

    // not Files.createTempFile: its owner-only permissions would stay with the finished file
    private static Path temporary(Path directory, Path target, String suffix) {
        return directory.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + suffix);
    }

    /** Appends the frame's rows; every frame has the first one's columns, of the same kinds. */
    public void write(Frame frame) {
        if (names == null) {
            names = frame.columnNames();
            types = frame.columns().values().stream().map(c -> c instanceof Column.Numbers ? "DOUBLE" : "VARCHAR").toList();
            writeRecord(names);
        } else if (!frame.columnNames().equals(names)) {
            throw new IllegalArgumentException("columns " + frame.columnNames() + " after " + names);
        }
        List<Column> columns = new ArrayList<>(frame.columns().values());
        List<String> record = new ArrayList<>(columns.size());
        for (int row = 0; row < frame.rowCount(); row++) {
            record.clear();
            for (Column column : columns) {
                record.add(column.text(row));
            }
            writeRecord(record);
        }
    }

    private void writeRecord(List<String> values) {
        try {
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(csvField(values.get(i)));
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled; a missing value is empty, an empty text {@code ""}. */
    static String csvField(String value) {
        if (value == null) {
            return "";
        }
        if (value.isEmpty() || value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    /** Finishes the table and moves it into place, replacing any file there. */
    public void commit() {
        if (names == null) {
            throw new IllegalStateException("no frame written to " + target);
        }
        try {
            out.close();
            Path finished = rowsFile;
            if (format != Format.CSV) {
                finished = temporary(rowsFile.getParent(), target, ".tmp");
                convert(finished);
            }
            Files.move(finished, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Copies the CSV rows into {@code into} in the target's format, with the frames' column kinds and in their order. */
    private void convert(Path into) {
        StringBuilder columns = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            columns.append(i == 0 ? "" : ", ").append(SqlText.literal(names.get(i))).append(": ").append(SqlText.literal(types.get(i)));
        }
        columns.append('}');
        String copy = "COPY (SELECT * FROM read_csv(" + SqlText.literal(rowsFile.toString()) + ", header = true, auto_detect = false,"
                + " delim = ',', quote = '\"', escape = '\"', allow_quoted_nulls = false, columns = " + columns + "))"
                + " TO " + SqlText.literal(into.toString()) + (format == Format.PARQUET ? " (FORMAT PARQUET)" : " (FORMAT JSON)");
        try (Connection connection = DatasetProfiler.open(settings); Statement statement = connection.createStatement()) {
            statement.execute("SET preserve_insertion_order = true");
            statement.execute(copy);
        } catch (SQLException e) {
            deleteQuietly(into);
            throw new UncheckedIOException(new IOException("Cannot write " + target + ": " + e.getMessage(), e));
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the file is deleted anyway unless committed
        }
        deleteQuietly(rowsFile); // moved away by a commit to CSV, else the rows were never wanted or converted already
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover hidden file is not worth failing for
        }
    }
}
