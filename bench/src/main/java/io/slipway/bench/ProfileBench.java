package io.slipway.bench;

import io.slipway.core.data.profile.ColumnProfile;
import io.slipway.core.data.profile.DatasetProfile;
import io.slipway.data.profile.DatasetProfiler;
import io.slipway.data.profile.ProfilerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Profiling a Parquet file of {@code rows} x 20 columns (10 numeric, 10 categorical of 3 to
 * 100,000 values, some with nulls), written by DuckDB itself: (a) {@link DatasetProfiler} end to
 * end, against (b) DuckDB alone running the same aggregates as two hand-written queries over JDBC
 * (the statistics scan, then histograms and top-value counts with the bins and values of the
 * first inlined as literals), DuckDB's default settings. Best of 3 each, interleaved, same JVM; the
 * file sits in the page cache throughout.
 */
final class ProfileBench {
    private static final int NUMERIC = 10;
    private static final int CATEGORICAL = 10;
    private static final int[] CARDINALITIES = {3, 10, 20, 50, 100, 500, 1_000, 10_000, 50_000, 100_000};

    record Result(long rows, int columns, long fileBytes, double generateSeconds, double profilerSeconds, double duckdbSeconds,
                  double firstScanSeconds) {
        double ratio() {
            return profilerSeconds / duckdbSeconds;
        }

        String markdown() {
            return String.format("%n### Dataset profile, Parquet %,d rows x %d columns (%,d bytes; %d cores)%n%n"
                            + "| measure | value | target |%n|---|---|---|%n"
                            + "| **DatasetProfiler, end to end**, best of 3 | **%.2f s** | |%n"
                            + "| DuckDB alone: the same aggregates, two plain queries over JDBC, best of 3 | %.2f s | |%n"
                            + "| profiler / DuckDB alone | %.2f | <= 2: %s |%n"
                            + "| for scale: the first (statistics) query alone | %.2f s | |%n"
                            + "| writing the file with DuckDB (once) | %.1f s | |%n",
                    rows, columns, fileBytes, Runtime.getRuntime().availableProcessors(), profilerSeconds, duckdbSeconds, ratio(),
                    ratio() <= 2 ? "met" : "NOT met", firstScanSeconds, generateSeconds);
        }
    }

    static Result run(long rows) throws Exception {
        Path dir = Files.createTempDirectory("slipway-profile-bench");
        Path parquet = dir.resolve("table.parquet");
        try {
            System.err.printf("  writing %,d rows x %d columns of Parquet...%n", rows, NUMERIC + CATEGORICAL);
            long start = System.nanoTime();
            generate(parquet, rows);
            double generate = (System.nanoTime() - start) / 1e9;
            DatasetProfiler profiler = new DatasetProfiler(ProfilerSettings.defaults());
            double profilerBest = Double.MAX_VALUE;
            double duckdbBest = Double.MAX_VALUE;
            double firstScanBest = Double.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                start = System.nanoTime();
                DatasetProfile profile = profiler.profile(parquet.toString());
                double seconds = (System.nanoTime() - start) / 1e9;
                profilerBest = Math.min(profilerBest, seconds);
                check(profile.rowCount() == rows && profile.columns().size() == NUMERIC + CATEGORICAL, "profile of the wrong shape");
                double[] alone = duckdbAlone(parquet);
                duckdbBest = Math.min(duckdbBest, alone[0] + alone[1]);
                firstScanBest = Math.min(firstScanBest, alone[0]);
                System.err.printf("  round %d: profiler %.2f s, DuckDB alone %.2f s (first query %.2f s)%n", i + 1, seconds,
                        alone[0] + alone[1], alone[0]);
            }
            return new Result(rows, NUMERIC + CATEGORICAL, Files.size(parquet), generate, profilerBest, duckdbBest, firstScanBest);
        } finally {
            Files.deleteIfExists(parquet);
            Files.deleteIfExists(dir);
        }
    }

    /** Numeric columns: uniform, normal-ish, integer, skewed; every third one 5 % null. Categorical: cardinality per CARDINALITIES. */
    private static void generate(Path parquet, long rows) throws SQLException {
        List<String> columns = new ArrayList<>();
        for (int k = 0; k < NUMERIC; k++) {
            String value = switch (k % 4) {
                case 0 -> "random() * 1000";
                case 1 -> "(random() + random() + random() + random() - 2) * 50";
                case 2 -> "(hash(i, " + k + ") % 100000)::DOUBLE";
                default -> "exp(random() * 10)";
            };
            columns.add((k % 3 == 0 ? "CASE WHEN hash(i, " + (100 + k) + ") % 20 = 0 THEN NULL ELSE " + value + " END" : value) + " AS num" + k);
        }
        for (int k = 0; k < CATEGORICAL; k++) {
            // squaring a uniform draw skews the frequencies, so top values are not all tied
            String value = "'v' || floor(pow(random(), 2) * " + CARDINALITIES[k] + ")::BIGINT";
            columns.add((k % 3 == 1 ? "CASE WHEN hash(i, " + (200 + k) + ") % 20 = 0 THEN NULL ELSE " + value + " END" : value) + " AS cat" + k);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT " + String.join(", ", columns) + " FROM range(" + rows + ") t(i)) TO '" + parquet
                    + "' (FORMAT PARQUET)");
        }
    }

    /** The profile's aggregates written by hand: seconds of the first query and of the second. */
    private static double[] duckdbAlone(Path parquet) throws SQLException {
        String from = " FROM read_parquet('" + parquet + "')";
        List<String> first = new ArrayList<>(List.of("count(*)"));
        for (int k = 0; k < NUMERIC; k++) {
            String c = "num" + k;
            first.add(String.format("count(%1$s), approx_count_distinct(%1$s), min(%1$s), max(%1$s), avg(%1$s), stddev_samp(%1$s), "
                    + "approx_quantile(%1$s, [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99])", c));
        }
        for (int k = 0; k < CATEGORICAL; k++) {
            String c = "cat" + k;
            first.add(String.format("count(%1$s), approx_count_distinct(%1$s), min(%1$s), max(%1$s), approx_top_k(%1$s, 20)", c));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            long start = System.nanoTime();
            List<String> second = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT " + String.join(", ", first) + from)) {
                rs.next();
                int column = 2;
                for (int k = 0; k < NUMERIC; k++) {
                    double lo = rs.getDouble(column + 2);
                    double width = (rs.getDouble(column + 3) - lo) / ColumnProfile.HISTOGRAM_BINS;
                    second.add(String.format("histogram(CASE WHEN num%d IS NOT NULL THEN least(floor((num%d - %s) / %s), 19)::INTEGER END)",
                            k, k, lo, width));
                    column += 7;
                }
                for (int k = 0; k < CATEGORICAL; k++) {
                    Array top = rs.getArray(column + 4);
                    String values = java.util.Arrays.stream((Object[]) top.getArray()).map(v -> "'" + v.toString().replace("'", "''") + "'")
                            .collect(Collectors.joining(", "));
                    second.add(String.format("histogram(CASE WHEN cat%d IN (%s) THEN cat%d END)", k, values, k));
                    column += 5;
                }
            }
            double firstSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            try (ResultSet rs = statement.executeQuery("SELECT " + String.join(", ", second) + from)) {
                rs.next();
                for (int i = 1; i <= second.size(); i++) {
                    rs.getObject(i);
                }
            }
            return new double[] {firstSeconds, (System.nanoTime() - start) / 1e9};
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
