package io.slipway.server.slipway;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.slipway.api.mlflow.TrackingMessages.Empty;
import io.slipway.api.slipway.DeploymentMessages.CreateDeployment;
import io.slipway.api.slipway.DeploymentMessages.DeploymentName;
import io.slipway.api.slipway.DeploymentMessages.DeploymentResponse;
import io.slipway.api.slipway.DeploymentMessages.DeploymentView;
import io.slipway.api.slipway.DeploymentMessages.DeploymentsResponse;
import io.slipway.api.slipway.DeploymentMessages.EventsResponse;
import io.slipway.api.slipway.DeploymentMessages.ListEvents;
import io.slipway.api.slipway.DeploymentMessages.RollbackDeployment;
import io.slipway.api.slipway.DeploymentMessages.SetCandidate;
import io.slipway.api.slipway.DeploymentMessages.SetPercent;
import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.identity.Permission;
import io.slipway.core.identity.ResourceType;
import io.slipway.core.registry.ModelUri;
import io.slipway.core.registry.RegistryService;
import io.slipway.core.serving.Deployment;
import io.slipway.core.serving.DeploymentService;
import io.slipway.core.serving.RolloutMode;
import io.slipway.server.auth.Access;
import io.slipway.server.http.JsonIo;
import java.util.Optional;

/**
 * Deployments under {@code /api/2.0/slipway/deployments/}. A deployment is governed by the
 * registered model it serves: reading it needs READ on that model, changing it EDIT (creating it,
 * EDIT on the model its URI names). The history of a deleted deployment is for admins.
 */
public final class DeploymentsApi {
    private static final String PREFIX = IdentityApi.PREFIX + "deployments/";
    private static final int DEFAULT_MAX_EVENTS = 100;

    private final DeploymentService deployments;
    private final Access access;
    private final JsonIo io;

    public DeploymentsApi(DeploymentService deployments, Access access, JsonIo io) {
        this.deployments = requireNonNull(deployments, "deployments is null");
        this.access = requireNonNull(access, "access is null");
        this.io = requireNonNull(io, "io is null");
    }

    public void register(RoutesConfig routes) {
        routes.post(PREFIX + "create", this::create);
        routes.get(PREFIX + "get", this::get);
        routes.get(PREFIX + "list", this::list);
        routes.post(PREFIX + "delete", this::delete);
        routes.post(PREFIX + "set-candidate", this::setCandidate);
        routes.post(PREFIX + "set-percent", this::setPercent);
        routes.post(PREFIX + "promote", this::promote);
        routes.post(PREFIX + "rollback", this::rollback);
        routes.get(PREFIX + "events", this::events);
    }

    private void create(Context ctx) {
        CreateDeployment request = io.read(ctx, CreateDeployment.class);
        RegistryService.validateName(request.name(), "name");
        if (request.modelUri() == null || request.modelUri().isEmpty()) {
            throw SlipwayException.missingParameter("model_uri");
        }
        String model = ModelUri.parse(request.modelUri()).name();
        RegistryService.validateName(model, "model_uri");
        access.requireModel(ctx, model, Permission.EDIT);
        Access.target(ctx, "deployment:" + request.name());
        Deployment created = deployments.create(request.name(), request.modelUri(), request.description(),
                request.rollout() == null ? null : request.rollout().toRollout(),
                request.rollback() == null ? null : request.rollback().toPolicy(), actor(ctx));
        io.write(ctx, DeploymentResponse.of(created));
    }

    private void get(Context ctx) {
        io.write(ctx, DeploymentResponse.of(governed(ctx, io.read(ctx, DeploymentName.class).name(), Permission.READ)));
    }

    private void list(Context ctx) {
        io.write(ctx, new DeploymentsResponse(deployments.list().stream()
                .filter(d -> access.canRead(ctx, ResourceType.REGISTERED_MODEL, d.stable().name()))
                .map(DeploymentView::of).toList()));
    }

    private void delete(Context ctx) {
        String name = governed(ctx, io.read(ctx, DeploymentName.class).name(), Permission.EDIT).name();
        deployments.delete(name, actor(ctx));
        io.write(ctx, Empty.INSTANCE);
    }

    private void setCandidate(Context ctx) {
        SetCandidate request = io.read(ctx, SetCandidate.class);
        String name = governed(ctx, request.name(), Permission.EDIT).name();
        if (request.mode() == null) {
            throw SlipwayException.missingParameter("mode");
        }
        if (request.mode() == RolloutMode.CANARY && request.percent() == null) {
            throw SlipwayException.missingParameter("percent");
        }
        io.write(ctx, DeploymentResponse.of(deployments.setCandidate(name, request.version(), request.mode(),
                request.percent() == null ? 0 : request.percent(), actor(ctx))));
    }

    private void setPercent(Context ctx) {
        SetPercent request = io.read(ctx, SetPercent.class);
        String name = governed(ctx, request.name(), Permission.EDIT).name();
        if (request.percent() == null) {
            throw SlipwayException.missingParameter("percent");
        }
        io.write(ctx, DeploymentResponse.of(deployments.setPercent(name, request.percent(), actor(ctx))));
    }

    private void promote(Context ctx) {
        String name = governed(ctx, io.read(ctx, DeploymentName.class).name(), Permission.EDIT).name();
        io.write(ctx, DeploymentResponse.of(deployments.promote(name, actor(ctx))));
    }

    private void rollback(Context ctx) {
        RollbackDeployment request = io.read(ctx, RollbackDeployment.class);
        String name = governed(ctx, request.name(), Permission.EDIT).name();
        io.write(ctx, DeploymentResponse.of(deployments.rollback(name, request.candidateVersion(), request.reason(), actor(ctx))));
    }

    private void events(Context ctx) {
        ListEvents request = io.read(ctx, ListEvents.class);
        RegistryService.validateName(request.name(), "name");
        Access.target(ctx, "deployment:" + request.name());
        Optional<Deployment> current = find(request.name());
        if (current.isPresent()) {
            access.requireModel(ctx, current.get().stable().name(), Permission.READ);
        } else if (access.enabled()) {
            access.requireAdmin(ctx);
        }
        Access.target(ctx, "deployment:" + request.name());
        int maxResults = request.maxResults() == null ? DEFAULT_MAX_EVENTS : request.maxResults();
        io.write(ctx, new EventsResponse(deployments.events(request.name(), maxResults)));
    }

    /** The deployment, once the caller is found to hold {@code needed} on the model it serves. */
    private Deployment governed(Context ctx, String name, Permission needed) {
        Deployment deployment = deployments.get(name);
        access.requireModel(ctx, deployment.stable().name(), needed);
        Access.target(ctx, "deployment:" + name);
        return deployment;
    }

    private Optional<Deployment> find(String name) {
        try {
            return Optional.of(deployments.get(name));
        } catch (SlipwayException e) {
            if (e.errorCode() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private String actor(Context ctx) {
        return access.principal(ctx).username();
    }
}
