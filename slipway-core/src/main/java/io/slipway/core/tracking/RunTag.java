package io.slipway.core.tracking;

import static java.util.Objects.requireNonNull;

public record RunTag(String key, String value) {
    public RunTag {
        requireNonNull(key, "key is null");
        value = value == null ? "" : value;
    }
}
