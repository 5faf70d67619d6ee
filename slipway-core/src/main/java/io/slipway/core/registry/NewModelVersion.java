package io.slipway.core.registry;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What a new model version is made of ({@code mlmodel}: its descriptor as JSON, or null); the store allocates its number. */
public record NewModelVersion(
        String name,
        String source,
        String storageLocation,
        String runId,
        String runLink,
        String description,
        String userId,
        List<RegistryTag> tags,
        String mlmodel,
        long now) {
    public NewModelVersion {
        requireNonNull(name, "name is null");
        requireNonNull(source, "source is null");
        requireNonNull(storageLocation, "storageLocation is null");
        tags = List.copyOf(requireNonNull(tags, "tags is null"));
    }
}
