package io.slipway.core.identity;

import static java.util.Objects.requireNonNull;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Users, API tokens and permissions. Token secrets are 256 random bits, so a single SHA-256 is
 * a safe way to store them (no slow password hash is needed: there is nothing to guess) and a
 * lookup by hash is one indexed read.
 */
public final class IdentityService {
    public static final String TOKEN_PREFIX = "slw_";
    public static final int MAX_TOKEN_NAME_LENGTH = 200;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern TOKEN_ID = Pattern.compile("tok_[0-9a-f]{16}");
    private static final Base64.Encoder SECRET_ENCODING = Base64.getUrlEncoder().withoutPadding();

    private final IdentityStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public IdentityService(IdentityStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    // ---- users ----

    public User createUser(String username, boolean admin) {
        validateUsername(username);
        return store.createUser(new User(username, admin, clock.millis()));
    }

    public User getUser(String username) {
        validateUsername(username);
        return store.getUser(username).orElseThrow(() -> userNotFound(username));
    }

    public List<User> listUsers() {
        return store.listUsers();
    }

    public User setAdmin(String username, boolean admin) {
        validateUsername(username);
        if (!admin) {
            refuseRemovingLastAdmin(username, "lose admin rights");
        }
        return store.setAdmin(username, admin);
    }

    public void deleteUser(String username) {
        validateUsername(username);
        refuseRemovingLastAdmin(username, "be deleted");
        store.deleteUser(username);
    }

    /** Nobody could manage users any more without an admin. */
    private void refuseRemovingLastAdmin(String username, String what) {
        List<User> admins = store.listUsers().stream().filter(User::admin).toList();
        if (admins.size() == 1 && admins.get(0).username().equals(username)) {
            throw SlipwayException.invalidParameter("User '%s' is the only admin and cannot %s: make another user admin first.",
                    username, what);
        }
    }

    /**
     * Creates the first admin with one token when there are no users yet. With {@code secret}
     * given (from the environment) that secret becomes the token; else a new one is generated.
     * Empty when users already exist.
     */
    public Optional<IssuedToken> bootstrapAdmin(String username, String secret, Long expirationTimestamp) {
        validateUsername(username);
        if (secret != null) {
            validateProvidedSecret(secret);
        }
        String tokenSecret = secret == null ? newSecret() : secret;
        long now = clock.millis();
        ApiToken token = new ApiToken(newTokenId(), username, "bootstrap", now, expirationTimestamp, null);
        boolean created = store.bootstrapAdmin(new User(username, true, now), token, hash(tokenSecret));
        return created ? Optional.of(new IssuedToken(token, tokenSecret)) : Optional.empty();
    }

    // ---- tokens ----

    public IssuedToken issueToken(String username, String name, Long expirationTimestamp) {
        validateUsername(username);
        if (name != null && name.length() > MAX_TOKEN_NAME_LENGTH) {
            throw SlipwayException.invalidParameter("Token name exceeds the maximum length of %d characters.", MAX_TOKEN_NAME_LENGTH);
        }
        long now = clock.millis();
        if (expirationTimestamp != null && expirationTimestamp <= now) {
            throw SlipwayException.invalidParameter("Invalid value %d for parameter 'expiration_timestamp': it lies in the past.",
                    expirationTimestamp);
        }
        store.getUser(username).orElseThrow(() -> userNotFound(username));
        String secret = newSecret();
        ApiToken token = store.createToken(new ApiToken(newTokenId(), username, name, now, expirationTimestamp, null), hash(secret));
        return new IssuedToken(token, secret);
    }

    public List<ApiToken> listTokens(String username) {
        validateUsername(username);
        store.getUser(username).orElseThrow(() -> userNotFound(username));
        return store.listTokens(username);
    }

    public ApiToken getToken(String id) {
        validateTokenId(id);
        return store.getToken(id).orElseThrow(() -> SlipwayException.notFound("Token '%s' does not exist.", id));
    }

    public ApiToken revokeToken(String id) {
        validateTokenId(id);
        return store.revokeToken(id, clock.millis());
    }

    /**
     * The principal of a looked-up token, checking revocation and expiry at this moment. Revoked
     * and expired tokens fail with UNAUTHENTICATED; the message says which, so a client knows
     * whether to ask for a new token.
     */
    public Principal principalOf(IdentityStore.TokenOwner owner) {
        if (owner.token().revoked()) {
            throw unauthenticated("API token " + owner.token().id() + " has been revoked.");
        }
        if (owner.token().expiredAt(clock.millis())) {
            throw unauthenticated("API token " + owner.token().id() + " has expired.");
        }
        return Principal.of(owner.user());
    }

    public Optional<IdentityStore.TokenOwner> findToken(String secret) {
        return store.findToken(hash(secret));
    }

    // ---- permissions ----

    public PermissionGrant setPermission(String username, ResourceType type, String resourceId, Permission permission) {
        validateUsername(username);
        requireResourceId(resourceId);
        store.getUser(username).orElseThrow(() -> userNotFound(username));
        return store.setPermission(new PermissionGrant(username, type, resourceId, permission));
    }

    public void deletePermission(String username, ResourceType type, String resourceId) {
        validateUsername(username);
        requireResourceId(resourceId);
        store.deletePermission(username, type, resourceId);
    }

    /** The explicit grant of a user on a resource, if any (defaults are applied by the caller). */
    public Optional<Permission> grantedPermission(String username, ResourceType type, String resourceId) {
        return store.getPermission(username, type, resourceId);
    }

    public List<PermissionGrant> listPermissions(String username, ResourceType type, String resourceId) {
        if (username != null) {
            validateUsername(username);
        }
        return store.listPermissions(username, type, resourceId);
    }

    public void onResourceRenamed(ResourceType type, String oldId, String newId) {
        store.renameResource(type, oldId, newId);
    }

    public void onResourceDeleted(ResourceType type, String resourceId) {
        store.deleteResource(type, resourceId);
    }

    // ---- helpers ----

    /** The SHA-256 of a token secret, lower-case hex: what the store keeps. */
    public static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public static void validateUsername(String username) {
        if (username == null || username.isEmpty()) {
            throw SlipwayException.missingParameter("username");
        }
        if (!USERNAME.matcher(username).matches()) {
            throw SlipwayException.invalidParameter("Invalid value '%s' for parameter 'username': use 1 to 64 letters, digits, '.', '_', '@'"
                    + " or '-', starting with a letter or digit.", username.length() > 80 ? username.substring(0, 80) + "..." : username);
        }
    }

    public static SlipwayException unauthenticated(String message) {
        return new SlipwayException(ErrorCode.UNAUTHENTICATED, message);
    }

    public static SlipwayException userNotFound(String username) {
        return SlipwayException.notFound("User '%s' does not exist.", username);
    }

    private static void validateTokenId(String id) {
        if (id == null || id.isEmpty()) {
            throw SlipwayException.missingParameter("id");
        }
        if (!TOKEN_ID.matcher(id).matches()) {
            throw SlipwayException.invalidParameter("Invalid token id '%s': token ids look like tok_0123456789abcdef.",
                    id.length() > 40 ? id.substring(0, 40) + "..." : id);
        }
    }

    /** A token chosen by the operator (the first admin's, from the environment) must be long and plain. */
    public static void validateProvidedSecret(String secret) {
        if (secret.length() < 32 || secret.length() > 256 || !secret.chars().allMatch(c -> c > 32 && c < 127)) {
            throw SlipwayException.invalidParameter(
                    "The admin token from the environment must be 32 to 256 printable ASCII characters without spaces.");
        }
    }

    private static void requireResourceId(String resourceId) {
        if (resourceId == null || resourceId.isEmpty()) {
            throw SlipwayException.missingParameter("resource_id");
        }
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return TOKEN_PREFIX + SECRET_ENCODING.encodeToString(bytes);
    }

    private String newTokenId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "tok_" + HexFormat.of().formatHex(bytes);
    }
}
