package io.slipway.core;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** One page of a search, and the opaque token for the next one (null when there is none). */
public record Page<T>(List<T> items, String nextPageToken) {
    public Page {
        items = List.copyOf(requireNonNull(items, "items is null"));
    }
}
