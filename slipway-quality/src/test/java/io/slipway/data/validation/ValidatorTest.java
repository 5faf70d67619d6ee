package io.slipway.data.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.data.validation.ExpectationResult;
import io.slipway.core.data.validation.Severity;
import io.slipway.core.data.validation.ValidationReport;
import io.slipway.data.profile.ProfilerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidatorTest {
    private static final String ORDERS = """
            id,amount,city,email,note
            1,10.5,paris,a@x.com,
            2,20.0,berlin,b@x.com,hi
            3,30.0,paris,c@x.com,
            4,40.0,rome,d@x.com,x
            5,50.0,berlin,e@x.com,y
            """;

    @TempDir
    Path dir;

    private Path orders;
    private final Validator validator = new Validator(new ProfilerSettings(2, "256MB"));

    @BeforeEach
    void writeOrders() throws IOException {
        orders = Files.writeString(dir.resolve("orders.csv"), ORDERS);
    }

    /** Validates the orders against a suite of one expectation, given as its YAML list item. */
    private ExpectationResult check(String expectation) {
        ValidationReport report = validator.validate(orders.toString(), ExpectationSuite.parse("expectations:\n  - " + expectation));
        assertThat(report.expectations()).hasSize(1);
        return report.expectations().get(0);
    }

    private static List<String> ids(ExpectationResult result) {
        return result.failingExamples().stream().map(row -> row.get("id")).toList();
    }

    @Test
    void columnExistsChecksPresenceAndTypeAcceptingNarrowerNumbers() {
        assertThat(check("{expect: column_exists, column: amount, type: double}").passed()).isTrue();
        assertThat(check("{expect: column_exists, column: id, type: double}").passed()).isTrue();
        assertThat(check("{expect: column_exists, column: city}").passed()).isTrue();

        ExpectationResult wrongType = check("{expect: column_exists, column: city, type: long}");
        assertThat(wrongType.passed()).isFalse();
        assertThat(wrongType.observed()).isEqualTo("string (VARCHAR)");
        ExpectationResult missing = check("{expect: column_exists, column: price}");
        assertThat(missing.passed()).isFalse();
        assertThat(missing.observed()).isEqualTo("column missing");
    }

    @Test
    void notNullReportsTheNullFractionAndTheNullRows() {
        ExpectationResult strict = check("{expect: not_null, column: note}");
        assertThat(strict.passed()).isFalse();
        assertThat(strict.observed()).isEqualTo("null fraction 0.4");
        assertThat(strict.failingCount()).isEqualTo(2);
        assertThat(ids(strict)).containsExactlyInAnyOrder("1", "3");
        assertThat(strict.failingExamples().get(0)).containsEntry("note", null).containsKeys("id", "amount", "city", "email");

        assertThat(check("{expect: not_null, column: note, max_null_fraction: 0.4}").passed()).isTrue();
        assertThat(check("{expect: not_null, column: id}").passed()).isTrue();
    }

    @Test
    void betweenReportsTheRangeAndTheRowsOutsideIt() {
        ExpectationResult inside = check("{expect: between, column: amount, min: 0, max: 100}");
        assertThat(inside.passed()).isTrue();
        assertThat(inside.observed()).isEqualTo("min 10.5, max 50.0");
        assertThat(inside.failingExamples()).isEmpty();

        ExpectationResult outside = check("{expect: between, column: amount, min: 15, max: 35}");
        assertThat(outside.passed()).isFalse();
        assertThat(outside.failingCount()).isEqualTo(3);
        assertThat(ids(outside)).containsExactlyInAnyOrder("1", "4", "5");
    }

    @Test
    void inSetNamesTheValuesOutsideTheSet() {
        assertThat(check("{expect: in_set, column: city, values: [paris, berlin, rome]}").passed()).isTrue();

        ExpectationResult result = check("{expect: in_set, column: city, values: [paris]}");
        assertThat(result.passed()).isFalse();
        assertThat(result.failingCount()).isEqualTo(3);
        assertThat(result.observed()).isEqualTo("outside the set: berlin, rome");
    }

    @Test
    void uniqueFlagsEveryRowOfADuplicatedValue() {
        assertThat(check("{expect: unique, column: id}").passed()).isTrue();

        ExpectationResult result = check("{expect: unique, column: city}");
        assertThat(result.passed()).isFalse();
        assertThat(result.observed()).isEqualTo("2 duplicate values");
        assertThat(result.failingCount()).isEqualTo(4);
        assertThat(ids(result)).containsExactlyInAnyOrder("1", "2", "3", "5");
    }

    @Test
    void matchesRequiresTheWholeValueToMatch() {
        assertThat(check("{expect: matches, column: email, regex: '[a-e]@x\\.com'}").passed()).isTrue();

        ExpectationResult result = check("{expect: matches, column: email, regex: '[a-c]@x'}");
        assertThat(result.passed()).isFalse();
        assertThat(result.failingCount()).isEqualTo(5);
        assertThat(result.failingExamples()).hasSize(ExpectationResult.MAX_EXAMPLES);
    }

    @Test
    void rowCountMeanAndQuantileCompareTheObservedValue() {
        assertThat(check("{expect: row_count_between, min: 1, max: 5}")).satisfies(r -> {
            assertThat(r.passed()).isTrue();
            assertThat(r.observed()).isEqualTo("5");
        });
        assertThat(check("{expect: row_count_between, min: 6, max: 10}").passed()).isFalse();

        ExpectationResult mean = check("{expect: mean_between, column: amount, min: 30, max: 31}");
        assertThat(mean.passed()).isTrue();
        assertThat(Double.parseDouble(mean.observed())).isEqualTo(30.1, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(check("{expect: mean_between, column: amount, min: 0, max: 30}").passed()).isFalse();

        ExpectationResult median = check("{expect: quantile_between, column: amount, quantile: 0.5, min: 29, max: 31}");
        assertThat(median.passed()).isTrue();
        assertThat(median.observed()).isEqualTo("30");
        assertThat(check("{expect: quantile_between, column: amount, quantile: 0.9, min: 0, max: 40}").passed()).isFalse();
    }

    @Test
    void anExpectationOnAMissingColumnFailsInsteadOfErroring() {
        ExpectationResult result = check("{expect: between, column: price, min: 0, max: 1}");
        assertThat(result.passed()).isFalse();
        assertThat(result.observed()).isEqualTo("column missing");
    }

    @Test
    void onlyFailedErrorsFailTheValidation() {
        ValidationReport warned = validator.validate(orders.toString(), ExpectationSuite.parse("""
                expectations:
                  - {expect: not_null, column: note, severity: warning}
                  - {expect: unique, column: id}
                """));
        assertThat(warned.passed()).isTrue();
        assertThat(warned.failed()).singleElement().satisfies(r -> assertThat(r.severity()).isEqualTo(Severity.WARNING));

        ValidationReport failed = validator.validate(orders.toString(), ExpectationSuite.parse("""
                expectations:
                  - {expect: not_null, column: note, severity: warning}
                  - {expect: unique, column: city}
                """));
        assertThat(failed.passed()).isFalse();
    }

    @Test
    void examplesKeepTheFilesColumnOrder() {
        Map<String, String> row = check("{expect: not_null, column: note}").failingExamples().get(0);
        assertThat(row.keySet()).containsExactly("id", "amount", "city", "email", "note");
    }
}
