package io.slipway.cli.governance;

import io.slipway.api.mlflow.TrackingMessages.Empty;
import io.slipway.api.slipway.GovernanceMessages.MeResponse;
import io.slipway.api.slipway.GovernanceMessages.UserResponse;
import io.slipway.api.slipway.GovernanceMessages.UsersResponse;
import io.slipway.cli.tracking.TrackingCommand;
import io.slipway.core.identity.User;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway users ...}: the people and service accounts that hold tokens; admins manage them. */
@Command(name = "users", description = "Create, list and delete users, and say who you are (most subcommands need an admin).")
public final class UsersCommand extends TrackingCommand {
    private static final String USERNAME_HELP = "1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit.";

    @Command(name = "create", description = "Creates a user, without tokens yet (give one with 'slipway tokens create --user').")
    void create(@Parameters(paramLabel = "NAME", description = USERNAME_HELP) String username,
            @Option(names = "--admin", description = "An admin may do everything, including managing users and reading the audit log.")
            boolean admin) {
        User user = client().createUser(username, admin);
        output().print(new UserResponse(user), () -> "Created " + (user.admin() ? "admin" : "user") + " '" + user.username() + "'.");
    }

    @Command(name = "list", description = "Lists every user.")
    void list() {
        List<User> users = client().listUsers();
        output().print(new UsersResponse(users), () -> IdentityViews.users(users));
    }

    @Command(name = "get", description = "Shows one user (yourself, or anyone for an admin).")
    void get(@Parameters(paramLabel = "NAME") String username) {
        User user = client().getUser(username);
        output().print(new UserResponse(user), () -> IdentityViews.user(user));
    }

    @Command(name = "set-admin", description = "Makes a user an admin (--admin) or takes that away (--no-admin).")
    void setAdmin(@Parameters(paramLabel = "NAME") String username,
            @Option(names = "--admin", negatable = true, required = true, description = "--admin or --no-admin.") boolean admin) {
        User user = client().setAdmin(username, admin);
        output().print(new UserResponse(user), () -> "User '" + user.username() + "' is " + (user.admin() ? "now" : "no longer")
                + " an admin.");
    }

    @Command(name = "delete", description = "Deletes a user with their tokens and permission grants.")
    void delete(@Parameters(paramLabel = "NAME") String username) {
        client().deleteUser(username);
        output().print(Empty.INSTANCE, () -> "Deleted user '" + username + "', their tokens and their permission grants.");
    }

    @Command(name = "whoami", description = "Prints the user the token belongs to.")
    void whoami() {
        MeResponse me = client().me();
        output().print(me, () -> IdentityViews.whoami(me.user(), me.authEnabled()));
    }
}
