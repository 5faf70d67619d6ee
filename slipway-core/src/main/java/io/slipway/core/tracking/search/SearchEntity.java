package io.slipway.core.tracking.search;

/** What a filter clause or order-by key refers to: {@code metrics.x}, {@code params.x}, {@code tags.x}, an attribute or a dataset field. */
public enum SearchEntity {
    METRIC,
    PARAM,
    TAG,
    ATTRIBUTE,
    DATASET
}
