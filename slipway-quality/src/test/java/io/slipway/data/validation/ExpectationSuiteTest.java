package io.slipway.data.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.data.validation.Severity;
import io.slipway.data.validation.Expectation.Between;
import io.slipway.data.validation.Expectation.ColumnExists;
import io.slipway.data.validation.Expectation.InSet;
import io.slipway.data.validation.Expectation.Matches;
import io.slipway.data.validation.Expectation.MeanBetween;
import io.slipway.data.validation.Expectation.NotNull;
import io.slipway.data.validation.Expectation.QuantileBetween;
import io.slipway.data.validation.Expectation.RowCountBetween;
import io.slipway.data.validation.Expectation.Unique;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectationSuiteTest {
    private static final String EVERY_KIND = """
            expectations:
              - expect: column_exists
                column: amount
                type: double
              - expect: not_null
                column: amount
                max_null_fraction: 0.1
              - expect: between
                column: amount
                min: 0
                max: 1e4
              - expect: in_set
                column: city
                values: [paris, "1.50", 7, true]
              - expect: unique
                column: id
              - expect: matches
                column: email
                regex: '.+@.+'
              - expect: row_count_between
                min: 10
                max: 20
              - expect: mean_between
                column: amount
                min: 1
                max: 2
              - expect: quantile_between
                column: amount
                quantile: 0.9
                min: 3
                max: 4
                severity: warning
            """;

    private static void assertRejected(String yaml, String message) {
        assertThatThrownBy(() -> ExpectationSuite.parse(yaml))
                .isInstanceOf(SlipwayException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((SlipwayException) e).errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }

    @Test
    void readsEveryKindWithErrorAsTheDefaultSeverity() {
        ExpectationSuite suite = ExpectationSuite.parse(EVERY_KIND);

        assertThat(suite.expectations()).containsExactly(
                new ColumnExists("amount", ColumnType.DOUBLE, Severity.ERROR),
                new NotNull("amount", 0.1, Severity.ERROR),
                new Between("amount", 0, 10_000, Severity.ERROR),
                new InSet("city", List.of("paris", "1.50", "7", "true"), Severity.ERROR),
                new Unique("id", Severity.ERROR),
                new Matches("email", ".+@.+", Severity.ERROR),
                new RowCountBetween(10, 20, Severity.ERROR),
                new MeanBetween("amount", 1, 2, Severity.ERROR),
                new QuantileBetween("amount", 0.9, 3, 4, Severity.WARNING));
    }

    @Test
    void writesWhatItReads() {
        ExpectationSuite suite = ExpectationSuite.parse(EVERY_KIND);

        assertThat(ExpectationSuite.parse(suite.toYaml())).isEqualTo(suite);
    }

    @Test
    void rejectsAnUnknownExpectation() {
        assertRejected("expectations:\n  - {expect: not_empty, column: a}",
                "expectations[0].expect: unknown expectation 'not_empty'; known: between, column_exists, in_set, matches, mean_between, "
                        + "not_null, quantile_between, row_count_between, unique");
    }

    @Test
    void rejectsAWronglyTypedArgument() {
        assertRejected("""
                expectations:
                  - {expect: unique, column: id}
                  - {expect: between, column: a, min: abc, max: 3}
                """, "expectations[1].min: expected a number, got 'abc'");
        assertRejected("expectations:\n  - {expect: row_count_between, min: 1.5, max: 3}",
                "expectations[0].min: expected a whole number, got 1.5");
        assertRejected("expectations:\n  - {expect: in_set, column: a, values: paris}", "expectations[0].values: expected a list, got 'paris'");
        assertRejected("expectations:\n  - {expect: column_exists, column: a, type: float}",
                "expectations[0].type: expected integer, long, double, string, boolean or datetime, got 'float'");
        assertRejected("expectations:\n  - {expect: unique, column: a, severity: fatal}",
                "expectations[0].severity: expected error or warning, got 'fatal'");
        assertRejected("expectations:\n  - {expect: matches, column: a, regex: '(ab'}",
                "expectations[0].regex: not a valid regular expression: Unclosed group");
    }

    @Test
    void rejectsAMissingArgument() {
        assertRejected("expectations:\n  - {expect: between, column: a, min: 1}", "expectations[0].max: missing");
        assertRejected("expectations:\n  - {column: a}", "expectations[0].expect: missing");
    }

    @Test
    void rejectsAnArgumentTheExpectationDoesNotTake() {
        assertRejected("expectations:\n  - {expect: unique, colum: a}",
                "expectations[0].colum: unknown field for unique; it takes column and severity");
    }

    @Test
    void rejectsInconsistentArguments() {
        assertRejected("expectations:\n  - {expect: between, column: a, min: 5, max: 1}",
                "expectations[0] (between): min 5.0 is greater than max 1.0");
        assertRejected("expectations:\n  - {expect: quantile_between, column: a, quantile: 2, min: 0, max: 1}",
                "expectations[0] (quantile_between): quantile must be between 0 and 1, got 2.0");
    }

    @Test
    void rejectsADocumentThatIsNotASuite() {
        assertRejected("- expect: unique", "A suite is a YAML mapping with an 'expectations' list.");
        assertRejected("expectations: {expect: unique}", "expectations: expected a list, got a mapping");
    }
}
