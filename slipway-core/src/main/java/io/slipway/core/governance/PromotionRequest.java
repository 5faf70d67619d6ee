package io.slipway.core.governance;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A request to point {@code alias} of model {@code name} at {@code version}. It records who asked,
 * the checks and their results at request time, every decision, and the version the alias
 * pointed at when it was asked ({@code previousVersion}, empty when unset).
 */
public record PromotionRequest(
        String id,
        String name,
        String version,
        String alias,
        String requestedBy,
        String comment,
        PromotionStatus status,
        int requiredApprovals,
        List<PromotionCheck> checks,
        List<CheckResult> checkResults,
        List<PromotionDecision> decisions,
        String previousVersion,
        long creationTimestamp,
        long lastUpdatedTimestamp) {
    public PromotionRequest {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(alias, "alias is null");
        requireNonNull(requestedBy, "requestedBy is null");
        requireNonNull(status, "status is null");
        comment = comment == null ? "" : comment;
        previousVersion = previousVersion == null ? "" : previousVersion;
        checks = List.copyOf(requireNonNull(checks, "checks is null"));
        checkResults = List.copyOf(requireNonNull(checkResults, "checkResults is null"));
        decisions = List.copyOf(requireNonNull(decisions, "decisions is null"));
    }

    public long approvals() {
        return decisions.stream().filter(d -> d.verdict() == Verdict.APPROVE).count();
    }
}
