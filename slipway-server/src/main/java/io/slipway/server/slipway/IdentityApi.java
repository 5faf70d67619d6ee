package io.slipway.server.slipway;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.slipway.api.mlflow.TrackingMessages.Empty;
import io.slipway.api.slipway.GovernanceMessages.CreateToken;
import io.slipway.api.slipway.GovernanceMessages.CreateUser;
import io.slipway.api.slipway.GovernanceMessages.MeResponse;
import io.slipway.api.slipway.GovernanceMessages.PermissionRef;
import io.slipway.api.slipway.GovernanceMessages.PermissionResponse;
import io.slipway.api.slipway.GovernanceMessages.PermissionsResponse;
import io.slipway.api.slipway.GovernanceMessages.SetPermission;
import io.slipway.api.slipway.GovernanceMessages.TokenCreated;
import io.slipway.api.slipway.GovernanceMessages.TokenRef;
import io.slipway.api.slipway.GovernanceMessages.TokenResponse;
import io.slipway.api.slipway.GovernanceMessages.TokensResponse;
import io.slipway.api.slipway.GovernanceMessages.UpdateUser;
import io.slipway.api.slipway.GovernanceMessages.UserResponse;
import io.slipway.api.slipway.GovernanceMessages.Username;
import io.slipway.api.slipway.GovernanceMessages.UsersResponse;
import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.data.DataService;
import io.slipway.core.identity.ApiToken;
import io.slipway.core.identity.IdentityService;
import io.slipway.core.identity.IssuedToken;
import io.slipway.core.identity.Permission;
import io.slipway.core.identity.Principal;
import io.slipway.core.identity.ResourceType;
import io.slipway.core.identity.User;
import io.slipway.core.registry.RegistryService;
import io.slipway.core.tracking.TrackingService;
import io.slipway.server.auth.Access;
import io.slipway.server.auth.Authenticator;
import io.slipway.server.http.JsonIo;
import java.time.Clock;
import java.time.Duration;

/**
 * Users, API tokens and permission grants under {@code /api/2.0/slipway/}. Users are managed by
 * admins; everyone manages their own tokens; grants on a resource are given by those who MANAGE it.
 */
public final class IdentityApi {
    public static final String PREFIX = "/api/2.0/slipway/";
    private static final int MAX_EXPIRES_IN_DAYS = 3650;

    private final IdentityService identity;
    private final TrackingService tracking;
    private final RegistryService registry;
    private final DataService data;
    private final Access access;
    private final Authenticator authenticator;
    private final JsonIo io;
    private final Clock clock;

    public IdentityApi(IdentityService identity, TrackingService tracking, RegistryService registry, DataService data, Access access,
            Authenticator authenticator, JsonIo io, Clock clock) {
        this.identity = requireNonNull(identity, "identity is null");
        this.tracking = requireNonNull(tracking, "tracking is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.data = requireNonNull(data, "data is null");
        this.access = requireNonNull(access, "access is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.io = requireNonNull(io, "io is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void register(RoutesConfig routes) {
        routes.get(PREFIX + "users/me", this::me);
        routes.post(PREFIX + "users/create", this::createUser);
        routes.get(PREFIX + "users/get", this::getUser);
        routes.get(PREFIX + "users/list", this::listUsers);
        routes.patch(PREFIX + "users/update", this::updateUser);
        routes.delete(PREFIX + "users/delete", this::deleteUser);

        routes.post(PREFIX + "tokens/create", this::createToken);
        routes.get(PREFIX + "tokens/list", this::listTokens);
        routes.post(PREFIX + "tokens/revoke", this::revokeToken);

        routes.post(PREFIX + "permissions/set", this::setPermission);
        routes.delete(PREFIX + "permissions/delete", this::deletePermission);
        routes.get(PREFIX + "permissions/list", this::listPermissions);
    }

    // ---- users ----

    private void me(Context ctx) {
        Principal principal = access.principal(ctx);
        User user = access.enabled() ? identity.getUser(principal.username()) : new User(principal.username(), true, 0);
        io.write(ctx, new MeResponse(user, access.enabled()));
    }

    private void createUser(Context ctx) {
        CreateUser request = io.read(ctx, CreateUser.class);
        Access.target(ctx, "user:" + request.username());
        access.requireAdmin(ctx);
        io.write(ctx, new UserResponse(identity.createUser(request.username(), Boolean.TRUE.equals(request.admin()))));
    }

    private void getUser(Context ctx) {
        String username = io.read(ctx, Username.class).username();
        requireSelfOrAdmin(ctx, username);
        io.write(ctx, new UserResponse(identity.getUser(username)));
    }

    private void listUsers(Context ctx) {
        access.requireAdmin(ctx);
        io.write(ctx, new UsersResponse(identity.listUsers()));
    }

    private void updateUser(Context ctx) {
        UpdateUser request = io.read(ctx, UpdateUser.class);
        Access.target(ctx, "user:" + request.username());
        access.requireAdmin(ctx);
        if (request.admin() == null) {
            throw SlipwayException.missingParameter("admin");
        }
        User user = identity.setAdmin(request.username(), request.admin());
        authenticator.tokensChanged();
        io.write(ctx, new UserResponse(user));
    }

    private void deleteUser(Context ctx) {
        String username = io.read(ctx, Username.class).username();
        Access.target(ctx, "user:" + username);
        access.requireAdmin(ctx);
        identity.deleteUser(username);
        authenticator.tokensChanged();
        access.permissionsChanged();
        io.write(ctx, Empty.INSTANCE);
    }

    // ---- tokens ----

    private void createToken(Context ctx) {
        CreateToken request = io.read(ctx, CreateToken.class);
        String username = request.username() == null || request.username().isEmpty()
                ? access.principal(ctx).username() : request.username();
        Access.target(ctx, "user:" + username);
        requireSelfOrAdmin(ctx, username);
        IssuedToken issued = identity.issueToken(username, request.name(), expiration(request));
        Access.target(ctx, "token:" + issued.token().id());
        io.write(ctx, new TokenCreated(issued.token(), issued.secret()));
    }

    private Long expiration(CreateToken request) {
        if (request.expirationTimestamp() != null && request.expiresInDays() != null) {
            throw SlipwayException.invalidParameter("Give either 'expiration_timestamp' or 'expires_in_days', not both.");
        }
        if (request.expiresInDays() == null) {
            return request.expirationTimestamp();
        }
        int days = request.expiresInDays();
        if (days < 1 || days > MAX_EXPIRES_IN_DAYS) {
            throw SlipwayException.invalidParameter("Invalid value %d for parameter 'expires_in_days': it must be between 1 and %d.",
                    days, MAX_EXPIRES_IN_DAYS);
        }
        return clock.millis() + Duration.ofDays(days).toMillis();
    }

    private void listTokens(Context ctx) {
        String given = io.read(ctx, Username.class).username();
        String username = given == null || given.isEmpty() ? access.principal(ctx).username() : given;
        requireSelfOrAdmin(ctx, username);
        io.write(ctx, new TokensResponse(identity.listTokens(username)));
    }

    private void revokeToken(Context ctx) {
        String id = io.read(ctx, TokenRef.class).id();
        Access.target(ctx, "token:" + id);
        ApiToken token = identity.getToken(id);
        requireSelfOrAdmin(ctx, token.username());
        ApiToken revoked = identity.revokeToken(id);
        authenticator.tokensChanged();
        io.write(ctx, new TokenResponse(revoked));
    }

    // ---- permissions ----

    private void setPermission(Context ctx) {
        SetPermission request = io.read(ctx, SetPermission.class);
        ResourceType type = ResourceType.parse(request.resourceType(), "resource_type");
        Permission permission = Permission.parse(request.permission(), "permission");
        requireManagedResource(ctx, type, request.resourceId());
        var grant = identity.setPermission(request.username(), type, request.resourceId(), permission);
        access.permissionsChanged();
        io.write(ctx, new PermissionResponse(grant));
    }

    private void deletePermission(Context ctx) {
        PermissionRef request = io.read(ctx, PermissionRef.class);
        ResourceType type = ResourceType.parse(request.resourceType(), "resource_type");
        requireManagedResource(ctx, type, request.resourceId());
        identity.deletePermission(request.username(), type, request.resourceId());
        access.permissionsChanged();
        io.write(ctx, Empty.INSTANCE);
    }

    private void listPermissions(Context ctx) {
        PermissionRef request = io.read(ctx, PermissionRef.class);
        ResourceType type = request.resourceType() == null || request.resourceType().isEmpty()
                ? null : ResourceType.parse(request.resourceType(), "resource_type");
        String resourceId = request.resourceId() == null || request.resourceId().isEmpty() ? null : request.resourceId();
        if (resourceId != null && type == null) {
            throw SlipwayException.missingParameter("resource_type");
        }
        Principal principal = access.principal(ctx);
        boolean own = principal.username().equals(request.username());
        if (!own && !principal.admin()) {
            if (resourceId == null) {
                access.requireAdmin(ctx);
            } else {
                access.requireResource(ctx, type, resourceId, Permission.MANAGE);
            }
        }
        String username = request.username() == null || request.username().isEmpty() ? null : request.username();
        io.write(ctx, new PermissionsResponse(identity.listPermissions(username, type, resourceId)));
    }

    /** The resource must exist, and the caller must MANAGE it. */
    private void requireManagedResource(Context ctx, ResourceType type, String resourceId) {
        if (resourceId == null || resourceId.isEmpty()) {
            throw SlipwayException.missingParameter("resource_id");
        }
        access.requireResource(ctx, type, resourceId, Permission.MANAGE);
        switch (type) {
            case EXPERIMENT -> tracking.getExperiment(resourceId);
            case REGISTERED_MODEL -> registry.getRegisteredModel(resourceId);
            case DATASET -> data.listVersions(resourceId);
        }
    }

    private void requireSelfOrAdmin(Context ctx, String username) {
        Principal principal = access.principal(ctx);
        if (!principal.admin() && !principal.username().equals(username)) {
            throw new SlipwayException(ErrorCode.PERMISSION_DENIED,
                    "User '" + principal.username() + "' can only see and change their own tokens and account; this needs an admin.");
        }
    }
}
