package io.slipway.server.auth;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.http.Context;
import io.slipway.core.SlipwayException;
import io.slipway.core.identity.IdentityService;
import io.slipway.core.identity.IdentityStore.TokenOwner;
import io.slipway.core.identity.Principal;
import io.slipway.server.AuthConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Runs in front of every matched route: with authentication on, turns the {@code Authorization}
 * header (Bearer token, or basic auth with the token as password) into the request's
 * {@link Principal}, or answers 401. Lookups are cached per header value for the configured TTL,
 * failed ones too (so guessing tokens does not become a database load); expiry is re-checked on
 * every request, and revocations through this server clear the cache.
 */
public final class Authenticator {
    public static final String CHALLENGE = "Bearer realm=\"slipway\", Basic realm=\"slipway\"";
    private static final Set<String> PUBLIC_PATHS = Set.of("/health", "/version", "/v2/health/live", "/v2/health/ready", "/metrics");
    private static final int MAX_HEADER_LENGTH = 4096;

    private final boolean enabled;
    private final IdentityService identity;
    private final Cache<String, Optional<TokenOwner>> tokens;

    public Authenticator(AuthConfig config, IdentityService identity) {
        this.enabled = requireNonNull(config, "config is null").enabled();
        this.identity = requireNonNull(identity, "identity is null");
        this.tokens = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(config.cacheTtl()).build();
    }

    public void authenticate(Context ctx) {
        if (!enabled || PUBLIC_PATHS.contains(ctx.path())) {
            return;
        }
        try {
            ctx.attribute(Access.PRINCIPAL_ATTRIBUTE, principalOf(ctx.header("Authorization")));
        } catch (SlipwayException e) {
            ctx.header("WWW-Authenticate", CHALLENGE);
            throw e;
        }
    }

    /**
     * The user an {@code Authorization} header names, for paths served outside Javalin (inference's
     * fast path); an UNAUTHENTICATED error (401, to be sent with {@link #CHALLENGE}) when it names none.
     */
    public Principal principal(String authorizationHeader) {
        return principalOf(authorizationHeader);
    }

    /** Forgets cached tokens, after a token was revoked or a user changed or deleted. */
    public void tokensChanged() {
        tokens.invalidateAll();
    }

    private Principal principalOf(String header) {
        if (header == null || header.isBlank()) {
            throw IdentityService.unauthenticated("Authentication required: send 'Authorization: Bearer <token>' or basic auth with the"
                    + " token as password. Ask an admin for a token (slipway tokens create).");
        }
        if (header.length() > MAX_HEADER_LENGTH) {
            throw IdentityService.unauthenticated("The Authorization header is too long.");
        }
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String credentials = space < 0 ? "" : header.substring(space + 1).strip();
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "bearer" -> principalOfToken(credentials);
            case "basic" -> principalOfBasic(credentials);
            default -> throw IdentityService.unauthenticated("Unsupported Authorization scheme '" + truncate(scheme)
                    + "': use Bearer or Basic.");
        };
    }

    private Principal principalOfBasic(String credentials) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw IdentityService.unauthenticated("Malformed basic auth credentials: they are not base64.");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw IdentityService.unauthenticated("Malformed basic auth credentials: expected 'username:token'.");
        }
        String username = decoded.substring(0, colon);
        Principal principal = principalOfToken(decoded.substring(colon + 1));
        if (!principal.username().equals(username)) {
            throw IdentityService.unauthenticated("Basic auth username '" + truncate(username) + "' does not own this token.");
        }
        return principal;
    }

    private Principal principalOfToken(String secret) {
        if (secret.isEmpty()) {
            throw IdentityService.unauthenticated("Missing API token.");
        }
        Optional<TokenOwner> owner = tokens.get(secret, identity::findToken);
        return identity.principalOf(owner.orElseThrow(() -> IdentityService.unauthenticated("Invalid API token.")));
    }

    private static String truncate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
