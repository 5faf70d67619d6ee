package io.slipway.data.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.data.validation.ExpectationResult;
import io.slipway.core.data.validation.Severity;
import io.slipway.core.data.validation.ValidationReport;
import io.slipway.data.profile.DatasetProfiler;
import io.slipway.data.profile.ProfilerSettings;
import io.slipway.data.validation.Expectation.Between;
import io.slipway.data.validation.Expectation.ColumnExists;
import io.slipway.data.validation.Expectation.InSet;
import io.slipway.data.validation.Expectation.NotNull;
import io.slipway.data.validation.Expectation.RowCountBetween;
import io.slipway.data.validation.Expectation.Unique;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteSuggesterTest {
    private static final int ROWS = 1000;
    private static final List<String> CITIES = List.of("berlin", "paris", "rome");

    @TempDir
    Path dir;

    private final ProfilerSettings settings = new ProfilerSettings(2, "256MB");

    /** id unique, amount in [0, 100), city one of three, note one of 50 texts or, in every 10th row, null; {@code row} may replace any row. */
    private Path orders(String name, IntFunction<String> row) throws IOException {
        StringBuilder csv = new StringBuilder("id,amount,city,note\n");
        for (int i = 0; i < ROWS; i++) {
            String replaced = row.apply(i);
            csv.append(replaced != null ? replaced : cleanRow(i)).append('\n');
        }
        return Files.writeString(dir.resolve(name), csv);
    }

    private static String cleanRow(int i) {
        return i + "," + (i * 37 % 10_000) / 100.0 + "," + CITIES.get(i % 3) + "," + (i % 10 == 0 ? "" : "n" + i % 50);
    }

    private ExpectationSuite suggestFor(Path data) {
        return SuiteSuggester.suggest(new DatasetProfiler(settings).profile(data.toString()), data.toString(), new Validator(settings));
    }

    @Test
    void proposesWhatTheProfileShows() throws IOException {
        List<Expectation> suggested = suggestFor(orders("orders.csv", i -> null)).expectations();

        assertThat(suggested).contains(
                new RowCountBetween(500, 1500, Severity.ERROR),
                new ColumnExists("id", ColumnType.LONG, Severity.ERROR),
                new NotNull("id", 0, Severity.ERROR),
                new Unique("id", Severity.ERROR),
                new ColumnExists("amount", ColumnType.DOUBLE, Severity.ERROR),
                new InSet("city", CITIES, Severity.ERROR),
                new NotNull("note", 0.11, Severity.ERROR));
        assertThat(suggested).filteredOn(e -> e instanceof Between b && b.column().equals("amount")).singleElement()
                .satisfies(e -> assertThat(((Between) e).min()).isGreaterThanOrEqualTo(0))
                .satisfies(e -> assertThat(((Between) e).max()).isLessThan(100));
        assertThat(suggested).noneMatch(e -> e instanceof Unique u && !u.column().equals("id"));
    }

    @Test
    void dropsAProposalTheDataBreaks() throws IOException {
        // 1000 distinct codes but for one duplicate: within the HyperLogLog estimate's error of unique
        Path data = orders("orders.csv", i -> i == 5 ? "4,1.0,paris,x" : null);
        DatasetProfiler profiler = new DatasetProfiler(settings);

        assertThat(SuiteSuggester.suggest(profiler.profile(data.toString())).expectations()).contains(new Unique("id", Severity.ERROR));
        assertThat(suggestFor(data).expectations()).doesNotContain(new Unique("id", Severity.ERROR));
    }

    @Test
    void theSuggestedSuiteReadBackFromYamlPassesOnItsOwnData() throws IOException {
        Path data = orders("orders.csv", i -> null);
        ExpectationSuite suite = ExpectationSuite.parse(suggestFor(data).toYaml());

        ValidationReport report = new Validator(settings).validate(data.toString(), suite);

        assertThat(report.failed()).isEmpty();
        assertThat(report.passed()).isTrue();
    }

    @Test
    void theSuggestedSuiteCatchesInjectedErrors() throws IOException {
        ExpectationSuite suite = ExpectationSuite.parse(suggestFor(orders("orders.csv", i -> null)).toYaml());
        Path broken = orders("broken.csv", i -> switch (i) {
            case 7 -> "6,1.0,paris,x";        // a duplicated id
            case 8 -> "8,250.0,rome,x";       // an amount out of range
            case 9 -> "9,1.0,madrid,x";       // a new city
            case 11 -> ",1.0,paris,x";        // a missing id
            default -> null;
        });

        ValidationReport report = new Validator(settings).validate(broken.toString(), suite);

        assertThat(report.passed()).isFalse();
        assertThat(report.failed()).extracting(ExpectationResult::kind, ExpectationResult::column).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("not_null", "id"),
                org.assertj.core.groups.Tuple.tuple("unique", "id"),
                org.assertj.core.groups.Tuple.tuple("between", "amount"),
                org.assertj.core.groups.Tuple.tuple("in_set", "city"));
        ExpectationResult range = report.failed().stream().filter(r -> r.kind().equals("between")).findFirst().orElseThrow();
        assertThat(range.failingExamples()).singleElement().satisfies(row -> assertThat(row).containsEntry("amount", "250.0"));
    }
}
