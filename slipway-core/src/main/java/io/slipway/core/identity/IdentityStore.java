package io.slipway.core.identity;

import java.util.List;
import java.util.Optional;

/**
 * Where users, their API tokens (as hashes) and their permissions live. Each write is one
 * transaction; deleting a user deletes their tokens and grants with them.
 */
public interface IdentityStore {
    /** Creates a user; fails with RESOURCE_ALREADY_EXISTS when the name is taken. */
    User createUser(User user);

    Optional<User> getUser(String username);

    List<User> listUsers();

    long countUsers();

    /** Fails with RESOURCE_DOES_NOT_EXIST for an unknown user. */
    User setAdmin(String username, boolean admin);

    /** Fails with RESOURCE_DOES_NOT_EXIST for an unknown user. */
    void deleteUser(String username);

    /**
     * Creates the first admin and their token if, and only if, there is no user yet; one
     * transaction, so two servers starting together create one admin. False when users exist.
     */
    boolean bootstrapAdmin(User admin, ApiToken token, String tokenHash);

    /** Stores a new token for an existing user, with the SHA-256 hash of its secret. */
    ApiToken createToken(ApiToken token, String tokenHash);

    /** The token with this secret hash and its owner, revoked and expired ones included. */
    Optional<TokenOwner> findToken(String tokenHash);

    Optional<ApiToken> getToken(String id);

    List<ApiToken> listTokens(String username);

    /** Marks a token revoked at {@code now}; revoking twice keeps the first time. */
    ApiToken revokeToken(String id, long now);

    /** Creates or replaces a grant; the user must exist. */
    PermissionGrant setPermission(PermissionGrant grant);

    /** Fails with RESOURCE_DOES_NOT_EXIST when there is no such grant. */
    void deletePermission(String username, ResourceType type, String resourceId);

    Optional<Permission> getPermission(String username, ResourceType type, String resourceId);

    /** Grants filtered by user and/or resource (null matches all). */
    List<PermissionGrant> listPermissions(String username, ResourceType type, String resourceId);

    /** Moves grants when a registered model is renamed. */
    void renameResource(ResourceType type, String oldId, String newId);

    /** Drops grants on a deleted resource. */
    void deleteResource(ResourceType type, String resourceId);

    /** A token together with the user it belongs to. */
    record TokenOwner(ApiToken token, User user) {}
}
