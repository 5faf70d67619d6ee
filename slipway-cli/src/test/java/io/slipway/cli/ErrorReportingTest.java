package io.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.cli.testing.CliRun;
import io.slipway.cli.testing.CliServerTest;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Every failure is one {@code error:} line on stderr and a non-zero exit: 1 when the command failed, 2 when it was mistyped. */
class ErrorReportingTest extends CliServerTest {

    @Test
    void unknownExperimentIsTheServersErrorOnOneLine() {
        CliRun run = slipway("experiments", "get", "424242");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).matches("error: RESOURCE_DOES_NOT_EXIST: .*424242.*\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unknownRunIsTheServersErrorOnOneLine() {
        CliRun run = slipway("runs", "log-param", "0123456789abcdef0123456789abcdef", "k", "v");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).matches("error: RESOURCE_DOES_NOT_EXIST: .*\n");
    }

    @Test
    void malformedTagIsAUsageError() {
        CliRun run = slipway("experiments", "create", unique("tagged"), "--tag", "no-equals-sign");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).matches("error: .*'no-equals-sign' is not KEY=VALUE.*\\(see 'slipway experiments create --help'\\)\n");
    }

    @Test
    void badFilterIsTheServersMessage() {
        CliRun run = slipway("runs", "list", "--experiment-id", newExperiment(), "--filter", "metrics.auc >>> 1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: INVALID_PARAMETER_VALUE: ").hasLineCount(1);
    }

    @Test
    void unreachableServerSaysWhereItLookedAndHowToChange() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        CliRun run = CliRun.of("experiments", "list", "--tracking-uri", "http://127.0.0.1:" + closedPort);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: Cannot reach the Slipway server at http://127.0.0.1:" + closedPort
                + " (connection refused). Is it running? Set --tracking-uri or SLIPWAY_TRACKING_URI.\n");
    }

    @Test
    void trackingUriMustBeHttp() {
        CliRun run = CliRun.of("runs", "show", "abc", "--tracking-uri", "ftp://example.com");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: Invalid tracking URI 'ftp://example.com': expected http://host:port\n");
    }

    @Test
    void unknownCommandIsAUsageError() {
        CliRun run = CliRun.of("experiments", "explode");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: Unmatched argument").hasLineCount(1);
    }

    @Test
    void missingArgumentIsAUsageError() {
        CliRun run = CliRun.of("runs", "log-metric", "abc", "loss");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: Missing required parameter: 'VALUE' (see 'slipway runs log-metric --help')\n");
    }

    @Test
    void nonNumericMetricValueIsAUsageError() {
        CliRun run = CliRun.of("runs", "log-metric", "abc", "loss", "high");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: Invalid value for positional parameter at index 2 (VALUE): 'high'").hasLineCount(1);
    }

    @Test
    void withoutArgumentsPrintsUsage() {
        CliRun run = CliRun.of();

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: slipway").contains("server", "experiments", "runs", "artifacts", "demo");
    }

    @Test
    void groupWithoutSubcommandPrintsItsUsage() {
        CliRun run = CliRun.of("runs");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: slipway runs").contains("list", "show", "compare", "log-metric", "metric-history");
    }

    @Test
    void versionIsSlipways() {
        CliRun run = CliRun.of("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outText()).isEqualTo("Slipway 0.1.0");
    }
}
