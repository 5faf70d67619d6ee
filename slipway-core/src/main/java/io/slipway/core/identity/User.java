package io.slipway.core.identity;

import static java.util.Objects.requireNonNull;

/** A person or service account that calls Slipway. Admins bypass every permission check. */
public record User(String username, boolean admin, long creationTimestamp) {
    public User {
        requireNonNull(username, "username is null");
    }
}
