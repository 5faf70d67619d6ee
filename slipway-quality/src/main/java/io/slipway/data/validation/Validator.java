package io.slipway.data.validation;

import static java.util.Objects.requireNonNull;

import io.slipway.core.data.profile.NumberText;
import io.slipway.core.data.validation.ExpectationResult;
import io.slipway.core.data.validation.ValidationReport;
import io.slipway.data.profile.DatasetProfiler;
import io.slipway.data.profile.DuckDbErrors;
import io.slipway.data.profile.ProfilerSettings;
import io.slipway.data.profile.SqlText;
import io.slipway.data.profile.TabularSource;
import io.slipway.data.validation.Expectation.Between;
import io.slipway.data.validation.Expectation.ColumnExists;
import io.slipway.data.validation.Expectation.InSet;
import io.slipway.data.validation.Expectation.Matches;
import io.slipway.data.validation.Expectation.MeanBetween;
import io.slipway.data.validation.Expectation.NotNull;
import io.slipway.data.validation.Expectation.QuantileBetween;
import io.slipway.data.validation.Expectation.RowCountBetween;
import io.slipway.data.validation.Expectation.Unique;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a tabular dataset (a file, a directory or a glob, as the profiler reads them) against an
 * expectation suite with an embedded DuckDB: one aggregate query per expectation and, for a
 * row-level expectation that fails, one more for up to five example rows. An expectation about a
 * column the dataset lacks fails, observing {@code column missing}, rather than erroring.
 */
public final class Validator {
    private final ProfilerSettings settings;

    public Validator(ProfilerSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
    }

    public ValidationReport validate(String location, ExpectationSuite suite) {
        TabularSource source = TabularSource.of(location);
        try (Connection connection = DatasetProfiler.open(settings)) {
            Map<String, String> columnTypes = source.columnTypes(connection);
            List<ExpectationResult> results = new ArrayList<>();
            for (Expectation expectation : suite.expectations()) {
                results.add(check(connection, source.tableFunction(), columnTypes, expectation));
            }
            return ValidationReport.of(results);
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, source, location, "validate");
        }
    }

    private static ExpectationResult check(Connection connection, String table, Map<String, String> columnTypes, Expectation e)
            throws SQLException {
        if (e instanceof ColumnExists c) {
            return columnExists(c, columnTypes.get(c.column()));
        }
        if (e.column() != null && !columnTypes.containsKey(e.column())) {
            return result(e, false, "column missing", 0, List.of());
        }
        if (e instanceof RowCountBetween r) {
            long rows = queryLong(connection, "SELECT count(*) FROM " + table);
            return result(e, rows >= r.min() && rows <= r.max(), Long.toString(rows), 0, List.of());
        }
        String col = e.column() == null ? null : SqlText.identifier(e.column());
        if (e instanceof MeanBetween m) {
            Double mean = queryDouble(connection, "SELECT avg(" + col + "::DOUBLE) FROM " + table);
            return result(e, mean != null && mean >= m.min() && mean <= m.max(), mean == null ? "no values" : NumberText.of(mean), 0,
                    List.of());
        }
        if (e instanceof QuantileBetween q) {
            Double value = queryDouble(connection, "SELECT quantile_cont(" + col + "::DOUBLE, " + q.quantile() + ") FROM " + table);
            return result(e, value != null && value >= q.min() && value <= q.max(), value == null ? "no values" : NumberText.of(value), 0,
                    List.of());
        }
        return rowLevel(connection, table, col, e);
    }

    private static ExpectationResult columnExists(ColumnExists c, String duckDbType) {
        if (duckDbType == null) {
            return result(c, false, "column missing", 0, List.of());
        }
        boolean passed = c.type() == null || ColumnType.ofDuckDb(duckDbType).map(c.type()::accepts).orElse(false);
        String observed = ColumnType.ofDuckDb(duckDbType).map(t -> t.wireName() + " (" + duckDbType + ")").orElse(duckDbType);
        return result(c, passed, observed, 0, List.of());
    }

    /** Counts the rows breaking the expectation, says what was observed and, when some do, shows a few of them. */
    private static ExpectationResult rowLevel(Connection connection, String table, String col, Expectation e) throws SQLException {
        String failing = failingRows(table, col, e);
        String observedSql = observed(col, e);
        String sql = "SELECT count(*) AS rows, count(*) FILTER (WHERE " + failing + ") AS failing, " + observedSql + " AS observed FROM " + table;
        long rows;
        long failingCount;
        String observed;
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            rows = rs.getLong("rows");
            failingCount = rs.getLong("failing");
            observed = rs.getString("observed");
        }
        boolean passed;
        if (e instanceof NotNull n) {
            double fraction = rows == 0 ? 0 : (double) failingCount / rows;
            observed = "null fraction " + NumberText.of(fraction);
            passed = fraction <= n.maxNullFraction();
        } else {
            passed = failingCount == 0;
        }
        List<Map<String, String>> examples = failingCount == 0 ? List.of()
                : examples(connection, "SELECT * FROM " + table + " WHERE " + failing + " LIMIT " + ExpectationResult.MAX_EXAMPLES);
        return result(e, passed, observed, failingCount, examples);
    }

    /** The SQL condition a row breaking a row-level expectation meets. */
    private static String failingRows(String table, String col, Expectation e) {
        if (e instanceof NotNull) {
            return col + " IS NULL";
        }
        if (e instanceof Between b) {
            return "(" + col + " < " + b.min() + " OR " + col + " > " + b.max() + ")";
        }
        if (e instanceof InSet s) {
            return col + "::VARCHAR NOT IN (" + s.values().stream().map(SqlText::literal).collect(Collectors.joining(", ")) + ")";
        }
        if (e instanceof Unique) {
            return col + " IN (SELECT " + col + " FROM " + table + " WHERE " + col + " IS NOT NULL GROUP BY " + col + " HAVING count(*) > 1)";
        }
        if (e instanceof Matches m) {
            return "NOT regexp_full_match(" + col + "::VARCHAR, " + SqlText.literal(m.regex()) + ")";
        }
        throw new IllegalArgumentException("not a row-level expectation: " + e.kind());
    }

    /** What to report as observed, as SQL over the whole column. */
    private static String observed(String col, Expectation e) {
        if (e instanceof Between) {
            return "'min ' || coalesce(min(" + col + ")::VARCHAR, 'null') || ', max ' || coalesce(max(" + col + ")::VARCHAR, 'null')";
        }
        if (e instanceof Unique) {
            return "(count(" + col + ") - count(DISTINCT " + col + "))::VARCHAR || ' duplicate values'";
        }
        if (e instanceof InSet s) {
            // the values outside the set, a few of them, so the report says what to add or fix
            return "'outside the set: ' || coalesce(array_to_string(list_slice(list_sort(list(DISTINCT " + col + "::VARCHAR) FILTER (WHERE "
                    + failingRows(null, col, e) + ")), 1, 5), ', '), 'none')";
        }
        if (e instanceof Matches) {
            return "count(" + col + ")::VARCHAR || ' non-null values'";
        }
        return "NULL";
    }

    private static List<Map<String, String>> examples(Connection connection, String sql) throws SQLException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnName(i), rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Double queryDouble(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            double value = rs.getDouble(1);
            return rs.wasNull() ? null : value;
        }
    }

    private static ExpectationResult result(Expectation e, boolean passed, String observed, long failingCount,
            List<Map<String, String>> examples) {
        return new ExpectationResult(e.kind(), e.column(), e.severity(), passed, observed, failingCount, examples);
    }
}
