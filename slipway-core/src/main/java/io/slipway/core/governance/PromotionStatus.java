package io.slipway.core.governance;

/** Where a promotion request stands; only PENDING requests can be decided. */
public enum PromotionStatus {
    PENDING,
    APPROVED,
    REJECTED,
    CANCELLED
}
