package io.slipway.server;

import static java.util.Objects.requireNonNull;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.governance.PromotionService;
import io.slipway.core.identity.IdentityService;
import io.slipway.core.identity.Permission;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How a server authenticates and authorizes, and which aliases need four eyes.
 *
 * @param enabled whether every route (but /health and /version) needs a token ({@code --auth})
 * @param defaultPermission what a user may do on a resource without an explicit grant ({@code --default-permission})
 * @param protectedAliases aliases that move only through approved promotion requests ({@code --protected-aliases});
 *     enforced only when {@code enabled}, since without identities nobody can be a second pair of eyes
 * @param requiredApprovals approvals a promotion request needs ({@code --required-approvals})
 * @param adminUsername the first admin's name when the server starts with auth on and no users ($SLIPWAY_ADMIN_USER)
 * @param adminToken the first admin's token ($SLIPWAY_ADMIN_TOKEN); null: generate one and print it once
 * @param cacheTtl how long an authenticated token and a looked-up permission are reused; changes made through
 *     another server take effect after at most this long
 */
public record AuthConfig(
        boolean enabled,
        Permission defaultPermission,
        List<String> protectedAliases,
        int requiredApprovals,
        String adminUsername,
        String adminToken,
        Duration cacheTtl) {
    public static final String ADMIN_USER_ENV = "SLIPWAY_ADMIN_USER";
    public static final String ADMIN_TOKEN_ENV = "SLIPWAY_ADMIN_TOKEN";
    public static final List<String> DEFAULT_PROTECTED_ALIASES = List.of("champion", "production");
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(5);
    /** How long a generated bootstrap token is valid. */
    public static final Duration BOOTSTRAP_TOKEN_VALIDITY = Duration.ofHours(24);

    public AuthConfig {
        requireNonNull(defaultPermission, "defaultPermission is null");
        protectedAliases = List.copyOf(requireNonNull(protectedAliases, "protectedAliases is null"));
        requireNonNull(cacheTtl, "cacheTtl is null");
        if (requiredApprovals < 1 || requiredApprovals > 10) {
            throw new SlipwayException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Invalid --required-approvals " + requiredApprovals + ": it must be between 1 and 10.");
        }
        adminUsername = adminUsername == null || adminUsername.isBlank() ? "admin" : adminUsername.strip();
        IdentityService.validateUsername(adminUsername);
        adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken.strip();
        if (adminToken != null) {
            IdentityService.validateProvidedSecret(adminToken);
        }
    }

    /** Auth off: the embedded developer default. */
    public static AuthConfig disabled() {
        return new AuthConfig(false, Permission.READ, DEFAULT_PROTECTED_ALIASES, 1, null, null, DEFAULT_CACHE_TTL);
    }

    /** The aliases the registry protects: none with auth off. */
    public Set<String> enforcedProtectedAliases() {
        return enabled ? PromotionService.normalizeAliases(protectedAliases) : Set.of();
    }

    public AuthConfig withEnabled(boolean on) {
        return new AuthConfig(on, defaultPermission, protectedAliases, requiredApprovals, adminUsername, adminToken, cacheTtl);
    }

    public AuthConfig withAdmin(String username, String token) {
        return new AuthConfig(enabled, defaultPermission, protectedAliases, requiredApprovals, username, token, cacheTtl);
    }

    public AuthConfig withDefaultPermission(Permission permission) {
        return new AuthConfig(enabled, permission, protectedAliases, requiredApprovals, adminUsername, adminToken, cacheTtl);
    }

    public AuthConfig withRequiredApprovals(int approvals) {
        return new AuthConfig(enabled, defaultPermission, protectedAliases, approvals, adminUsername, adminToken, cacheTtl);
    }

    public AuthConfig withProtectedAliases(List<String> aliases) {
        return new AuthConfig(enabled, defaultPermission, aliases, requiredApprovals, adminUsername, adminToken, cacheTtl);
    }
}
