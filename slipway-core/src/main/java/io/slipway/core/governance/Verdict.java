package io.slipway.core.governance;

/** What one reviewer decided on a promotion request (or the requester withdrawing it). */
public enum Verdict {
    APPROVE,
    REJECT,
    CANCEL
}
