package io.slipway.core.data;

import static java.util.Objects.requireNonNull;

/** Free-form metadata of a dataset version ({@code owner=risk}). */
public record DatasetTag(String key, String value) {
    public DatasetTag {
        requireNonNull(key, "key is null");
        value = value == null ? "" : value;
    }
}
