package io.slipway.core.registry;

import static java.util.Objects.requireNonNull;

/** A tag of a registered model or a model version. */
public record RegistryTag(String key, String value) {
    public RegistryTag {
        requireNonNull(key, "key is null");
        value = value == null ? "" : value;
    }
}
