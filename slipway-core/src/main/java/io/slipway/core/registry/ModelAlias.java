package io.slipway.core.registry;

import static java.util.Objects.requireNonNull;

/** A named pointer to one version of a registered model, e.g. {@code champion -> 3}. */
public record ModelAlias(String alias, String version) {
    public ModelAlias {
        requireNonNull(alias, "alias is null");
        requireNonNull(version, "version is null");
    }
}
