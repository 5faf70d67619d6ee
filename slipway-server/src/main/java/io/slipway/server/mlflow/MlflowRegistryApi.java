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
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.RegisteredModel;
import io.slipway.core.registry.RegistryService;
import io.slipway.server.http.JsonIo;

/**
 * MLflow 2.x model registry REST API under {@code /api/2.0/mlflow} (and {@code /ajax-api}):
 * registered models, model versions, tags, aliases and stages. Methods follow MLflow's
 * (PATCH for updates, DELETE for deletes); searches answer GET and POST.
 */
public final class MlflowRegistryApi {
    private final RegistryService registry;
    private final JsonIo io;

    public MlflowRegistryApi(RegistryService registry, JsonIo io) {
        this.registry = requireNonNull(registry, "registry is null");
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
        io.write(ctx, new RegisteredModelResponse(
                registry.createRegisteredModel(request.name(), request.description(), request.registryTags(), "")));
    }

    private void getRegisteredModel(Context ctx) {
        io.write(ctx, new RegisteredModelResponse(registry.getRegisteredModel(io.read(ctx, ModelName.class).name())));
    }

    private void renameRegisteredModel(Context ctx) {
        RenameRegisteredModel request = io.read(ctx, RenameRegisteredModel.class);
        io.write(ctx, new RegisteredModelResponse(registry.renameRegisteredModel(request.name(), request.newName())));
    }

    private void updateRegisteredModel(Context ctx) {
        UpdateRegisteredModel request = io.read(ctx, UpdateRegisteredModel.class);
        io.write(ctx, new RegisteredModelResponse(registry.updateRegisteredModel(request.name(), request.description())));
    }

    private void deleteRegisteredModel(Context ctx) {
        registry.deleteRegisteredModel(io.read(ctx, ModelName.class).name());
        io.write(ctx, Empty.INSTANCE);
    }

    private void searchRegisteredModels(Context ctx) {
        SearchRegisteredModels request = io.read(ctx, SearchRegisteredModels.class);
        Page<RegisteredModel> page = registry.searchRegisteredModels(request.filter(), request.maxResults(), request.orderBy(),
                request.pageToken());
        io.write(ctx, new SearchRegisteredModelsResponse(page.items(), page.nextPageToken()));
    }

    private void getLatestVersions(Context ctx) {
        GetLatestVersions request = io.read(ctx, GetLatestVersions.class);
        io.write(ctx, new ModelVersionsResponse(registry.getLatestVersions(request.name(), request.stages())));
    }

    private void setRegisteredModelTag(Context ctx) {
        SetRegisteredModelTag request = io.read(ctx, SetRegisteredModelTag.class);
        registry.setRegisteredModelTag(request.name(), request.key(), request.value());
        io.write(ctx, Empty.INSTANCE);
    }

    private void deleteRegisteredModelTag(Context ctx) {
        DeleteRegisteredModelTag request = io.read(ctx, DeleteRegisteredModelTag.class);
        registry.deleteRegisteredModelTag(request.name(), request.key());
        io.write(ctx, Empty.INSTANCE);
    }

    // ---- aliases ----

    private void setAlias(Context ctx) {
        SetAlias request = io.read(ctx, SetAlias.class);
        registry.setAlias(request.name(), request.alias(), request.version());
        io.write(ctx, Empty.INSTANCE);
    }

    private void deleteAlias(Context ctx) {
        AliasRef request = io.read(ctx, AliasRef.class);
        registry.deleteAlias(request.name(), request.alias());
        io.write(ctx, Empty.INSTANCE);
    }

    private void getVersionByAlias(Context ctx) {
        AliasRef request = io.read(ctx, AliasRef.class);
        io.write(ctx, new ModelVersionResponse(registry.getVersionByAlias(request.name(), request.alias())));
    }

    // ---- model versions ----

    private void createModelVersion(Context ctx) {
        CreateModelVersion request = io.read(ctx, CreateModelVersion.class);
        ModelVersion version = registry.createModelVersion(request.name(), request.source(), request.runId(), request.registryTags(),
                request.runLink(), request.description(), "");
        io.write(ctx, new ModelVersionResponse(version));
    }

    private void getModelVersion(Context ctx) {
        ModelVersionRef request = io.read(ctx, ModelVersionRef.class);
        io.write(ctx, new ModelVersionResponse(registry.getModelVersion(request.name(), request.version())));
    }

    private void updateModelVersion(Context ctx) {
        UpdateModelVersion request = io.read(ctx, UpdateModelVersion.class);
        io.write(ctx, new ModelVersionResponse(registry.updateModelVersion(request.name(), request.version(), request.description())));
    }

    private void transitionStage(Context ctx) {
        TransitionStage request = io.read(ctx, TransitionStage.class);
        io.write(ctx, new ModelVersionResponse(registry.transitionStage(request.name(), request.version(), request.stage(),
                request.archiveExistingVersions())));
    }

    private void deleteModelVersion(Context ctx) {
        ModelVersionRef request = io.read(ctx, ModelVersionRef.class);
        registry.deleteModelVersion(request.name(), request.version());
        io.write(ctx, Empty.INSTANCE);
    }

    private void searchModelVersions(Context ctx) {
        SearchModelVersions request = io.read(ctx, SearchModelVersions.class);
        Page<ModelVersion> page = registry.searchModelVersions(request.filter(), request.maxResults(), request.orderBy(), request.pageToken());
        io.write(ctx, new SearchModelVersionsResponse(page.items(), page.nextPageToken()));
    }

    private void getDownloadUri(Context ctx) {
        ModelVersionRef request = io.read(ctx, ModelVersionRef.class);
        io.write(ctx, new DownloadUriResponse(registry.getDownloadUri(request.name(), request.version())));
    }

    private void setModelVersionTag(Context ctx) {
        SetModelVersionTag request = io.read(ctx, SetModelVersionTag.class);
        registry.setModelVersionTag(request.name(), request.version(), request.key(), request.value());
        io.write(ctx, Empty.INSTANCE);
    }

    private void deleteModelVersionTag(Context ctx) {
        DeleteModelVersionTag request = io.read(ctx, DeleteModelVersionTag.class);
        registry.deleteModelVersionTag(request.name(), request.version(), request.key());
        io.write(ctx, Empty.INSTANCE);
    }
}
