package io.slipway.server.auth;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.http.Context;
import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.identity.IdentityService;
import io.slipway.core.identity.Permission;
import io.slipway.core.identity.Principal;
import io.slipway.core.identity.ResourceType;
import io.slipway.core.tracking.TrackingService;
import io.slipway.server.AuthConfig;
import java.time.Duration;

/**
 * Authorization, called by handlers once they know what a request touches (the experiment of a
 * run, the registered model of a version). With authentication off every check passes. Each
 * check also names the request's target for the audit trail.
 *
 * <p>Permissions are looked up per (user, resource) and kept for {@link AuthConfig#cacheTtl()},
 * so the hot paths (get-run, log-batch) cost a map lookup; a change made through this server
 * clears the cache at once, one made through another server is seen within the TTL. A run's
 * experiment never changes, so that mapping is cached without expiry.
 */
public final class Access {
    public static final String PRINCIPAL_ATTRIBUTE = "slipway.principal";
    public static final String TARGET_ATTRIBUTE = "slipway.target";

    private final boolean enabled;
    private final Permission defaultPermission;
    private final IdentityService identity;
    private final TrackingService tracking;
    private final Cache<GrantKey, Permission> permissions;
    private final Cache<String, String> runExperiments;

    public Access(AuthConfig config, IdentityService identity, TrackingService tracking) {
        requireNonNull(config, "config is null");
        this.enabled = config.enabled();
        this.defaultPermission = config.defaultPermission();
        this.identity = requireNonNull(identity, "identity is null");
        this.tracking = requireNonNull(tracking, "tracking is null");
        this.permissions = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(config.cacheTtl()).build();
        this.runExperiments = Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(Duration.ofHours(1)).build();
    }

    public boolean enabled() {
        return enabled;
    }

    /** The caller: {@link Principal#ANONYMOUS} with authentication off, else the token's owner. */
    public Principal principal(Context ctx) {
        if (!enabled) {
            return Principal.ANONYMOUS;
        }
        Principal principal = ctx.attribute(PRINCIPAL_ATTRIBUTE);
        if (principal == null) {
            throw IdentityService.unauthenticated("This call needs an API token.");
        }
        return principal;
    }

    public void requireExperiment(Context ctx, String experimentId, Permission needed) {
        target(ctx, "experiment:" + experimentId);
        require(ctx, ResourceType.EXPERIMENT, experimentId, needed, "experiment " + experimentId);
    }

    /**
     * Checks {@code needed} on the run's experiment. An unknown run passes here: the handler then
     * answers 404 as it would for anyone.
     */
    public void requireRun(Context ctx, String runId, Permission needed) {
        target(ctx, "run:" + runId);
        if (!enabled || runId == null || runId.isEmpty() || principal(ctx).admin()) {
            return;
        }
        String experimentId = experimentOfRun(runId);
        if (experimentId != null) {
            require(ctx, ResourceType.EXPERIMENT, experimentId, needed, "experiment " + experimentId + " (of run " + runId + ")");
        }
    }

    public void requireModel(Context ctx, String name, Permission needed) {
        target(ctx, "registered_model:" + name);
        require(ctx, ResourceType.REGISTERED_MODEL, name, needed, "registered model '" + name + "'");
    }

    /** As {@link #requireModel}, naming the version as the audit target. */
    public void requireModelVersion(Context ctx, String name, String version, Permission needed) {
        requireModel(ctx, name, needed);
        target(ctx, "registered_model:" + name + "/" + version);
    }

    /**
     * Checks an artifact path of the proxy ({@code <experiment id>/<run id>/artifacts/...}) against
     * its experiment; paths outside any experiment (the root) are for admins.
     */
    public void requireArtifactPath(Context ctx, String path, Permission needed) {
        target(ctx, "artifact:" + (path == null ? "" : path));
        if (!enabled) {
            return;
        }
        String first = path == null ? "" : path.split("/", 2)[0];
        if (first.isEmpty() || !first.chars().allMatch(Character::isDigit)) {
            requireAdmin(ctx);
            return;
        }
        require(ctx, ResourceType.EXPERIMENT, first, needed, "experiment " + first);
    }

    public void requireDataset(Context ctx, String name, Permission needed) {
        target(ctx, "dataset:" + name);
        require(ctx, ResourceType.DATASET, name, needed, "dataset '" + name + "'");
    }

    public void requireResource(Context ctx, ResourceType type, String resourceId, Permission needed) {
        switch (type) {
            case EXPERIMENT -> requireExperiment(ctx, resourceId, needed);
            case REGISTERED_MODEL -> requireModel(ctx, resourceId, needed);
            case DATASET -> requireDataset(ctx, resourceId, needed);
        }
    }

    public void requireAdmin(Context ctx) {
        Principal principal = principal(ctx);
        if (!principal.admin()) {
            throw new SlipwayException(ErrorCode.PERMISSION_DENIED, "User '" + principal.username() + "' is not an admin; this call needs one.");
        }
    }

    /** Whether the caller may read the resource: for filtering search results. */
    public boolean canRead(Context ctx, ResourceType type, String resourceId) {
        return !enabled || principal(ctx).admin() || permission(principal(ctx).username(), type, resourceId).includes(Permission.READ);
    }

    /** Gives the caller MANAGE on a resource they just created, as MLflow's auth does. */
    public void grantCreator(Context ctx, ResourceType type, String resourceId) {
        grantCreator(principal(ctx), type, resourceId);
    }

    /** Forgets cached permissions after a grant, user or resource changed through this server. */
    public void permissionsChanged() {
        permissions.invalidateAll();
    }

    /** Names what a request touches, e.g. {@code registered_model:fraud/3}, for its audit event. */
    public static void target(Context ctx, String target) {
        ctx.attribute(TARGET_ATTRIBUTE, target);
    }

    /**
     * Checks {@code needed} for work the server does on a user's behalf outside their request (a
     * queued training): the same rule as the request's own checks, without a request to name.
     */
    public void require(Principal principal, ResourceType type, String resourceId, Permission needed) {
        require(principal, type, resourceId, needed, type.wireName() + " '" + resourceId + "'");
    }

    /** As {@link #grantCreator(Context, ResourceType, String)}, for a resource created on a user's behalf. */
    public void grantCreator(Principal principal, ResourceType type, String resourceId) {
        if (enabled) {
            identity.setPermission(principal.username(), type, resourceId, Permission.MANAGE);
            permissionsChanged();
        }
    }

    private void require(Context ctx, ResourceType type, String resourceId, Permission needed, String what) {
        if (!enabled || resourceId == null || resourceId.isEmpty()) {
            return;
        }
        require(principal(ctx), type, resourceId, needed, what);
    }

    private void require(Principal principal, ResourceType type, String resourceId, Permission needed, String what) {
        if (!enabled || principal.admin()) {
            return;
        }
        Permission has = permission(principal.username(), type, resourceId);
        if (!has.includes(needed)) {
            throw new SlipwayException(ErrorCode.PERMISSION_DENIED, "User '" + principal.username() + "' has " + has + " on " + what
                    + "; this call needs " + needed + ".");
        }
    }

    private Permission permission(String username, ResourceType type, String resourceId) {
        return permissions.get(new GrantKey(username, type, resourceId),
                key -> identity.grantedPermission(key.username(), key.type(), key.resourceId()).orElse(defaultPermission));
    }

    private String experimentOfRun(String runId) {
        return runExperiments.get(runId, id -> tracking.findRun(id).map(run -> run.info().experimentId()).orElse(null));
    }

    private record GrantKey(String username, ResourceType type, String resourceId) {}
}
