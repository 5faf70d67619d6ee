package io.slipway.core.registry;

import static java.util.Objects.requireNonNull;

/**
 * One move of an alias: set to {@code version} (empty when deleted) from {@code previousVersion}
 * (empty when it was unset), by whom, when, and through which promotion request (empty for a
 * direct set).
 */
public record AliasEvent(String name, String alias, String version, String previousVersion, String actor, long timestamp,
        String promotionId) {
    public AliasEvent {
        requireNonNull(name, "name is null");
        requireNonNull(alias, "alias is null");
        version = version == null ? "" : version;
        previousVersion = previousVersion == null ? "" : previousVersion;
        actor = actor == null ? "" : actor;
        promotionId = promotionId == null ? "" : promotionId;
    }
}
