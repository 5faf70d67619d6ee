package io.slipway.server.mlflow;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.slipway.api.mlflow.RegistryMessages.AliasRef;
import io.slipway.api.mlflow.RegistryMessages.CreateModelVersion;
import io.slipway.api.mlflow.RegistryMessages.CreateRegisteredModel;
import io.slipway.api.mlflow.RegistryMessages.DeleteModelVersionTag;
import io.slipway.api.mlflow.RegistryMessages.DeleteRegisteredModelTag;
import io.slipway.api.mlflow.RegistryMessages.DownloadUriResponse;
import io.slipway.api.mlflow.RegistryMessages.GetLatestVersions;
import io.slipway.api.mlflow.RegistryMessages.ModelName;
import io.slipway.api.mlflow.RegistryMessages.ModelVersionRef;
import io.slipway.api.mlflow.RegistryMessages.ModelVersionResponse;
import io.slipway.api.mlflow.RegistryMessages.ModelVersionsResponse;
import io.slipway.api.mlflow.RegistryMessages.RegisteredModelResponse;
import io.slipway.api.mlflow.RegistryMessages.RenameRegisteredModel;
import io.slipway.api.mlflow.RegistryMessages.SearchModelVersions;
import io.slipway.api.mlflow.RegistryMessages.SearchModelVersionsResponse;
import io.slipway.api.mlflow.RegistryMessages.SearchRegisteredModels;
import io.slipway.api.mlflow.RegistryMessages.SearchRegisteredModelsResponse;
import io.slipway.api.mlflow.RegistryMessages.SetAlias;
import io.slipway.api.mlflow.RegistryMessages.SetModelVersionTag;
import io.slipway.api.mlflow.RegistryMessages.SetRegisteredModelTag;
import io.slipway.api.mlflow.RegistryMessages.TransitionStage;
import io.slipway.api.mlflow.RegistryMessages.UpdateModelVersion;
import io.slipway.api.mlflow.RegistryMessages.UpdateRegisteredModel;
import io.slipway.api.mlflow.TrackingMessages.Empty;
import io.slipway.core.Page;
import io.slipway.core.artifacts.ArtifactService;
import io.slipway.core.identity.IdentityService;
import io.slipway.core.identity.Permission;
import io.slipway.core.identity.ResourceType;
import io.slipway.core.registry.ModelUri;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.RegisteredModel;
import io.slipway.core.registry.RegistryService;
import io.slipway.core.tracking.RunUri;
import io.slipway.server.auth.Access;
import io.slipway.server.http.JsonIo;
import java.util.List;

/**
 * MLflow 2.x model registry REST API under {@code /api/2.0/mlflow} (and {@code /ajax-api}):
 * registered models, model versions, tags, aliases and stages. Methods follow MLflow's
 * (PATCH for updates, DELETE for deletes); searches answer GET and POST.
 */
public final class MlflowRegistryApi {
    private final RegistryService registry;
    private final IdentityService identity;
    private final Access access;
    private final JsonIo io;

    public MlflowRegistryApi(RegistryService registry, IdentityService identity, Access access, JsonIo io) {
        this.registry = requireNonNull(registry, "registry is null");
        this.identity = requireNonNull(identity, "identity is null");
        this.access = requireNonNull(access, "access is null");
        this.io = requireNonNull(io, "io is null");
    }

    public void register(RoutesConfig routes) {
        for (String prefix : MlflowTrackingApi.PREFIXES) {
            String models = prefix + "/registered-models/";
            routes.post(models + "create", this::createRegisteredModel);
            routes.get(models + "get", this::getRegisteredModel);
            routes.post(models + "rename", this::renameRegisteredModel);
            routes.patch(models + "update", this::updateRegisteredModel);
            routes.delete(models + "delete", this::deleteRegisteredModel);
            routes.get(models + "search", this::searchRegisteredModels);
            routes.post(models + "search", this::searchRegisteredModels);
            routes.get(models + "get-latest-versions", this::getLatestVersions);
            routes.post(models + "get-latest-versions", this::getLatestVersions);
            routes.post(models + "set-tag", this::setRegisteredModelTag);
            routes.delete(models + "delete-tag", this::deleteRegisteredModelTag);
            routes.post(models + "alias", this::setAlias);
            routes.delete(models + "alias", this::deleteAlias);
            routes.get(models + "alias", this::getVersionByAlias);

            String versions = prefix + "/model-versions/";
            routes.post(versions + "create", this::createModelVersion);
            routes.get(versions + "get", this::getModelVersion);
            routes.patch(versions + "update", this::updateModelVersion);
            routes.post(versions + "transition-stage", this::transitionStage);
            routes.delete(versions + "delete", this::deleteModelVersion);
            routes.get(versions + "search", this::searchModelVersions);
            routes.post(versions + "search", this::searchModelVersions);
            routes.get(versions + "get-download-uri", this::getDownloadUri);
            routes.post(versions + "set-tag", this::setModelVersionTag);
            routes.delete(versions + "delete-tag", this::deleteModelVersionTag);
        }
    }

    // ---- registered models ----

    private void createRegisteredModel(Context ctx) {
        CreateRegisteredModel request = io.read(ctx, CreateRegisteredModel.class);
        Access.target(ctx, "registered_model:" + request.name());
        RegisteredModel model = registry.createRegisteredModel(request.name(), request.description(), request.registryTags(),
                access.enabled() ? access.principal(ctx).username() : "");
        access.grantCreator(ctx, ResourceType.REGISTERED_MODEL, model.name());
        io.write(ctx, new RegisteredModelResponse(model));
    }

    private void getRegisteredModel(Context ctx) {
        String name = io.read(ctx, ModelName.class).name();
        access.requireModel(ctx, name, Permission.READ);
        io.write(ctx, new RegisteredModelResponse(registry.getRegisteredModel(name)));
    }

    private void renameRegisteredModel(Context ctx) {
        RenameRegisteredModel request = io.read(ctx, RenameRegisteredModel.class);
        access.requireModel(ctx, request.name(), Permission.EDIT);
        RegisteredModel renamed = registry.renameRegisteredModel(request.name(), request.newName());
        identity.onResourceRenamed(ResourceType.REGISTERED_MODEL, request.name(), renamed.name());
        access.permissionsChanged();
        io.write(ctx, new RegisteredModelResponse(renamed));
    }

    private void updateRegisteredModel(Context ctx) {
        UpdateRegisteredModel request = io.read(ctx, UpdateRegisteredModel.class);
        access.requireModel(ctx, request.name(), Permission.EDIT);
        io.write(ctx, new RegisteredModelResponse(registry.updateRegisteredModel(request.name(), request.description())));
    }

    private void deleteRegisteredModel(Context ctx) {
        String name = io.read(ctx, ModelName.class).name();
        access.requireModel(ctx, name, Permission.MANAGE);
        registry.deleteRegisteredModel(name);
        identity.onResourceDeleted(ResourceType.REGISTERED_MODEL, name);
        access.permissionsChanged();
        io.write(ctx, Empty.INSTANCE);
    }

    private void searchRegisteredModels(Context ctx) {
        SearchRegisteredModels request = io.read(ctx, SearchRegisteredModels.class);
        Page<RegisteredModel> page = registry.searchRegisteredModels(request.filter(), request.maxResults(), request.orderBy(),
                request.pageToken());
        List<RegisteredModel> readable = page.items().stream()
                .filter(m -> access.canRead(ctx, ResourceType.REGISTERED_MODEL, m.name())).toList();
        io.write(ctx, new SearchRegisteredModelsResponse(readable, page.nextPageToken()));
    }

    private void getLatestVersions(Context ctx) {
        GetLatestVersions request = io.read(ctx, GetLatestVersions.class);
        access.requireModel(ctx, request.name(), Permission.READ);
        io.write(ctx, new ModelVersionsResponse(registry.getLatestVersions(request.name(), request.stages())));
    }

    private void setRegisteredModelTag(Context ctx) {
        SetRegisteredModelTag request = io.read(ctx, SetRegisteredModelTag.class);
        access.requireModel(ctx, request.name(), Permission.EDIT);
        registry.setRegisteredModelTag(request.name(), request.key(), request.value());
        io.write(ctx, Empty.INSTANCE);
    }

    private void deleteRegisteredModelTag(Context ctx) {
        DeleteRegisteredModelTag request = io.read(ctx, DeleteRegisteredModelTag.class);
        access.requireModel(ctx, request.name(), Permission.EDIT);
        registry.deleteRegisteredModelTag(request.name(), request.key());
        io.write(ctx, Empty.INSTANCE);
    }

    // ---- aliases ----

    private void setAlias(Context ctx) {
        SetAlias request = io.read(ctx, SetAlias.class);
        access.requireModelVersion(ctx, request.name(), request.version(), Permission.EDIT);
        registry.setAlias(request.name(), request.alias(), request.version(), access.principal(ctx).username());
        io.write(ctx, Empty.INSTANCE);
    }

    private void deleteAlias(Context ctx) {
        AliasRef request = io.read(ctx, AliasRef.class);
        access.requireModel(ctx, request.name(), Permission.EDIT);
        registry.deleteAlias(request.name(), request.alias(), access.principal(ctx).username());
        io.write(ctx, Empty.INSTANCE);
    }

    private void getVersionByAlias(Context ctx) {
        AliasRef request = io.read(ctx, AliasRef.class);
        access.requireModel(ctx, request.name(), Permission.READ);
        io.write(ctx, new ModelVersionResponse(registry.getVersionByAlias(request.name(), request.alias())));
    }

    // ---- model versions ----

    private void createModelVersion(Context ctx) {
        CreateModelVersion request = io.read(ctx, CreateModelVersion.class);
        access.requireModel(ctx, request.name(), Permission.EDIT);
        requireSourceReadable(ctx, request);
        Access.target(ctx, "registered_model:" + request.name());
        ModelVersion version = registry.createModelVersion(request.name(), request.source(), request.runId(), request.registryTags(),
                request.runLink(), request.description(), access.enabled() ? access.principal(ctx).username() : "");
        Access.target(ctx, "registered_model:" + version.name() + "/" + version.version());
        io.write(ctx, new ModelVersionResponse(version));
    }

    /** Registering a version exposes its files to the model's readers, so the caller must be able to read them. */
    private void requireSourceReadable(Context ctx, CreateModelVersion request) {
        if (request.runId() != null && !request.runId().isEmpty()) {
            access.requireRun(ctx, request.runId(), Permission.READ);
        }
        String source = request.source() == null ? "" : request.source();
        if (RunUri.isRunUri(source)) {
            access.requireRun(ctx, RunUri.split(source).runId(), Permission.READ);
        } else if (source.startsWith(ArtifactService.SCHEME)) {
            access.requireArtifactPath(ctx, source.substring(ArtifactService.SCHEME.length()).replaceFirst("^/+", ""), Permission.READ);
        } else if (ModelUri.isModelUri(source)) {
            access.requireModel(ctx, ModelUri.parse(source).name(), Permission.READ);
        }
    }

    private void getModelVersion(Context ctx) {
        ModelVersionRef request = io.read(ctx, ModelVersionRef.class);
        access.requireModelVersion(ctx, request.name(), request.version(), Permission.READ);
        io.write(ctx, new ModelVersionResponse(registry.getModelVersion(request.name(), request.version())));
    }

    private void updateModelVersion(Context ctx) {
        UpdateModelVersion request = io.read(ctx, UpdateModelVersion.class);
        access.requireModelVersion(ctx, request.name(), request.version(), Permission.EDIT);
        io.write(ctx, new ModelVersionResponse(registry.updateModelVersion(request.name(), request.version(), request.description())));
    }

    private void transitionStage(Context ctx) {
        TransitionStage request = io.read(ctx, TransitionStage.class);
        access.requireModelVersion(ctx, request.name(), request.version(), Permission.EDIT);
        io.write(ctx, new ModelVersionResponse(registry.transitionStage(request.name(), request.version(), request.stage(),
                request.archiveExistingVersions())));
    }

    private void deleteModelVersion(Context ctx) {
        ModelVersionRef request = io.read(ctx, ModelVersionRef.class);
        access.requireModelVersion(ctx, request.name(), request.version(), Permission.MANAGE);
        registry.deleteModelVersion(request.name(), request.version());
        io.write(ctx, Empty.INSTANCE);
    }

    private void searchModelVersions(Context ctx) {
        SearchModelVersions request = io.read(ctx, SearchModelVersions.class);
        Page<ModelVersion> page = registry.searchModelVersions(request.filter(), request.maxResults(), request.orderBy(), request.pageToken());
        List<ModelVersion> readable = page.items().stream()
                .filter(v -> access.canRead(ctx, ResourceType.REGISTERED_MODEL, v.name())).toList();
        io.write(ctx, new SearchModelVersionsResponse(readable, page.nextPageToken()));
    }

    private void getDownloadUri(Context ctx) {
        ModelVersionRef request = io.read(ctx, ModelVersionRef.class);
        access.requireModelVersion(ctx, request.name(), request.version(), Permission.READ);
        io.write(ctx, new DownloadUriResponse(registry.getDownloadUri(request.name(), request.version())));
    }

    private void setModelVersionTag(Context ctx) {
        SetModelVersionTag request = io.read(ctx, SetModelVersionTag.class);
        access.requireModelVersion(ctx, request.name(), request.version(), Permission.EDIT);
        registry.setModelVersionTag(request.name(), request.version(), request.key(), request.value());
        io.write(ctx, Empty.INSTANCE);
    }

    private void deleteModelVersionTag(Context ctx) {
        DeleteModelVersionTag request = io.read(ctx, DeleteModelVersionTag.class);
        access.requireModelVersion(ctx, request.name(), request.version(), Permission.EDIT);
        registry.deleteModelVersionTag(request.name(), request.version(), request.key());
        io.write(ctx, Empty.INSTANCE);
    }
}
