package io.slipway.core.tracking;

import static java.util.Objects.requireNonNull;

/** A dataset a run consumed, as MLflow's log-inputs describes it; identified by name and digest. */
public record Dataset(String name, String digest, String sourceType, String source, String schema, String profile) {
    public Dataset {
        requireNonNull(name, "name is null");
        requireNonNull(digest, "digest is null");
        requireNonNull(sourceType, "sourceType is null");
        requireNonNull(source, "source is null");
    }
}
