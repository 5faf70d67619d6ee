package io.slipway.data.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.data.profile.ColumnKind;
import io.slipway.core.data.profile.ColumnProfile;
import io.slipway.core.data.profile.DatasetProfile;
import io.slipway.core.data.profile.ValueCount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetProfilerTest {
    private static final int ROWS = 2000;

    @TempDir
    Path dir;

    private final DatasetProfiler profiler = new DatasetProfiler(new ProfilerSettings(2, "512MB"));

    /** A small table: x a double with every 10th value null, n an integer, city a category, flag a boolean. */
    private record Sample(double[] x, long[] n, String[] city, boolean[] flag) {
        static Sample generate() {
            Random random = new Random(42);
            double[] x = new double[ROWS];
            long[] n = new long[ROWS];
            String[] city = new String[ROWS];
            boolean[] flag = new boolean[ROWS];
            for (int i = 0; i < ROWS; i++) {
                x[i] = i % 10 == 0 ? Double.NaN : random.nextGaussian() * 15 + 100;
                n[i] = random.nextInt(1000);
                // city_0 most frequent, then city_1, ...: 30 cities, so 10 of them are "other"
                city[i] = "city_" + (int) Math.floor(Math.sqrt(random.nextInt(900)) * 30 / 30.0);
                flag[i] = random.nextInt(4) == 0;
            }
            return new Sample(x, n, city, flag);
        }

        String csv() {
            StringBuilder sb = new StringBuilder("x,n,city,flag\n");
            for (int i = 0; i < ROWS; i++) {
                sb.append(Double.isNaN(x[i]) ? "" : Double.toString(x[i])).append(',').append(n[i]).append(',').append(city[i]).append(',')
                        .append(flag[i]).append('\n');
            }
            return sb.toString();
        }

        String jsonLines() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < ROWS; i++) {
                sb.append("{\"x\": ").append(Double.isNaN(x[i]) ? "null" : Double.toString(x[i])).append(", \"n\": ").append(n[i])
                        .append(", \"city\": \"").append(city[i]).append("\", \"flag\": ").append(flag[i]).append("}\n");
            }
            return sb.toString();
        }

        double[] nonNullX() {
            return Arrays.stream(x).filter(v -> !Double.isNaN(v)).toArray();
        }
    }

    private final Sample sample = Sample.generate();

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private Path parquetOf(Path csv, String name) throws SQLException {
        Path parquet = dir.resolve(name);
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT * FROM read_csv('" + csv + "')) TO '" + parquet + "' (FORMAT PARQUET)");
        }
        return parquet;
    }

    @Test
    void numericStatisticsMatchAnIndependentComputation() throws IOException {
        DatasetProfile profile = profiler.profile(write("sample.csv", sample.csv()).toString());

        double[] x = sample.nonNullX();
        double mean = Arrays.stream(x).average().orElseThrow();
        double sampleStd = Math.sqrt(Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / (x.length - 1));
        double min = Arrays.stream(x).min().orElseThrow();
        double max = Arrays.stream(x).max().orElseThrow();

        ColumnProfile column = profile.column("x").orElseThrow();
        assertThat(profile.rowCount()).isEqualTo(ROWS);
        assertThat(column.kind()).isEqualTo(ColumnKind.NUMERIC);
        assertThat(column.type()).isEqualTo("DOUBLE");
        assertThat(column.nullCount()).isEqualTo(ROWS / 10);
        assertThat(column.count()).isEqualTo(x.length);
        assertThat(column.mean()).isCloseTo(mean, within(1e-9));
        assertThat(column.std()).isCloseTo(sampleStd, within(1e-9));
        assertThat(Double.parseDouble(column.min())).isEqualTo(min);
        assertThat(Double.parseDouble(column.max())).isEqualTo(max);
        // HyperLogLog: DuckDB's estimate is 10 % off here
        assertThat(column.approxDistinct()).isBetween((long) (x.length * 0.85), (long) (x.length * 1.15));
    }

    @Test
    void quantilesAreWithinOnePercentOfTheRange() throws IOException {
        ColumnProfile column = profiler.profile(write("sample.csv", sample.csv()).toString()).column("x").orElseThrow();

        double[] x = sample.nonNullX();
        Arrays.sort(x);
        double tolerance = (x[x.length - 1] - x[0]) * 0.01;
        double[] expected = Arrays.stream(new double[] {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99}).map(p -> exactQuantile(x, p)).toArray();
        var q = column.quantiles();
        double[] actual = {q.p01(), q.p05(), q.p25(), q.p50(), q.p75(), q.p95(), q.p99()};
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("quantile %d", i).isCloseTo(expected[i], within(tolerance));
        }
    }

    private static double exactQuantile(double[] sorted, double p) {
        double rank = p * (sorted.length - 1);
        int lower = (int) Math.floor(rank);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]);
    }

    @Test
    void histogramHasTwentyEqualBinsFromMinToMaxHoldingEveryValue() throws IOException {
        ColumnProfile column = profiler.profile(write("sample.csv", sample.csv()).toString()).column("x").orElseThrow();

        double[] x = sample.nonNullX();
        double min = Arrays.stream(x).min().orElseThrow();
        double max = Arrays.stream(x).max().orElseThrow();
        double width = (max - min) / 20;
        long[] expected = new long[20];
        for (double v : x) {
            expected[Math.min((int) Math.floor((v - min) / width), 19)]++;
        }
        assertThat(column.histogram().binEdges()).hasSize(21).first().isEqualTo(min);
        assertThat(column.histogram().binEdges().get(20)).isEqualTo(max);
        assertThat(column.histogram().total()).isEqualTo(column.count());
        assertThat(column.histogram().counts()).containsExactly(Arrays.stream(expected).boxed().toArray(Long[]::new));
    }

    @Test
    void topValuesOfACategoryAreExactAndTheRestIsOther() throws IOException {
        ColumnProfile column = profiler.profile(write("sample.csv", sample.csv()).toString()).column("city").orElseThrow();

        List<ValueCount> expected = exactTopValues(sample.city(), 20);
        assertThat(column.kind()).isEqualTo(ColumnKind.CATEGORICAL);
        assertThat(column.topValues()).containsExactlyElementsOf(expected);
        assertThat(column.otherCount()).isEqualTo(ROWS - expected.stream().mapToLong(ValueCount::count).sum()).isPositive();
        assertThat(column.mean()).isNull();
        assertThat(column.histogram()).isNull();
    }

    private static List<ValueCount> exactTopValues(String[] values, int k) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        for (String v : values) {
            counts.merge(v, 1L, Long::sum);
        }
        List<ValueCount> all = new ArrayList<>();
        counts.forEach((v, c) -> all.add(new ValueCount(v, c)));
        all.sort(java.util.Comparator.comparingLong(ValueCount::count).reversed().thenComparing(ValueCount::value));
        return all.subList(0, Math.min(k, all.size()));
    }

    @Test
    void booleansGetFrequencies() throws IOException {
        ColumnProfile column = profiler.profile(write("sample.csv", sample.csv()).toString()).column("flag").orElseThrow();

        long trues = 0;
        for (boolean f : sample.flag()) {
            trues += f ? 1 : 0;
        }
        assertThat(column.kind()).isEqualTo(ColumnKind.BOOLEAN);
        assertThat(column.topValues()).containsExactly(new ValueCount("false", ROWS - trues), new ValueCount("true", trues));
        assertThat(column.otherCount()).isZero();
    }

    @Test
    void parquetJsonLinesAndCsvOfTheSameRowsProfileAlike() throws Exception {
        Path csv = write("sample.csv", sample.csv());
        DatasetProfile fromCsv = profiler.profile(csv.toString());
        DatasetProfile fromParquet = profiler.profile(parquetOf(csv, "sample.parquet").toString());
        DatasetProfile fromJson = profiler.profile(write("sample.jsonl", sample.jsonLines()).toString());

        for (DatasetProfile other : List.of(fromParquet, fromJson)) {
            assertThat(other.rowCount()).isEqualTo(ROWS);
            assertThat(other.columns()).extracting(ColumnProfile::name).containsExactly("x", "n", "city", "flag");
            assertThat(other.columns()).extracting(ColumnProfile::kind)
                    .containsExactly(ColumnKind.NUMERIC, ColumnKind.NUMERIC, ColumnKind.CATEGORICAL, ColumnKind.BOOLEAN);
            assertThat(other.column("x").orElseThrow().mean()).isCloseTo(fromCsv.column("x").orElseThrow().mean(), within(1e-9));
            assertThat(other.column("x").orElseThrow().histogram()).isEqualTo(fromCsv.column("x").orElseThrow().histogram());
            assertThat(other.column("city").orElseThrow().topValues()).isEqualTo(fromCsv.column("city").orElseThrow().topValues());
        }
    }

    @Test
    void aDirectoryOfPartsIsOneTable() throws Exception {
        Path csv = write("sample.csv", sample.csv());
        Path parts = Files.createDirectory(dir.resolve("parts"));
        Files.move(parquetOf(csv, "a.parquet"), parts.resolve("part-0.parquet"));
        Files.copy(parts.resolve("part-0.parquet"), parts.resolve("part-1.parquet"));
        Files.writeString(parts.resolve("_SUCCESS"), "");

        DatasetProfile profile = profiler.profile(parts.toString());

        assertThat(profile.rowCount()).isEqualTo(2L * ROWS);
        assertThat(profiler.profile(parts.resolve("part-*.parquet").toString()).rowCount()).isEqualTo(2L * ROWS);
    }

    @Test
    void aConstantColumnHasOneBin() throws IOException {
        ColumnProfile column = profiler.profile(write("constant.csv", "v\n7\n7\n\n7\n").toString()).column("v").orElseThrow();

        assertThat(column.histogram().binEdges()).containsExactly(7.0, 7.0);
        assertThat(column.histogram().counts()).containsExactly(3L);
        assertThat(column.nullCount()).isEqualTo(1);
    }

    @Test
    void rejectsARowWithTooFewColumnsNamingTheLine() throws IOException {
        StringBuilder csv = new StringBuilder("a,b,c\n");
        for (int i = 0; i < 1000; i++) {
            csv.append(i == 499 ? "499,short" : i + ",x" + i + "," + 2 * i).append('\n');
        }
        Path file = write("short-row.csv", csv.toString());

        assertThatThrownBy(() -> profiler.profile(file.toString()))
                .isInstanceOfSatisfying(SlipwayException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageContaining("short-row.csv")
                .hasMessageContaining("at line 501")
                .hasMessageContaining("Expected Number of Columns: 3 Found: 2")
                // DuckDB's advice is about its own reader options, which a Slipway user cannot set
                .hasMessageNotContaining("strict_mode");
    }

    @Test
    void rejectsATinyFileWithRaggedRows() throws IOException {
        Path file = write("ragged.csv", "a,b,c\n1,x,2\n2,y,3\n3,z\n4,w,5,6\n");

        assertThatThrownBy(() -> profiler.profile(file.toString())).hasMessageContaining("ragged.csv").hasMessageContaining("at line 4");
    }

    @Test
    void rejectsInvalidUtf8NamingTheLine() throws IOException {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, "a,b\n1,ok\n2,caf\u00e9\n3,fine\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> profiler.profile(file.toString()))
                .hasMessageContaining("latin1.csv")
                .hasMessageContaining("at line 3")
                .hasMessageContaining("not utf-8 encoded");
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        Path file = write("empty.csv", "");

        assertThatThrownBy(() -> profiler.profile(file.toString())).hasMessage("Cannot profile '" + file + "': it holds no rows.");
    }

    @Test
    void rejectsAHeaderWithoutRows() throws IOException {
        Path file = write("header.csv", "a,b\n");

        assertThatThrownBy(() -> profiler.profile(file.toString())).hasMessageContaining("it holds no rows");
    }

    @Test
    void rejectsAMissingPath() {
        String missing = dir.resolve("nope.parquet").toString();

        assertThatThrownBy(() -> profiler.profile(missing))
                .isInstanceOfSatisfying(SlipwayException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST))
                .hasMessage("Cannot profile '" + missing + "': no such file or directory.");
        assertThatThrownBy(() -> profiler.profile(dir.resolve("*.parquet").toString()))
                .isInstanceOfSatisfying(SlipwayException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }

    @Test
    void rejectsMalformedJsonAndParquet() throws IOException {
        Path json = write("bad.jsonl", "{\"a\": 1}\n{\"a\":\n");
        Path parquet = write("bad.parquet", "not parquet");

        assertThatThrownBy(() -> profiler.profile(json.toString())).hasMessageContaining("bad.jsonl").hasMessageContaining("Malformed JSON");
        assertThatThrownBy(() -> profiler.profile(parquet.toString())).hasMessageContaining("bad.parquet");
    }
}
