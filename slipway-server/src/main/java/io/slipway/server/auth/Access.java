package io.slipway.server.auth;

import io.javalin.http.Context;
import io.slipway.core.identity.Permission;
import io.slipway.core.identity.Principal;
import io.slipway.core.identity.ResourceType;

/**
 * Authorization, called by handlers once they know what a request touches. With authentication
 * off every check passes. Each check also names the request's target for the audit trail.
 */
public final class Access {
    /** The caller, as authenticated by the filter in front of every route. */
    public Principal principal(Context ctx) {
        throw new UnsupportedOperationException("todo");
    }

    public void requireExperiment(Context ctx, String experimentId, Permission needed) {
        throw new UnsupportedOperationException("todo");
    }

    /** Checks {@code needed} on the run's experiment. */
    public void requireRun(Context ctx, String runId, Permission needed) {
        throw new UnsupportedOperationException("todo");
    }

    public void requireModel(Context ctx, String name, Permission needed) {
        throw new UnsupportedOperationException("todo");
    }

    public void requireAdmin(Context ctx) {
        throw new UnsupportedOperationException("todo");
    }

    /** Whether the caller may read the resource: for filtering search results. */
    public boolean canRead(Context ctx, ResourceType type, String resourceId) {
        throw new UnsupportedOperationException("todo");
    }

    /** Names what a request touches, e.g. {@code registered_model:fraud/3}, for its audit event. */
    public static void target(Context ctx, String target) {
        throw new UnsupportedOperationException("todo");
    }
}
