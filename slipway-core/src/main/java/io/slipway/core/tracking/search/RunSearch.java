package io.slipway.core.tracking.search;

import static java.util.Objects.requireNonNull;

import io.slipway.core.tracking.ViewType;
import java.util.List;

/** A validated runs/search request, as the store receives it. */
public record RunSearch(
        List<String> experimentIds,
        List<Comparison> filter,
        ViewType viewType,
        int maxResults,
        List<OrderBy> orderBy,
        long offset) {
    public RunSearch {
        experimentIds = List.copyOf(requireNonNull(experimentIds, "experimentIds is null"));
        filter = List.copyOf(requireNonNull(filter, "filter is null"));
        requireNonNull(viewType, "viewType is null");
        orderBy = List.copyOf(requireNonNull(orderBy, "orderBy is null"));
        if (maxResults < 1) {
            throw new IllegalArgumentException("maxResults must be positive");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
    }
}
