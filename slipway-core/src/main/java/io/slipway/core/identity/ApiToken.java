package io.slipway.core.identity;

import static java.util.Objects.requireNonNull;

/**
 * An API token as listed: never its secret, which is shown once when it is issued and stored
 * only as a SHA-256 hash. {@code expirationTimestamp} and {@code revokedTimestamp} are null when
 * the token does not expire or is not revoked.
 */
public record ApiToken(
        String id,
        String username,
        String name,
        long creationTimestamp,
        Long expirationTimestamp,
        Long revokedTimestamp) {
    public ApiToken {
        requireNonNull(id, "id is null");
        requireNonNull(username, "username is null");
        name = name == null ? "" : name;
    }

    public boolean revoked() {
        return revokedTimestamp != null;
    }

    public boolean expiredAt(long now) {
        return expirationTimestamp != null && now >= expirationTimestamp;
    }
}
