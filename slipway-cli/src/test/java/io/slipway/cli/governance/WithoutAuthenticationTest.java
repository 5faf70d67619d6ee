package io.slipway.cli.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.cli.testing.CliRun;
import io.slipway.cli.testing.CliServerTest;
import org.junit.jupiter.api.Test;

/** Against the embedded default (authentication off) the governance commands say so, and a token given anyway is harmless. */
class WithoutAuthenticationTest extends CliServerTest {

    @Test
    void whoamiSaysAuthenticationIsOff() {
        CliRun run = slipway("users", "whoami");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outText())
                .isEqualTo("Authentication is off on this server: every caller acts as 'anonymous' and may do everything.");
    }

    @Test
    void aTokenIsIgnored() {
        CliRun run = slipway("experiments", "create", unique("tokened"), "--token", "slw_whatever_0123456789abcdef0123456789");

        assertThat(run.exitCode()).as(run.toString()).isZero();
    }
}
