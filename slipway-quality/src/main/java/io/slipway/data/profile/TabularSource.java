package io.slipway.data.profile;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Files DuckDB reads a table from: one file, a glob, or a directory of files of one format.
 *
 * @param location the file, glob or (for a directory) the glob of its files of that format
 * @param singleFile the file when there is exactly one, for error diagnosis; else null
 */
public record TabularSource(Format format, String location, Path singleFile) {
    public enum Format {
        CSV, PARQUET, JSON_LINES;

        static Format ofFileName(String name) {
            String n = name.toLowerCase(Locale.ROOT).replaceFirst("\\.(gz|zst)$", "");
            if (n.endsWith(".csv") || n.endsWith(".tsv")) {
                return CSV;
            }
            if (n.endsWith(".parquet") || n.endsWith(".pq")) {
                return PARQUET;
            }
            if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
                return JSON_LINES;
            }
            return null;
        }
    }

    public TabularSource {
        requireNonNull(format, "format is null");
        requireNonNull(location, "location is null");
    }

    public static TabularSource of(String location) {
        requireNonNull(location, "location is null");
        if (location.matches(".*[*?\\[].*")) {
            Format format = Format.ofFileName(location);
            if (format == null) {
                throw SlipwayException.invalidParameter("Cannot tell the format of '%s': name the files .csv, .tsv, .parquet, .jsonl or .json.",
                        location);
            }
            return new TabularSource(format, location, null);
        }
        Path path = Path.of(location);
        if (!Files.exists(path)) {
            throw SlipwayException.notFound("Cannot profile '%s': no such file or directory.", location);
        }
        if (Files.isDirectory(path)) {
            return ofDirectory(path);
        }
        Format format = Format.ofFileName(path.getFileName().toString());
        if (format == null) {
            throw SlipwayException.invalidParameter("Cannot tell the format of '%s': name it .csv, .tsv, .parquet, .jsonl or .json.", location);
        }
        return new TabularSource(format, path.toString(), path);
    }

    /** The directory's own files (hidden ones and those of unknown formats, like _SUCCESS, aside) must share one format. */
    private static TabularSource ofDirectory(Path dir) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(".") && Format.ofFileName(p.getFileName().toString()) != null)
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw SlipwayException.invalidParameter("Cannot profile '%s': it holds no .csv, .tsv, .parquet, .jsonl or .json files.", dir);
        }
        List<String> extensions = files.stream().map(p -> extension(p.getFileName().toString())).distinct().toList();
        if (extensions.size() > 1) {
            throw SlipwayException.invalidParameter("Cannot profile '%s': its files mix formats (%s); a table is files of one format.", dir,
                    String.join(", ", extensions));
        }
        Format format = Format.ofFileName(files.get(0).getFileName().toString());
        return new TabularSource(format, dir.resolve("*" + extensions.get(0)).toString(), files.size() == 1 ? files.get(0) : null);
    }

    private static String extension(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int dot = lower.replaceFirst("\\.(gz|zst)$", "").lastIndexOf('.');
        return name.substring(dot);
    }

    /** The table function that reads these files. */
    public String tableFunction() {
        String path = SqlText.literal(location);
        return switch (format) {
            // the delimiter and the first line are pinned, the rest (header, quoting, types) sniffed: left free, the sniffer
            // "succeeds" on malformed files by reading them as one column or skipping leading rows
            case CSV -> "read_csv(" + path + ", delim = " + SqlText.literal(delimiter()) + ", skip = 0, strict_mode = true, null_padding = false)";
            case PARQUET -> "read_parquet(" + path + ")";
            case JSON_LINES -> "read_json_auto(" + path + ", format = " + SqlText.literal(isJsonLines() ? "newline_delimited" : "auto") + ")";
        };
    }

    String delimiter() {
        return location.toLowerCase(Locale.ROOT).replaceFirst("\\.(gz|zst)$", "").endsWith(".tsv") ? "\t" : ",";
    }

    private boolean isJsonLines() {
        String n = location.toLowerCase(Locale.ROOT).replaceFirst("\\.(gz|zst)$", "");
        return n.endsWith(".jsonl") || n.endsWith(".ndjson");
    }

    /** The table's columns and their DuckDB types, in file order, as DuckDB reads them over {@code connection}. */
    public Map<String, String> columnTypes(Connection connection) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("DESCRIBE SELECT * FROM " + tableFunction())) {
            while (rs.next()) {
                types.put(rs.getString("column_name"), rs.getString("column_type"));
            }
        }
        return types;
    }
}
