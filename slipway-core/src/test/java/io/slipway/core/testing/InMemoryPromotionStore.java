package io.slipway.core.testing;

import static java.util.Objects.requireNonNull;

import io.slipway.core.governance.PromotionDecision;
import io.slipway.core.governance.PromotionRequest;
import io.slipway.core.governance.PromotionStatus;
import io.slipway.core.governance.PromotionStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link PromotionStore} in memory; an approval moves the alias in the {@link InMemoryRegistryStore} it is given. */
public final class InMemoryPromotionStore implements PromotionStore {
    private final Map<String, PromotionRequest> requests = new LinkedHashMap<>();
    private final InMemoryRegistryStore registry;

    public InMemoryPromotionStore(InMemoryRegistryStore registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    public PromotionRequest create(PromotionRequest request) {
        requests.put(request.id(), request);
        return request;
    }

    @Override
    public Optional<PromotionRequest> get(String id) {
        return Optional.ofNullable(requests.get(id));
    }

    @Override
    public List<PromotionRequest> list(String name, PromotionStatus status, int limit) {
        return requests.values().stream()
                .filter(r -> name == null || r.name().equals(name))
                .filter(r -> status == null || r.status() == status)
                .sorted(Comparator.comparingLong(PromotionRequest::creationTimestamp).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public PromotionRequest decide(String id, PromotionDecision decision, PromotionStatus newStatus) {
        PromotionRequest r = requests.get(id);
        List<PromotionDecision> decisions = new ArrayList<>(r.decisions());
        decisions.add(decision);
        PromotionRequest decided = new PromotionRequest(r.id(), r.name(), r.version(), r.alias(), r.requestedBy(), r.comment(), newStatus,
                r.requiredApprovals(), r.checks(), r.checkResults(), decisions, r.previousVersion(), r.creationTimestamp(),
                decision.timestamp());
        if (newStatus == PromotionStatus.APPROVED) {
            registry.moveAlias(r.name(), r.alias(), Integer.parseInt(r.version()), decision.username(), decision.timestamp(), r.id());
        }
        requests.put(id, decided);
        return decided;
    }
}
