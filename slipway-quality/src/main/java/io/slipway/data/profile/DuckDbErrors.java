package io.slipway.data.profile;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** DuckDB's errors about the files it reads, as Slipway errors that name the file and, where DuckDB knows it, the line. */
public final class DuckDbErrors {
    private static final Pattern LINE = Pattern.compile("(?i)\\bline:? (\\d+)");
    private static final Pattern FILE = Pattern.compile("(?m)^\\s*file = (.+)$");
    private static final int MAX_MESSAGE = 600;

    private DuckDbErrors() {
    }

    public static SlipwayException translate(SQLException e, TabularSource source, String location) {
        return translate(e, source, location, "profile");
    }

    /** @param verb what was being done to the files, for the message: "Cannot {verb} 'file'" */
    public static SlipwayException translate(SQLException e, TabularSource source, String location, String verb) {
        String raw = String.valueOf(e.getMessage());
        if (raw.contains("No files found that match the pattern")) {
            return SlipwayException.notFound("Cannot %s '%s': no files match it.", verb, location);
        }
        if (source.format() == TabularSource.Format.CSV && raw.contains("Error when sniffing file") && source.singleFile() != null) {
            // the sniffer only says it gave up; reading with the header's column count says where the file goes wrong
            String diagnosis = diagnoseCsv(source);
            if (diagnosis != null) {
                raw = diagnosis;
            }
        }
        Matcher file = FILE.matcher(raw);
        String where = file.find() ? file.group(1).trim() : location;
        String message = essence(raw);
        Matcher line = LINE.matcher(message);
        String at = line.find() ? " at line " + line.group(1) : "";
        return new SlipwayException(ErrorCode.INVALID_PARAMETER_VALUE, "Cannot " + verb + " '" + where + "'" + at + ": " + message, e);
    }

    /**
     * The part of a DuckDB message that says what is wrong: the innermost error's first paragraph,
     * without the echoed SQL, the dialect search space or the list of reader options.
     */
    static String essence(String raw) {
        String message = raw;
        int inner = message.lastIndexOf("\nError: ");
        if (inner >= 0) {
            message = message.substring(inner + "\nError: ".length());
        }
        for (String cut : List.of("\n\n", "\nLINE 1:", "\nThe search space used was", "\nPossible Solution", "\nPossible fixes")) {
            int at = message.indexOf(cut);
            if (at >= 0) {
                message = message.substring(0, at);
            }
        }
        message = message.replaceFirst("^(Invalid Input|IO|Conversion|Binder|Parser) Error: ", "").strip().replace("\n", "; ");
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
    }

    /** Reads the file with the sniffer off and as many text columns as the header has; DuckDB then reports the first bad row. */
    private static String diagnoseCsv(TabularSource source) {
        String header;
        try (BufferedReader reader = Files.newBufferedReader(source.singleFile(), StandardCharsets.UTF_8)) {
            header = reader.readLine();
        } catch (IOException e) {
            return null;
        }
        if (header == null) {
            return null;
        }
        int columns = header.split(Pattern.quote(source.delimiter()), -1).length;
        List<String> types = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            types.add(SqlText.literal("c" + i) + ": 'VARCHAR'");
        }
        String sql = "SELECT count(*) FROM read_csv(" + SqlText.literal(source.location()) + ", auto_detect = false, header = true, delim = "
                + SqlText.literal(source.delimiter()) + ", quote = '\"', escape = '\"', columns = {" + String.join(", ", types) + "})";
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            statement.executeQuery(sql).close();
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }
}
