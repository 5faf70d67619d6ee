package io.slipway.cli.governance;

import io.slipway.cli.output.Details;
import io.slipway.cli.output.Formats;
import io.slipway.cli.output.Table;
import io.slipway.core.identity.ApiToken;
import io.slipway.core.identity.PermissionGrant;
import io.slipway.core.identity.User;
import java.util.List;

/** How users, tokens and permission grants look in a terminal. */
final class IdentityViews {
    private IdentityViews() {}

    static String users(List<User> users) {
        if (users.isEmpty()) {
            return "No users found.";
        }
        Table table = new Table("USERNAME", "ADMIN", "CREATED");
        users.forEach(user -> table.addRow(user.username(), user.admin() ? "yes" : "no", Formats.timestamp(user.creationTimestamp())));
        return table.render();
    }

    static String user(User user) {
        return new Details("User " + user.username())
                .add("admin", user.admin() ? "yes" : "no")
                .add("created", Formats.timestamp(user.creationTimestamp()))
                .render();
    }

    /** {@code whoami}: the caller, or that the server checks no tokens at all. */
    static String whoami(User user, boolean authEnabled) {
        if (!authEnabled) {
            return "Authentication is off on this server: every caller acts as '" + user.username() + "' and may do everything.";
        }
        return user.username() + (user.admin() ? " (admin)" : "");
    }

    static String tokens(List<ApiToken> tokens, long now) {
        if (tokens.isEmpty()) {
            return "No tokens found.";
        }
        Table table = new Table("ID", "NAME", "USER", "STATE", "CREATED", "EXPIRES", "REVOKED");
        for (ApiToken token : tokens) {
            table.addRow(token.id(), token.name(), token.username(), state(token, now), Formats.timestamp(token.creationTimestamp()),
                    token.expirationTimestamp() == null ? "never" : Formats.timestamp(token.expirationTimestamp()),
                    Formats.timestamp(token.revokedTimestamp()));
        }
        return table.render();
    }

    /** {@code active}, {@code expired} or {@code revoked}. */
    static String state(ApiToken token, long now) {
        return token.revoked() ? "revoked" : token.expiredAt(now) ? "expired" : "active";
    }

    static String grants(List<PermissionGrant> grants) {
        if (grants.isEmpty()) {
            return "No permission grants found.";
        }
        Table table = new Table("USER", "RESOURCE TYPE", "RESOURCE", "PERMISSION");
        grants.forEach(grant -> table.addRow(grant.username(), grant.resourceType().wireName(), grant.resourceId(),
                grant.permission().name()));
        return table.render();
    }
}
