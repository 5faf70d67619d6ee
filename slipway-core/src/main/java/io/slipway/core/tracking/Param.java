package io.slipway.core.tracking;

import static java.util.Objects.requireNonNull;

/** A run parameter; written once, never changed. */
public record Param(String key, String value) {
    public Param {
        requireNonNull(key, "key is null");
        value = value == null ? "" : value;
    }
}
