package io.slipway.core.tracking;

/** Which lifecycle stages a search returns. */
public enum ViewType {
    ACTIVE_ONLY,
    DELETED_ONLY,
    ALL
}
