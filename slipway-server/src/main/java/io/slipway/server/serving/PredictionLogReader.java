package io.slipway.server.serving;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactPath;
import io.slipway.core.artifacts.ArtifactStore;
import io.slipway.core.artifacts.FileInfo;
import io.slipway.data.profile.SqlText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads one deployment's logged predictions back from the artifact store, local or S3: the
 * segments of the asked dates are copied to a scratch directory and read by DuckDB, with the
 * latest ground truth of each prediction joined, by prediction id or by a business key.
 */
public final class PredictionLogReader {
    public static final int MAX_RESULTS = 10_000;
    private static final TypeReference<LinkedHashMap<String, Object>> INPUTS = new TypeReference<>() {};
    private static final TypeReference<List<Double>> PROBABILITIES = new TypeReference<>() {};

    private final ArtifactStore store;
    private final Path workDir;
    private final ObjectMapper json = new ObjectMapper();

    public PredictionLogReader(ArtifactStore store, Path workDir) {
        this.store = requireNonNull(store, "store is null");
        this.workDir = requireNonNull(workDir, "workDir is null");
    }

    /**
     * The deployment's predictions logged from {@code from} to {@code to} (UTC dates, both
     * included), newest first, at most {@code maxResults}; with {@code keyColumn} (an input column),
     * ground truth is matched by business key, else by prediction id. Feedback counts whenever it
     * came, from {@code from} on.
     */
    public List<LoggedPrediction> search(String deployment, LocalDate from, LocalDate to, int maxResults, String keyColumn) {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        if (maxResults < 1 || maxResults > MAX_RESULTS) {
            throw SlipwayException.invalidParameter("Invalid value %d for parameter 'max_results': it must be between 1 and %d.",
                    maxResults, MAX_RESULTS);
        }
        if (from.isAfter(to)) {
            throw SlipwayException.invalidParameter("Invalid value '%s' for parameter 'from': it lies after 'to' (%s).", from, to);
        }
        if (keyColumn != null && keyColumn.isEmpty()) {
            throw SlipwayException.invalidParameter("Invalid value '' for parameter 'key_column': name an input column.");
        }
        Path scratch = scratchDirectory();
        try {
            List<Path> feedback = copySegments(PredictionLog.FEEDBACK, deployment, days(PredictionLog.FEEDBACK, deployment, from, LocalDate.MAX),
                    scratch.resolve("f"));
            // newest day first, stopping once enough rows are found: a long range of a busy deployment is not copied whole
            List<LoggedPrediction> rows = new ArrayList<>();
            for (String day : days(PredictionLog.PREDICTIONS, deployment, from, to)) {
                Path dayDir = scratch.resolve("p-" + day);
                List<Path> predictions = copySegments(PredictionLog.PREDICTIONS, deployment, List.of(day), dayDir);
                if (!predictions.isEmpty()) {
                    rows.addAll(query(predictions, feedback, maxResults - rows.size(), keyColumn));
                }
                deleteTree(dayDir);
                if (rows.size() >= maxResults) {
                    break;
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the prediction log of '" + deployment + "': " + e.getMessage(), e);
        } finally {
            deleteTree(scratch);
        }
    }

    private static ArtifactPath base(String kind, String deployment) {
        return ArtifactSegmentSink.ROOT.resolve(ArtifactPath.parse(kind + "/deployment=" + deployment, "deployment"));
    }

    /** The {@code date=...} directories of {@code from} to {@code to}, newest first. */
    private List<String> days(String kind, String deployment, LocalDate from, LocalDate to) throws IOException {
        List<String> days = new ArrayList<>();
        for (FileInfo day : store.list(base(kind, deployment))) {
            Optional<LocalDate> date = dateOf(day.path());
            if (day.isDir() && date.isPresent() && !date.get().isBefore(from) && !date.get().isAfter(to)) {
                days.add(day.path());
            }
        }
        days.sort(Comparator.reverseOrder());
        return days;
    }

    private List<Path> copySegments(String kind, String deployment, List<String> days, Path into) throws IOException {
        ArtifactPath base = base(kind, deployment);
        List<Path> copied = new ArrayList<>();
        for (String day : days) {
            ArtifactPath dayPath = base.child(day);
            for (FileInfo segment : store.list(dayPath)) {
                if (segment.isDir() || !segment.path().endsWith(".parquet")) {
                    continue;
                }
                Optional<InputStream> content = store.read(dayPath.child(segment.path()));
                if (content.isEmpty()) {
                    continue; // deleted since the listing
                }
                Files.createDirectories(into);
                Path local = into.resolve(day + "-" + segment.path());
                try (InputStream in = content.get()) {
                    Files.copy(in, local);
                }
                copied.add(local);
            }
        }
        return copied;
    }

    private static Optional<LocalDate> dateOf(String directory) {
        if (!directory.startsWith("date=")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(directory.substring("date=".length())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private List<LoggedPrediction> query(List<Path> predictions, List<Path> feedback, int maxResults, String keyColumn) {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            statement.execute("SET threads = 1");
            statement.execute("CREATE VIEW p AS SELECT * FROM read_parquet(" + fileList(predictions) + ", union_by_name = true)");
            String predictionKey = "p.prediction_id";
            String feedbackKey = "prediction_id";
            if (keyColumn != null) {
                predictionKey = keyText(statement, keyColumn);
                feedbackKey = "business_key";
            }
            statement.execute(feedback.isEmpty()
                    ? "CREATE VIEW f AS SELECT NULL::VARCHAR AS k, NULL::VARCHAR AS ground_truth, NULL::TIMESTAMP AS ts WHERE false"
                    : "CREATE VIEW f AS SELECT " + feedbackKey + " AS k, ground_truth, \"timestamp\" AS ts FROM read_parquet("
                            + fileList(feedback) + ", union_by_name = true) WHERE " + feedbackKey + " IS NOT NULL"
                            + " QUALIFY row_number() OVER (PARTITION BY " + feedbackKey + " ORDER BY \"timestamp\" DESC) = 1");
            String select = "SELECT p.prediction_id, p.request_id, epoch_ms(p.\"timestamp\") AS ts, p.deployment, p.model_name,"
                    + " p.model_version, p.role, p.latency_ms, p.prediction, p.label, to_json(p.probabilities)::VARCHAR AS probabilities,"
                    + " to_json(p.inputs)::VARCHAR AS inputs, f.ground_truth, epoch_ms(f.ts) AS feedback_ts"
                    + " FROM p LEFT JOIN f ON " + predictionKey + " = f.k"
                    + " ORDER BY p.\"timestamp\" DESC, p.prediction_id DESC LIMIT " + maxResults;
            List<LoggedPrediction> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(select)) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot query the prediction log: " + e.getMessage(), e);
        }
    }

    /** The SQL text of input {@code keyColumn} as a business key: whole numbers without a fraction, as clients write them. */
    private static String keyText(Statement statement, String keyColumn) throws SQLException {
        String type = null;
        try (ResultSet rs = statement.executeQuery("DESCRIBE SELECT inputs." + SqlText.identifier(keyColumn) + " AS k FROM p")) {
            if (rs.next()) {
                type = rs.getString("column_type");
            }
        } catch (SQLException e) {
            throw SlipwayException.invalidParameter("Invalid value '%s' for parameter 'key_column': the logged inputs have no such column.",
                    keyColumn);
        }
        String column = "p.inputs." + SqlText.identifier(keyColumn);
        if ("DOUBLE".equals(type)) {
            return "(CASE WHEN " + column + " = round(" + column + ") AND abs(" + column + ") < 1e15 THEN CAST(CAST(" + column
                    + " AS BIGINT) AS VARCHAR) ELSE CAST(" + column + " AS VARCHAR) END)";
        }
        return "CAST(" + column + " AS VARCHAR)";
    }

    private LoggedPrediction row(ResultSet rs) throws SQLException {
        double prediction = rs.getDouble("prediction");
        Double predictionValue = rs.wasNull() ? null : prediction;
        long feedback = rs.getLong("feedback_ts");
        Long feedbackTimestamp = rs.wasNull() ? null : feedback;
        return new LoggedPrediction(rs.getString("prediction_id"), rs.getString("request_id"), rs.getLong("ts"), rs.getString("deployment"),
                rs.getString("model_name"), rs.getString("model_version"), rs.getString("role"), rs.getDouble("latency_ms"), predictionValue,
                rs.getString("label"), parse(rs.getString("probabilities"), PROBABILITIES), parse(rs.getString("inputs"), INPUTS),
                rs.getString("ground_truth"), feedbackTimestamp);
    }

    private <T> T parse(String text, TypeReference<T> type) {
        if (text == null || text.equals("null")) {
            return null;
        }
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fileList(List<Path> files) {
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < files.size(); i++) {
            list.append(i == 0 ? "" : ", ").append(SqlText.literal(files.get(i).toString()));
        }
        return list.append(']').toString();
    }

    private Path scratchDirectory() {
        try {
            Files.createDirectories(workDir);
            return Files.createTempDirectory(workDir, "search-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a scratch directory in " + workDir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // scratch files left behind are cleaned with the temporary directory
        }
    }
}
