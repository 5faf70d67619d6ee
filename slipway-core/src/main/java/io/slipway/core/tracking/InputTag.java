package io.slipway.core.tracking;

import static java.util.Objects.requireNonNull;

public record InputTag(String key, String value) {
    public InputTag {
        requireNonNull(key, "key is null");
        value = value == null ? "" : value;
    }
}
