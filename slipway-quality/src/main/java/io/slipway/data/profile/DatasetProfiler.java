package io.slipway.data.profile;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import io.slipway.core.data.profile.ColumnKind;
import io.slipway.core.data.profile.ColumnProfile;
import io.slipway.core.data.profile.DatasetProfile;
import io.slipway.core.data.profile.Histogram;
import io.slipway.core.data.profile.Quantiles;
import io.slipway.core.data.profile.ValueCount;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.duckdb.DuckDBDriver;

/**
 * Profiles a tabular dataset (CSV, Parquet or JSON lines; a file, a glob or a directory of one
 * format) with an embedded, in-memory DuckDB. DuckDB reads the files itself, in parallel; the JVM
 * only receives aggregates, so the dataset's size does not matter to the heap. Two scans:
 * <ol>
 *   <li>counts, nulls, {@code approx_count_distinct} (HyperLogLog), min/max, mean,
 *       {@code stddev_samp}, {@code approx_quantile} (a t-digest: typically well under 1 % of the
 *       value range off, in bounded memory, where the exact {@code quantile_cont} would hold every
 *       value of every column) and, for categorical and boolean columns, {@code approx_top_k}
 *       to find candidate frequent values;</li>
 *   <li>histograms on bins fixed by the first scan's min/max, and the exact counts of the
 *       candidate frequent values.</li>
 * </ol>
 * CSV types are sniffed by DuckDB from a sample of the rows ({@code read_csv}'s auto-detection,
 * 20,480 rows): a column whose later rows do not fit the sniffed type is reported as an error
 * naming the line, not silently re-typed. The delimiter is pinned by the file name (.csv: comma,
 * .tsv: tab) so that malformed rows are errors rather than a different guess of the dialect.
 * Columns of nested types, blobs and intervals are profiled as {@code other}: counts only.
 */
public final class DatasetProfiler {
    private final ProfilerSettings settings;

    public DatasetProfiler(ProfilerSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** Profiles the files at {@code location}: a path, a directory, or a glob like {@code /data/part-*.parquet}. */
    public DatasetProfile profile(String location) {
        TabularSource source = TabularSource.of(location);
        try (Connection connection = open(settings)) {
            List<Column> columns = describe(connection, source);
            FirstPass first = firstPass(connection, source, columns);
            if (first.rowCount == 0) {
                throw SlipwayException.invalidParameter("Cannot profile '%s': it holds no rows.", location);
            }
            return secondPass(connection, source, columns, first);
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, source, location);
        }
    }

    /** An in-memory DuckDB held to the settings' threads and memory; for the profiler and whatever else reads tabular files. */
    public static Connection open(ProfilerSettings settings) throws SQLException {
        return open(settings, new Properties());
    }

    /**
     * As {@link #open(ProfilerSettings)}, but a query's rows come to the JDBC result set as it reads them
     * instead of all at once: for reading a file of any size in batches. A streaming result set is the
     * connection's only open query.
     */
    public static Connection openStreaming(ProfilerSettings settings) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
        return open(settings, properties);
    }

    private static Connection open(ProfilerSettings settings, Properties properties) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:", properties);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET threads = " + settings.threads());
            statement.execute("SET memory_limit = " + SqlText.literal(settings.memoryLimit()));
            // aggregates do not care about row order; not keeping it lets DuckDB stream with less memory
            statement.execute("SET preserve_insertion_order = false");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private record Column(String name, String type, ColumnKind kind) {
        String sql() {
            return SqlText.identifier(name);
        }
    }

    private static List<Column> describe(Connection connection, TabularSource source) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("DESCRIBE SELECT * FROM " + source.tableFunction())) {
            while (rs.next()) {
                String type = rs.getString("column_type");
                columns.add(new Column(rs.getString("column_name"), type, kindOf(type)));
            }
        }
        return columns;
    }

    static ColumnKind kindOf(String duckDbType) {
        String type = duckDbType.toUpperCase(Locale.ROOT);
        if (type.matches("(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|DECIMAL\\(.*\\))")) {
            return ColumnKind.NUMERIC;
        }
        if (type.equals("BOOLEAN")) {
            return ColumnKind.BOOLEAN;
        }
        if (type.matches("(DATE|TIME|TIMESTAMP)( WITH TIME ZONE|_S|_MS|_NS)?|TIME_NS")) {
            return ColumnKind.TEMPORAL;
        }
        if (type.equals("VARCHAR") || type.startsWith("ENUM(") || type.equals("UUID")) {
            return ColumnKind.CATEGORICAL;
        }
        return ColumnKind.OTHER;
    }

    private static boolean hasTopValues(ColumnKind kind) {
        return kind == ColumnKind.CATEGORICAL || kind == ColumnKind.BOOLEAN;
    }

    /** What the first scan found; per column, indexed like the column list. */
    private record FirstPass(long rowCount, long[] counts, Long[] distinct, String[] min, String[] max, Double[] numericMin,
            Double[] numericMax, Double[] mean, Double[] std, Quantiles[] quantiles, List<List<String>> topCandidates) {
    }

    private static FirstPass firstPass(Connection connection, TabularSource source, List<Column> columns) throws SQLException {
        String probabilities = Arrays.stream(Quantiles.PROBABILITIES).mapToObj(Double::toString).collect(Collectors.joining(", ", "[", "]"));
        List<String> select = new ArrayList<>();
        select.add("count(*) AS row_count");
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            String col = c.sql();
            select.add("count(" + col + ") AS n" + i);
            if (c.kind() == ColumnKind.OTHER) {
                continue;
            }
            select.add("approx_count_distinct(" + col + ") AS d" + i);
            select.add("min(" + col + ")::VARCHAR AS lo" + i);
            select.add("max(" + col + ")::VARCHAR AS hi" + i);
            if (c.kind() == ColumnKind.NUMERIC) {
                select.add("min(" + col + ")::DOUBLE AS nlo" + i);
                select.add("max(" + col + ")::DOUBLE AS nhi" + i);
                select.add("avg(" + col + "::DOUBLE) AS mean" + i);
                select.add("stddev_samp(" + col + "::DOUBLE) AS std" + i);
                select.add("approx_quantile(" + col + "::DOUBLE, " + probabilities + ") AS q" + i);
            }
            if (hasTopValues(c.kind())) {
                select.add("approx_top_k(" + col + "::VARCHAR, " + ColumnProfile.TOP_K + ") AS top" + i);
            }
        }
        String sql = "SELECT " + String.join(",\n  ", select) + "\nFROM " + source.tableFunction();
        int n = columns.size();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            FirstPass first = new FirstPass(rs.getLong("row_count"), new long[n], new Long[n], new String[n], new String[n], new Double[n],
                    new Double[n], new Double[n], new Double[n], new Quantiles[n], new ArrayList<>());
            for (int i = 0; i < n; i++) {
                Column c = columns.get(i);
                first.counts[i] = rs.getLong("n" + i);
                List<String> top = List.of();
                if (c.kind() != ColumnKind.OTHER) {
                    first.distinct[i] = rs.getLong("d" + i);
                    first.min[i] = rs.getString("lo" + i);
                    first.max[i] = rs.getString("hi" + i);
                }
                if (c.kind() == ColumnKind.NUMERIC) {
                    first.numericMin[i] = nullableDouble(rs, "nlo" + i);
                    first.numericMax[i] = nullableDouble(rs, "nhi" + i);
                    first.mean[i] = nullableDouble(rs, "mean" + i);
                    first.std[i] = nullableDouble(rs, "std" + i);
                    Array q = rs.getArray("q" + i);
                    if (q != null) {
                        first.quantiles[i] = Quantiles.of(Arrays.stream((Object[]) q.getArray()).mapToDouble(v -> ((Number) v).doubleValue()).toArray());
                    }
                }
                if (hasTopValues(c.kind())) {
                    Array values = rs.getArray("top" + i);
                    if (values != null) {
                        top = Arrays.stream((Object[]) values.getArray()).filter(v -> v != null).map(Object::toString).toList();
                    }
                }
                first.topCandidates.add(top);
            }
            return first;
        }
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    /** Bins are needed when there is a finite range to cut: not for empty, all-NaN or infinite columns. */
    private static boolean binnable(FirstPass first, int i) {
        Double lo = first.numericMin[i];
        Double hi = first.numericMax[i];
        return lo != null && hi != null && Double.isFinite(lo) && Double.isFinite(hi) && lo < hi;
    }

    private static DatasetProfile secondPass(Connection connection, TabularSource source, List<Column> columns, FirstPass first)
            throws SQLException {
        int bins = ColumnProfile.HISTOGRAM_BINS;
        List<String> select = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            if (c.kind() == ColumnKind.NUMERIC && binnable(first, i)) {
                double lo = first.numericMin[i];
                double width = (first.numericMax[i] - lo) / bins;
                // bin i holds [lo + i * width, lo + (i + 1) * width); the maximum goes into the last bin
                // least() skips NULLs, so without the CASE every null would land in the last bin
                select.add("histogram(CASE WHEN " + c.sql() + " IS NOT NULL THEN least(floor((" + c.sql() + "::DOUBLE - ?) / ?), " + (bins - 1)
                        + ")::INTEGER END) AS h" + i);
                parameters.add(lo);
                parameters.add(width);
            }
            List<String> candidates = first.topCandidates.get(i);
            if (!candidates.isEmpty()) {
                String marks = candidates.stream().map(v -> "?").collect(Collectors.joining(", "));
                select.add("histogram(CASE WHEN " + c.sql() + "::VARCHAR IN (" + marks + ") THEN " + c.sql() + "::VARCHAR END) AS t" + i);
                parameters.addAll(candidates);
            }
        }
        List<Map<?, ?>> histograms = new ArrayList<>();
        List<Map<?, ?>> topCounts = new ArrayList<>();
        if (select.isEmpty()) {
            columns.forEach(c -> {
                histograms.add(null);
                topCounts.add(null);
            });
        } else {
            String sql = "SELECT " + String.join(",\n  ", select) + "\nFROM " + source.tableFunction();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int p = 0; p < parameters.size(); p++) {
                    statement.setObject(p + 1, parameters.get(p));
                }
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    for (int i = 0; i < columns.size(); i++) {
                        histograms.add(columns.get(i).kind() == ColumnKind.NUMERIC && binnable(first, i) ? mapOf(rs, "h" + i) : null);
                        topCounts.add(first.topCandidates.get(i).isEmpty() ? null : mapOf(rs, "t" + i));
                    }
                }
            }
        }
        List<ColumnProfile> profiles = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            profiles.add(columnProfile(columns.get(i), i, first, histograms.get(i), topCounts.get(i)));
        }
        return new DatasetProfile(first.rowCount, profiles);
    }

    private static Map<?, ?> mapOf(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        return value == null ? Map.of() : (Map<?, ?>) value;
    }

    private static ColumnProfile columnProfile(Column c, int i, FirstPass first, Map<?, ?> binCounts, Map<?, ?> topCounts) {
        long count = first.counts[i];
        Histogram histogram = null;
        if (c.kind() == ColumnKind.NUMERIC) {
            histogram = histogram(first, i, binCounts, count);
        }
        List<ValueCount> top = List.of();
        Long other = null;
        if (hasTopValues(c.kind())) {
            top = topCounts == null ? List.of() : topCounts.entrySet().stream()
                    .map(e -> new ValueCount(e.getKey().toString(), ((Number) e.getValue()).longValue()))
                    .sorted(Comparator.comparingLong(ValueCount::count).reversed().thenComparing(ValueCount::value))
                    .limit(ColumnProfile.TOP_K)
                    .toList();
            other = count - top.stream().mapToLong(ValueCount::count).sum();
        }
        return new ColumnProfile(c.name(), c.type(), c.kind(), count, first.rowCount - count, first.distinct[i], first.min[i], first.max[i],
                first.mean[i], first.std[i], first.quantiles[i], histogram, top, other);
    }

    private static Histogram histogram(FirstPass first, int i, Map<?, ?> binCounts, long count) {
        Double lo = first.numericMin[i];
        Double hi = first.numericMax[i];
        if (lo == null || hi == null || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            return null;
        }
        if (lo.equals(hi)) {
            return new Histogram(List.of(lo, hi), List.of(count));
        }
        int bins = ColumnProfile.HISTOGRAM_BINS;
        double width = (hi - lo) / bins;
        List<Double> edges = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            edges.add(lo + b * width);
        }
        edges.add(hi);
        Long[] counts = new Long[bins];
        Arrays.fill(counts, 0L);
        binCounts.forEach((bin, n) -> counts[((Number) bin).intValue()] = ((Number) n).longValue());
        return new Histogram(edges, List.of(counts));
    }
}
