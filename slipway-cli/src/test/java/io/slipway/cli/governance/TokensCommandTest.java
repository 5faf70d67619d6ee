package io.slipway.cli.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.cli.testing.AuthCliServerTest;
import io.slipway.cli.testing.CliRun;
import io.slipway.client.SlipwayClient;
import io.slipway.core.identity.ApiToken;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class TokensCommandTest extends AuthCliServerTest {

    @Test
    void createPrintsOnlyTheSecretOnStdoutAndTheWarningOnStderr() {
        Account user = newAccount("creator");

        CliRun run = slipwayAs(user.token(), "tokens", "create", "--name", "ci");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).matches("slw_\\S+\n");
        assertThat(run.err()).startsWith("Created token tok_").contains("user '" + user.username() + "'", "expiring never",
                "shown only once");
        assertThat(SlipwayClient.connect(server.url(), run.outText()).me().user().username()).isEqualTo(user.username());
    }

    @Test
    void createForAnotherUserNeedsAnAdmin() {
        Account user = newAccount("creator");
        Account other = newAccount("other");

        CliRun byUser = slipwayAs(user.token(), "tokens", "create", "--user", other.username());
        CliRun byAdmin = slipwayAsAdmin("tokens", "create", "--user", other.username());

        assertThat(byUser.exitCode()).isEqualTo(1);
        assertThat(byUser.err()).startsWith("error: PERMISSION_DENIED: ").hasLineCount(1);
        assertThat(byAdmin.exitCode()).as(byAdmin.toString()).isZero();
        assertThat(byAdmin.err()).contains("user '" + other.username() + "'");
    }

    @Test
    void createWithExpiryInDaysSetsTheExpiration() {
        Account user = newAccount("expiring");
        long before = System.currentTimeMillis();

        CliRun run = slipwayAs(user.token(), "tokens", "create", "--name", "week", "--expires-in-days", "7");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        ApiToken token = user.client().listTokens(null).stream().filter(t -> t.name().equals("week")).findFirst().orElseThrow();
        assertThat(token.expirationTimestamp()).isBetween(before + 7 * 86_400_000L, System.currentTimeMillis() + 7 * 86_400_000L);
    }

    @Test
    void createWithAnExpiryInstantSetsIt() {
        Account user = newAccount("expiring");
        Instant at = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        CliRun run = slipwayAs(user.token(), "tokens", "create", "--name", "month", "--expires-at", at.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(user.client().listTokens(null)).filteredOn(t -> t.name().equals("month"))
                .singleElement().extracting(ApiToken::expirationTimestamp).isEqualTo(at.toEpochMilli());
    }

    @Test
    void createTakesOneExpiryOnly() {
        CliRun run = slipwayAsAdmin("tokens", "create", "--expires-in-days", "7", "--expires-at", "2099-01-01");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --expires-in-days=DAYS, --expires-at=TIME are mutually exclusive").hasLineCount(1);
    }

    @Test
    void createRefusesAnExpiryThatIsNotATime() {
        CliRun run = slipwayAsAdmin("tokens", "create", "--expires-at", "next week");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: Invalid value for option '--expires-at': 'next week' is not an ISO-8601 instant")
                .hasLineCount(1);
    }

    @Test
    void createRefusesAnExpiryInThePast() {
        CliRun run = slipwayAsAdmin("tokens", "create", "--expires-at", "2001-01-01");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: INVALID_PARAMETER_VALUE: ").contains("in the past").hasLineCount(1);
    }

    @Test
    void listShowsTheStateOfEachToken() {
        Account user = newAccount("lister");
        ApiToken revoked = user.client().createToken(null, "old", null, null).token();
        user.client().revokeToken(revoked.id());

        CliRun run = slipwayAs(user.token(), "tokens", "list");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines().findFirst().orElseThrow().split("\\s+"))
                .containsExactly("ID", "NAME", "USER", "STATE", "CREATED", "EXPIRES", "REVOKED");
        assertThat(run.out()).containsPattern("(?m)^tok_\\w+\\s+test\\s+" + user.username() + "\\s+active\\s")
                .containsPattern("(?m)^" + revoked.id() + "\\s+old\\s+" + user.username() + "\\s+revoked\\s")
                .doesNotContain("slw_");
    }

    @Test
    void revokeMakesTheTokenFailWithAClearError() {
        Account user = newAccount("revoker");
        String id = user.client().listTokens(null).get(0).id();

        CliRun revoke = slipwayAs(user.token(), "tokens", "revoke", id);
        CliRun afterwards = slipwayAs(user.token(), "users", "whoami");

        assertThat(revoke.exitCode()).as(revoke.toString()).isZero();
        assertThat(revoke.outText()).isEqualTo("Revoked token " + id + " of user '" + user.username() + "'.");
        assertThat(afterwards.exitCode()).isEqualTo(1);
        assertThat(afterwards.err()).isEqualTo("error: UNAUTHENTICATED: API token " + id + " has been revoked.\n");
    }

    @Test
    void anExpiredTokenFailsWithAClearError() throws InterruptedException {
        Account user = newAccount("expired");
        Instant soon = Instant.now().plusMillis(1500);
        String token = slipwayAs(user.token(), "tokens", "create", "--expires-at", soon.toString()).outText();

        Thread.sleep(Math.max(0, soon.toEpochMilli() - System.currentTimeMillis()) + 100);
        CliRun run = slipwayAs(token, "users", "whoami");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).matches("error: UNAUTHENTICATED: API token tok_\\w+ has expired\\.\n");
    }

    @Test
    void aWrongTokenFailsWithAClearError() {
        CliRun run = slipwayAs("slw_nobody_was_ever_given_this_token_000", "experiments", "list");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: UNAUTHENTICATED: Invalid API token.\n");
    }

    @Test
    void withoutATokenTheErrorSaysHowToGiveOne() {
        CliRun run = CliRun.of("experiments", "list", "--tracking-uri", server.url());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: UNAUTHENTICATED: Authentication required")
                .endsWith("No token was sent: set --token or SLIPWAY_TOKEN.\n").hasLineCount(1);
    }
}
