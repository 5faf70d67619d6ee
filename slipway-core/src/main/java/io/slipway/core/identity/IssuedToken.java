package io.slipway.core.identity;

import static java.util.Objects.requireNonNull;

/** A freshly issued token with its secret: the only time the secret is ever returned. */
public record IssuedToken(ApiToken token, String secret) {
    public IssuedToken {
        requireNonNull(token, "token is null");
        requireNonNull(secret, "secret is null");
    }
}
