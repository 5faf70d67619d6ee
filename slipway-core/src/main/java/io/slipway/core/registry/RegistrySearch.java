package io.slipway.core.registry;

import static java.util.Objects.requireNonNull;

import io.slipway.core.tracking.search.Comparison;
import io.slipway.core.tracking.search.OrderBy;
import java.util.List;

/** A validated search of registered models or model versions, as the store receives it. */
public record RegistrySearch(List<Comparison> filter, int maxResults, List<OrderBy> orderBy, long offset) {
    public RegistrySearch {
        filter = List.copyOf(requireNonNull(filter, "filter is null"));
        orderBy = List.copyOf(requireNonNull(orderBy, "orderBy is null"));
        if (maxResults < 1) {
            throw new IllegalArgumentException("maxResults must be positive");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
    }
}
