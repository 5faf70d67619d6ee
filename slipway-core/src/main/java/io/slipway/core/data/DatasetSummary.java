package io.slipway.core.data;

import static java.util.Objects.requireNonNull;

/** A named dataset as listed: how many versions it has and when it last got one. */
public record DatasetSummary(String name, int latestVersion, long creationTimestamp, long lastUpdatedTimestamp) {
    public DatasetSummary {
        requireNonNull(name, "name is null");
    }
}
