package io.slipway.core.tracking.search;

import static java.util.Objects.requireNonNull;

/** One order-by clause. Missing values and NaN sort last in both directions, as in MLflow. */
public record OrderBy(SearchEntity entity, String key, boolean ascending) {
    public OrderBy {
        requireNonNull(entity, "entity is null");
        requireNonNull(key, "key is null");
    }
}
