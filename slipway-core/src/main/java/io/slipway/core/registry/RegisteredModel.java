package io.slipway.core.registry;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A named model and its versions, in MLflow's shape. {@code latestVersions} holds the highest
 * version in each stage.
 */
public record RegisteredModel(
        String name,
        long creationTimestamp,
        long lastUpdatedTimestamp,
        String userId,
        String description,
        List<ModelVersion> latestVersions,
        List<RegistryTag> tags,
        List<ModelAlias> aliases) {
    public RegisteredModel {
        requireNonNull(name, "name is null");
        latestVersions = List.copyOf(requireNonNull(latestVersions, "latestVersions is null"));
        tags = List.copyOf(requireNonNull(tags, "tags is null"));
        aliases = List.copyOf(requireNonNull(aliases, "aliases is null"));
        userId = userId == null ? "" : userId;
        description = description == null ? "" : description;
    }
}
