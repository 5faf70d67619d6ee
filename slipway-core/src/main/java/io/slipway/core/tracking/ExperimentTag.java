package io.slipway.core.tracking;

import static java.util.Objects.requireNonNull;

public record ExperimentTag(String key, String value) {
    public ExperimentTag {
        requireNonNull(key, "key is null");
        value = value == null ? "" : value;
    }
}
