package io.slipway.core.registry;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * One version of a registered model, in MLflow's shape. {@code version} is a string on the wire
 * ("3"); {@code source} is what the client registered from, and the artifacts live at
 * {@link #storageLocation()} (the resolved source), which get-download-uri returns.
 */
public record ModelVersion(
        String name,
        String version,
        long creationTimestamp,
        long lastUpdatedTimestamp,
        String userId,
        ModelStage currentStage,
        String description,
        String source,
        String runId,
        ModelVersionStatus status,
        String statusMessage,
        List<RegistryTag> tags,
        String runLink,
        List<String> aliases,
        @JsonIgnore String storageLocation) {
    public ModelVersion {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(currentStage, "currentStage is null");
        requireNonNull(source, "source is null");
        requireNonNull(status, "status is null");
        tags = List.copyOf(requireNonNull(tags, "tags is null"));
        aliases = List.copyOf(requireNonNull(aliases, "aliases is null"));
        userId = userId == null ? "" : userId;
        description = description == null ? "" : description;
        runId = runId == null ? "" : runId;
        runLink = runLink == null ? "" : runLink;
        statusMessage = statusMessage == null ? "" : statusMessage;
        storageLocation = storageLocation == null || storageLocation.isEmpty() ? source : storageLocation;
    }

    public int number() {
        return Integer.parseInt(version);
    }
}
