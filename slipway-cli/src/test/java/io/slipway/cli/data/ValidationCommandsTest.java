package io.slipway.cli.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.cli.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationCommandsTest {
    private static final String ORDERS = """
            id,amount,city
            1,10.5,paris
            2,20.0,berlin
            3,30.0,paris
            """;

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void aSuggestedSuitePassesOnItsOwnData() throws IOException {
        Path data = write("orders.csv", ORDERS);
        Path suite = dir.resolve("suite.yaml");

        CliRun suggest = CliRun.of("data", "suggest", data.toString(), "--out", suite.toString());
        CliRun validate = CliRun.of("data", "validate", data.toString(), "--suite", suite.toString());

        assertThat(suggest.exitCode()).as(suggest.toString()).isZero();
        assertThat(Files.readString(suite)).contains("expect: in_set", "column: city");
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        assertThat(validate.out()).contains("pass in_set city").endsWith("failed errors, 0 failed warnings.\n").startsWith("pass ");
    }

    @Test
    void aFailedErrorExitsWithThreeAndTheReportShowsTheFailingRows() throws IOException {
        Path data = write("orders.csv", ORDERS);
        Path suite = write("suite.yaml", """
                expectations:
                  - {expect: between, column: amount, min: 0, max: 25}
                  - {expect: unique, column: city, severity: warning}
                """);
        Path report = dir.resolve("report.json");

        CliRun run = CliRun.of("data", "validate", data.toString(), "--suite", suite.toString(), "--report", report.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ValidationCommands.EXPECTATION_FAILED);
        assertThat(run.out()).isEqualTo("""
                FAIL between amount: min 10.5, max 30.0 (1 failing rows)
                warn unique city: 1 duplicate values (2 failing rows)
                Failed: 2 expectations, 1 failed errors, 1 failed warnings.
                """);
        assertThat(Files.readString(report)).contains("\"passed\" : false", "\"amount\" : \"30.0\"");
    }

    @Test
    void onlyAFailedWarningStillExitsZero() throws IOException {
        Path data = write("orders.csv", ORDERS);
        Path suite = write("suite.yaml", "expectations:\n  - {expect: unique, column: city, severity: warning}\n");

        assertThat(CliRun.of("data", "validate", data.toString(), "--suite", suite.toString()).exitCode()).isZero();
    }

    @Test
    void aBadSuiteFailsTheCommandNamingTheField() throws IOException {
        Path data = write("orders.csv", ORDERS);
        Path suite = write("suite.yaml", "expectations:\n  - {expect: between, column: amount, min: abc, max: 3}\n");

        CliRun run = CliRun.of("data", "validate", data.toString(), "--suite", suite.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("expectations[0].min: expected a number, got 'abc'");
    }
}
