package io.slipway.cli.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.cli.testing.CliRun;
import io.slipway.cli.testing.CliServerTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code data suggest | validate | validations} on stored dataset versions, checked by a real server. */
class DatasetValidationCommandsTest extends CliServerTest {
    private static final String AMOUNT_AT_MOST_25 = """
            expectations:
              - {expect: between, column: amount, min: 0, max: 25}
              - {expect: unique, column: city, severity: warning}
            """;

    @TempDir
    Path local;

    private String name;

    @BeforeEach
    void addOrders() throws IOException {
        name = unique("orders");
        Path data = Files.writeString(local.resolve("orders.csv"), "id,amount,city\n1,10.5,paris\n2,20.0,berlin\n3,30.0,paris\n");
        CliRun add = slipway("data", "add", data.toString(), "--name", name, "--hash-cache", local.resolve("hashes.db").toString());
        assertThat(add.exitCode()).as(add.toString()).isZero();
    }

    @Test
    void aFailedErrorOnAStoredVersionExitsWithThreeAndTheReportIsStored() throws IOException {
        Path report = local.resolve("report.json");

        CliRun run = slipway("data", "validate", name + "@1", "--suite", suite(AMOUNT_AT_MOST_25).toString(), "--report", report.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ValidationCommands.EXPECTATION_FAILED);
        assertThat(run.out()).startsWith("Validation ").contains(" of " + name + "@1, stored with it:\n",
                "FAIL between amount: min 10.5, max 30.0 (1 failing rows)\n", "Failed: 2 expectations, 1 failed errors, 1 failed warnings.");
        assertThat(Files.readString(report)).contains("\"passed\" : false", "\"amount\" : \"30.0\"");
        assertThat(client.listDatasetValidations(name, 1, null)).singleElement().satisfies(v -> assertThat(v.passed()).isFalse());
    }

    @Test
    void aSuggestedSuitePassesOnTheStoredVersionAndIsListed() {
        Path suite = local.resolve("suite.yaml");

        CliRun suggest = slipway("data", "suggest", name, "--out", suite.toString());
        CliRun validate = slipway("data", "validate", name, "--suite", suite.toString());
        CliRun validations = slipway("data", "validations", name);
        CliRun show = slipway("data", "show", name + "@1");

        assertThat(suggest.exitCode()).as(suggest.toString()).isZero();
        assertThat(suggest.out()).startsWith("Wrote ").contains("expectations to " + suite);
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        assertThat(validate.out()).contains("pass in_set city", "Passed: ");
        assertThat(validations.exitCode()).as(validations.toString()).isZero();
        assertThat(validations.out()).containsPattern("[0-9a-f]{32}\\s+v1\\s+passed\\s+0\\s+0");
        assertThat(show.out()).containsPattern("validation\\s+passed by ");
    }

    @Test
    void jsonOutputIsTheApisMessage() throws IOException {
        CliRun validate = slipway("data", "validate", name + "@1", "--suite", suite(AMOUNT_AT_MOST_25).toString(), "-o", "json");
        CliRun validations = slipway("data", "validations", name + "@1", "-o", "json");

        assertThat(validate.exitCode()).isEqualTo(ValidationCommands.EXPECTATION_FAILED);
        assertThat(validate.out()).contains("\"validation\"", "\"failing_examples\"", "\"suite\"");
        assertThat(validations.out()).contains("\"validations\"", "\"failed_errors\" : 1").doesNotContain("\"report\"");
    }

    @Test
    void whatCannotBeCheckedExitsWithOne() throws IOException {
        CliRun unknown = slipway("data", "validate", name + "@7", "--suite", suite(AMOUNT_AT_MOST_25).toString());
        CliRun badSuite = slipway("data", "validate", name, "--suite", suite("expectations:\n  - {expect: sometimes}\n").toString());
        CliRun noSuite = slipway("data", "validate", name, "--suite", local.resolve("missing.yaml").toString());

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("error: RESOURCE_DOES_NOT_EXIST").contains("no version 7");
        assertThat(badSuite.exitCode()).isEqualTo(1);
        assertThat(badSuite.err()).contains("'suite': expectations[0].expect: unknown expectation 'sometimes'");
        assertThat(noSuite.exitCode()).isEqualTo(1);
        assertThat(noSuite.err()).contains("missing.yaml");
        assertThat(client.listDatasetValidations(name, null, null)).isEmpty();
    }

    @Test
    void anArgumentThatIsNeitherAFileNorAVersionIsAUsageError() throws IOException {
        CliRun run = slipway("data", "validate", name + "@latest", "--suite", suite(AMOUNT_AT_MOST_25).toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("no local file", "the version is a positive integer");
    }

    private Path suite(String yaml) throws IOException {
        return Files.writeString(Files.createTempFile(local, "suite", ".yaml"), yaml);
    }
}
