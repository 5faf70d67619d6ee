package io.slipway.cli.tracking;

import io.slipway.core.tracking.ViewType;

/** {@code --view}: which lifecycle stages a listing shows. */
enum LifecycleView {
    ACTIVE(ViewType.ACTIVE_ONLY),
    DELETED(ViewType.DELETED_ONLY),
    ALL(ViewType.ALL);

    private final ViewType viewType;

    LifecycleView(ViewType viewType) {
        this.viewType = viewType;
    }

    ViewType viewType() {
        return viewType;
    }
}
