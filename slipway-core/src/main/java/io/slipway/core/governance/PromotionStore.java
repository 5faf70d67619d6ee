package io.slipway.core.governance;

import java.util.List;
import java.util.Optional;

/**
 * Where promotion requests and their decisions live. {@link #decide} is one transaction: it
 * re-reads the request under a lock, so two reviewers deciding at once (on any server) cannot
 * both take the last approval or decide a request that is no longer pending.
 */
public interface PromotionStore {
    PromotionRequest create(PromotionRequest request);

    Optional<PromotionRequest> get(String id);

    /** Requests by newest first, filtered by model name and/or status (null matches all). */
    List<PromotionRequest> list(String name, PromotionStatus status, int limit);

    /**
     * Records {@code decision}; fails with RESOURCE_CONFLICT when the request is no longer PENDING
     * or the user already decided on it. With {@code newStatus} APPROVED, moves the alias to the
     * requested version in the same transaction (recording the move in the alias history with the
     * request id); the version must still exist.
     */
    PromotionRequest decide(String id, PromotionDecision decision, PromotionStatus newStatus);
}
