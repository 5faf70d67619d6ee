package io.slipway.core.identity;

import static java.util.Objects.requireNonNull;

/** One user's permission on one experiment (by id) or registered model (by name). */
public record PermissionGrant(String username, ResourceType resourceType, String resourceId, Permission permission) {
    public PermissionGrant {
        requireNonNull(username, "username is null");
        requireNonNull(resourceType, "resourceType is null");
        requireNonNull(resourceId, "resourceId is null");
        requireNonNull(permission, "permission is null");
    }
}
