package io.slipway.cli.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.cli.testing.AuthCliServerTest;
import io.slipway.cli.testing.CliRun;
import io.slipway.client.SlipwayClientException;
import org.junit.jupiter.api.Test;

class UsersCommandTest extends AuthCliServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void createMakesAUser() {
        String name = unique("carol");

        CliRun run = slipwayAsAdmin("users", "create", name);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outText()).isEqualTo("Created user '" + name + "'.");
        assertThat(admin.getUser(name).admin()).isFalse();
    }

    @Test
    void createWithAdminMakesAnAdmin() {
        String name = unique("root");

        CliRun run = slipwayAsAdmin("users", "create", name, "--admin");

        assertThat(run.outText()).isEqualTo("Created admin '" + name + "'.");
        assertThat(admin.getUser(name).admin()).isTrue();
    }

    @Test
    void createNeedsAnAdmin() {
        Account user = newAccount("plain");

        CliRun run = slipwayAs(user.token(), "users", "create", unique("other"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: PERMISSION_DENIED: ").hasLineCount(1);
    }

    @Test
    void createRefusesABadUsername() {
        CliRun run = slipwayAsAdmin("users", "create", "no spaces");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: INVALID_PARAMETER_VALUE: Invalid value 'no spaces' for parameter 'username'")
                .hasLineCount(1);
    }

    @Test
    void listShowsEveryUser() {
        Account user = newAccount("listed");

        CliRun run = slipwayAsAdmin("users", "list");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines().findFirst()).hasValueSatisfying(header -> assertThat(header.split("\\s+"))
                .containsExactly("USERNAME", "ADMIN", "CREATED"));
        assertThat(run.out()).containsPattern("(?m)^admin\\s+yes\\s").containsPattern("(?m)^" + user.username() + "\\s+no\\s");
    }

    @Test
    void getShowsOneUser() {
        Account user = newAccount("shown");

        CliRun run = slipwayAs(user.token(), "users", "get", user.username());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("User " + user.username()).containsPattern("admin\\s+no");
    }

    @Test
    void setAdminGrantsAndTakesAwayAdmin() {
        Account user = newAccount("promoted");

        CliRun grant = slipwayAsAdmin("users", "set-admin", user.username(), "--admin");
        boolean afterGrant = admin.getUser(user.username()).admin();
        CliRun revoke = slipwayAsAdmin("users", "set-admin", user.username(), "--no-admin");

        assertThat(grant.outText()).isEqualTo("User '" + user.username() + "' is now an admin.");
        assertThat(afterGrant).isTrue();
        assertThat(revoke.outText()).isEqualTo("User '" + user.username() + "' is no longer an admin.");
        assertThat(admin.getUser(user.username()).admin()).isFalse();
    }

    @Test
    void setAdminNeedsToBeToldWhichWay() {
        CliRun run = slipwayAsAdmin("users", "set-admin", "anyone");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--admin").hasLineCount(1);
    }

    @Test
    void deleteRemovesTheUserAndTheirTokens() {
        Account user = newAccount("leaving");

        CliRun run = slipwayAsAdmin("users", "delete", user.username());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThatThrownBy(() -> admin.getUser(user.username())).isInstanceOf(SlipwayClientException.class);
        assertThat(slipwayAs(user.token(), "users", "whoami").exitCode()).isEqualTo(1);
    }

    @Test
    void whoamiNamesTheTokensOwner() {
        Account user = newAccount("me");

        assertThat(slipwayAs(user.token(), "users", "whoami").outText()).isEqualTo(user.username());
        assertThat(slipwayAsAdmin("users", "whoami").outText()).isEqualTo("admin (admin)");
    }

    @Test
    void jsonOutputIsTheApiResponse() throws Exception {
        Account user = newAccount("json");

        JsonNode shown = JSON.readTree(slipwayAs(user.token(), "users", "get", user.username(), "-o", "json").out());
        JsonNode me = JSON.readTree(slipwayAs(user.token(), "users", "whoami", "-o", "json").out());

        assertThat(shown.at("/user/username").asText()).isEqualTo(user.username());
        assertThat(shown.at("/user/admin").asBoolean()).isFalse();
        assertThat(me.at("/user/username").asText()).isEqualTo(user.username());
        assertThat(me.get("auth_enabled").asBoolean()).isTrue();
    }
}
