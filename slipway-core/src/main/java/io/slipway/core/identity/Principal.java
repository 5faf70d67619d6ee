package io.slipway.core.identity;

import static java.util.Objects.requireNonNull;

/**
 * Who is calling. With authentication off every caller is {@link #ANONYMOUS}, which may do
 * everything; with it on, a principal is the owner of a valid token.
 */
public record Principal(String username, boolean admin, boolean authenticated) {
    public static final Principal ANONYMOUS = new Principal("anonymous", true, false);

    public Principal {
        requireNonNull(username, "username is null");
    }

    public static Principal of(User user) {
        return new Principal(user.username(), user.admin(), true);
    }
}
