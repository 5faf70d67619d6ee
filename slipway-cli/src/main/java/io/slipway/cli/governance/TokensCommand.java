package io.slipway.cli.governance;

import io.slipway.api.slipway.GovernanceMessages.TokenCreated;
import io.slipway.api.slipway.GovernanceMessages.TokenResponse;
import io.slipway.api.slipway.GovernanceMessages.TokensResponse;
import io.slipway.cli.output.Formats;
import io.slipway.cli.tracking.TrackingCommand;
import io.slipway.core.identity.ApiToken;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway tokens ...}: API tokens; everyone manages their own, admins anyone's. */
@Command(name = "tokens", description = "Create, list and revoke API tokens (your own, or any user's for an admin).")
public final class TokensCommand extends TrackingCommand {
    private static final String USER_HELP = "Whose tokens (default: yours; others' need an admin).";

    /** When a new token stops working: at most one of the two; neither means never. */
    static final class Expiry {
        @Option(names = "--expires-in-days", paramLabel = "DAYS", description = "Valid for DAYS days (1 to 3650).")
        Integer days;

        @Option(names = "--expires-at", paramLabel = "TIME", converter = TimeArguments.Absolute.class,
                description = "Valid until TIME: " + TimeArguments.ABSOLUTE_HELP + ".")
        Instant at;
    }

    @Command(name = "create", description = "Creates a token and prints its secret, which is shown this once only.")
    void create(
            @Option(names = "--user", paramLabel = "USER", description = USER_HELP) String username,
            @Option(names = "--name", paramLabel = "NAME", description = "What the token is for, e.g. ci or laptop.") String name,
            @ArgGroup(exclusive = true) Expiry expiry) {
        TokenCreated created = client().createToken(username, name,
                expiry == null || expiry.at == null ? null : expiry.at.toEpochMilli(), expiry == null ? null : expiry.days);
        ApiToken token = created.token();
        // the secret alone on stdout, so that TOKEN=$(slipway tokens create) works; the words for people on stderr
        output().print(created, created::secret);
        err().println("Created token " + token.id() + " for user '" + token.username() + "', expiring "
                + (token.expirationTimestamp() == null ? "never" : Formats.timestamp(token.expirationTimestamp()))
                + ". The secret is shown only once: store it now (e.g. as SLIPWAY_TOKEN).");
        err().flush();
    }

    @Command(name = "list", description = "Lists tokens, active, expired and revoked (never their secrets).")
    void list(@Option(names = "--user", paramLabel = "USER", description = USER_HELP) String username) {
        List<ApiToken> tokens = client().listTokens(username);
        output().print(new TokensResponse(tokens), () -> IdentityViews.tokens(tokens, System.currentTimeMillis()));
    }

    @Command(name = "revoke", description = "Revokes a token: it stops working at once (on other replicas of the server within "
            + "seconds).")
    void revoke(@Parameters(paramLabel = "ID", description = "The token's id, e.g. tok_0123456789abcdef (see 'tokens list').")
            String id) {
        ApiToken token = client().revokeToken(id);
        output().print(new TokenResponse(token), () -> "Revoked token " + token.id() + " of user '" + token.username() + "'.");
    }
}
