package io.slipway.api.mlflow;

import io.slipway.api.mlflow.TrackingMessages.KeyValue;
import io.slipway.core.SlipwayException;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.RegisteredModel;
import io.slipway.core.registry.RegistryTag;
import java.util.ArrayList;
import java.util.List;

/**
 * The MLflow 2.x model registry API on the wire (model_registry.proto): one record per request
 * and response message. Versions travel as strings ("3"), as in MLflow.
 */
public final class RegistryMessages {
    private RegistryMessages() {}

    // ---- registered models ----

    public record CreateRegisteredModel(String name, List<KeyValue> tags, String description) {
        public List<RegistryTag> registryTags() {
            return toTags(tags);
        }
    }

    public record RegisteredModelResponse(RegisteredModel registeredModel) {}

    public record RenameRegisteredModel(String name, String newName) {}

    public record UpdateRegisteredModel(String name, String description) {}

    /** Any request that names one registered model (get, delete). */
    public record ModelName(String name) {}

    public record SearchRegisteredModels(String filter, Long maxResults, List<String> orderBy, String pageToken) {}

    public record SearchRegisteredModelsResponse(List<RegisteredModel> registeredModels, String nextPageToken) {}

    public record GetLatestVersions(String name, List<String> stages) {}

    public record ModelVersionsResponse(List<ModelVersion> modelVersions) {}

    public record SetRegisteredModelTag(String name, String key, String value) {}

    public record DeleteRegisteredModelTag(String name, String key) {}

    // ---- aliases ----

    public record SetAlias(String name, String alias, String version) {}

    /** delete-alias and get-by-alias. */
    public record AliasRef(String name, String alias) {}

    // ---- model versions ----

    public record CreateModelVersion(String name, String source, String runId, List<KeyValue> tags, String runLink, String description) {
        public List<RegistryTag> registryTags() {
            return toTags(tags);
        }
    }

    public record ModelVersionResponse(ModelVersion modelVersion) {}

    /** Any request that names one model version (get, delete, get-download-uri). */
    public record ModelVersionRef(String name, String version) {}

    public record UpdateModelVersion(String name, String version, String description) {}

    public record TransitionStage(String name, String version, String stage, Boolean archiveExistingVersions) {}

    public record SearchModelVersions(String filter, Long maxResults, List<String> orderBy, String pageToken) {}

    public record SearchModelVersionsResponse(List<ModelVersion> modelVersions, String nextPageToken) {}

    public record SetModelVersionTag(String name, String version, String key, String value) {}

    public record DeleteModelVersionTag(String name, String version, String key) {}

    public record DownloadUriResponse(String artifactUri) {}

    private static List<RegistryTag> toTags(List<KeyValue> pairs) {
        List<RegistryTag> tags = new ArrayList<>();
        if (pairs == null) {
            return tags;
        }
        for (int i = 0; i < pairs.size(); i++) {
            KeyValue pair = pairs.get(i);
            if (pair == null || pair.key() == null || pair.key().isEmpty()) {
                throw SlipwayException.missingParameter("tags[" + i + "].key");
            }
            tags.add(new RegistryTag(pair.key(), pair.value()));
        }
        return tags;
    }
}
