package io.slipway.core.governance;

import static java.util.Objects.requireNonNull;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.RegistryService;
import io.slipway.core.registry.RegistryTag;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.TrackingService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Four-eyes promotions: a user requests that an alias point at a version, with checks; other
 * users with MANAGE on the model approve or reject it (the caller checks MANAGE); once it has
 * the required number of approvals the alias moves, in the same transaction as the last
 * approval. The requester can never approve their own request, and checks are evaluated again
 * at every approval, so a request cannot pass on stale evidence.
 */
public final class PromotionService {
    public static final int MAX_COMMENT_LENGTH = 5000;
    public static final int MAX_CHECKS = 50;
    public static final int DEFAULT_LIST_LIMIT = 100;
    public static final int MAX_LIST_LIMIT = 1000;

    private final PromotionStore store;
    private final RegistryService registry;
    private final TrackingService tracking;
    private final int requiredApprovals;
    private final Clock clock;

    public PromotionService(PromotionStore store, RegistryService registry, TrackingService tracking, int requiredApprovals,
            Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.tracking = requireNonNull(tracking, "tracking is null");
        if (requiredApprovals < 1) {
            throw new IllegalArgumentException("requiredApprovals must be at least 1");
        }
        this.requiredApprovals = requiredApprovals;
        this.clock = requireNonNull(clock, "clock is null");
    }

    public int requiredApprovals() {
        return requiredApprovals;
    }

    /**
     * Records a request to point {@code alias} at {@code version}. The version must exist and every
     * check must pass now; a request whose checks fail is refused (400, naming the check) and
     * nothing is stored.
     */
    public PromotionRequest request(String requester, String name, String version, String alias, String comment,
            List<PromotionCheck> checks) {
        requireNonNull(requester, "requester is null");
        validateComment(comment);
        List<PromotionCheck> given = checks == null ? List.of() : checks;
        if (given.size() > MAX_CHECKS) {
            throw SlipwayException.invalidParameter("A promotion request has at most %d checks, not %d.", MAX_CHECKS, given.size());
        }
        for (int i = 0; i < given.size(); i++) {
            if (given.get(i) == null) {
                throw SlipwayException.invalidParameter("Parameter 'checks[%d]' must be an object.", i);
            }
            given.get(i).validate("checks[" + i + "]");
        }
        RegistryService.validateAliasName(alias);
        ModelVersion candidate = registry.getModelVersion(name, version);
        String previous = registry.findVersionByAlias(name, alias).map(ModelVersion::version).orElse("");
        if (previous.equals(candidate.version())) {
            throw SlipwayException.invalidParameter("Alias '%s' of model '%s' already points at version %s.", alias, name, previous);
        }
        List<CheckResult> results = evaluate(candidate, alias, given);
        refuseFailed(results, "The promotion request was not created");
        long now = clock.millis();
        return store.create(new PromotionRequest(UUID.randomUUID().toString().replace("-", ""), name, candidate.version(), alias,
                requester, comment, PromotionStatus.PENDING, requiredApprovals, given, results, List.of(), previous, now, now));
    }

    public PromotionRequest get(String id) {
        validateId(id);
        return store.get(id).orElseThrow(() -> SlipwayException.notFound("Promotion request '%s' does not exist.", id));
    }

    public List<PromotionRequest> list(String name, String status, Integer maxResults) {
        if (name != null && !name.isEmpty()) {
            RegistryService.validateName(name, "name");
        }
        PromotionStatus parsedStatus = null;
        if (status != null && !status.isEmpty()) {
            try {
                parsedStatus = PromotionStatus.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw SlipwayException.invalidParameter(
                        "Invalid value '%s' for parameter 'status': expected PENDING, APPROVED, REJECTED or CANCELLED.", status);
            }
        }
        int limit = maxResults == null ? DEFAULT_LIST_LIMIT : maxResults;
        if (limit < 1 || limit > MAX_LIST_LIMIT) {
            throw SlipwayException.invalidParameter("Invalid value %d for parameter 'max_results': it must be between 1 and %d.",
                    limit, MAX_LIST_LIMIT);
        }
        return store.list(name == null || name.isEmpty() ? null : name, parsedStatus, limit);
    }

    /**
     * Approves a pending request as {@code approver}, who must not be its requester and must not
     * have decided on it before. Checks are evaluated again; if one fails now, the approval is
     * refused and nothing changes. The approval that reaches the required count moves the alias.
     */
    public PromotionRequest approve(String approver, String id, String comment) {
        PromotionRequest request = pending(id);
        validateComment(comment);
        if (request.requestedBy().equals(approver)) {
            throw new SlipwayException(ErrorCode.PERMISSION_DENIED,
                    "User '" + approver + "' requested this promotion and cannot approve it: a second person must (four eyes).");
        }
        refuseSecondDecision(request, approver);
        ModelVersion candidate = registry.getModelVersion(request.name(), request.version());
        List<CheckResult> results = evaluate(candidate, request.alias(), request.checks());
        refuseFailed(results, "The approval was refused");
        boolean complete = request.approvals() + 1 >= request.requiredApprovals();
        return store.decide(id, new PromotionDecision(approver, Verdict.APPROVE, comment, clock.millis(), results),
                complete ? PromotionStatus.APPROVED : PromotionStatus.PENDING);
    }

    /** Rejects a pending request; the requester cannot reject their own (they cancel it). */
    public PromotionRequest reject(String reviewer, String id, String comment) {
        PromotionRequest request = pending(id);
        validateComment(comment);
        if (request.requestedBy().equals(reviewer)) {
            throw new SlipwayException(ErrorCode.PERMISSION_DENIED,
                    "User '" + reviewer + "' requested this promotion: cancel it instead of rejecting it.");
        }
        refuseSecondDecision(request, reviewer);
        return store.decide(id, new PromotionDecision(reviewer, Verdict.REJECT, comment, clock.millis(), List.of()),
                PromotionStatus.REJECTED);
    }

    /** Withdraws a pending request; only its requester (or an admin, {@code admin}) may. */
    public PromotionRequest cancel(String user, boolean admin, String id, String comment) {
        PromotionRequest request = pending(id);
        validateComment(comment);
        if (!admin && !request.requestedBy().equals(user)) {
            throw new SlipwayException(ErrorCode.PERMISSION_DENIED,
                    "Only the requester ('" + request.requestedBy() + "') or an admin can cancel this promotion request.");
        }
        return store.decide(id, new PromotionDecision(user, Verdict.CANCEL, comment, clock.millis(), List.of()),
                PromotionStatus.CANCELLED);
    }

    /** Evaluates checks against a candidate version and the version {@code alias} points at now. */
    public List<CheckResult> evaluate(ModelVersion candidate, String alias, List<PromotionCheck> checks) {
        long now = clock.millis();
        List<CheckResult> results = new ArrayList<>(checks.size());
        for (PromotionCheck check : checks) {
            results.add(switch (check.type()) {
                case PromotionCheck.METRIC_THRESHOLD -> {
                    Optional<Double> value = metric(candidate, check.metric());
                    boolean passed = value.isPresent() && compare(value.get(), check.op(), check.threshold());
                    yield new CheckResult(check, passed, value.map(v -> check.metric() + " = " + v)
                            .orElse("metric " + check.metric() + " not logged by the version's run"), now);
                }
                case PromotionCheck.NO_REGRESSION -> noRegression(candidate, alias, check, now);
                case PromotionCheck.VERSION_TAG -> {
                    Optional<String> value = candidate.tags().stream().filter(t -> t.key().equals(check.key()))
                            .map(RegistryTag::value).findFirst();
                    yield new CheckResult(check, value.map(check.value()::equals).orElse(false),
                            value.map(v -> check.key() + " = " + v).orElse("tag " + check.key() + " not set"), now);
                }
                default -> throw new IllegalStateException("unvalidated check type " + check.type());
            });
        }
        return results;
    }

    private CheckResult noRegression(ModelVersion candidate, String alias, PromotionCheck check, long now) {
        Optional<Double> value = metric(candidate, check.metric());
        if (value.isEmpty()) {
            return new CheckResult(check, false, "metric " + check.metric() + " not logged by the version's run", now);
        }
        Optional<ModelVersion> current = registry.findVersionByAlias(candidate.name(), alias);
        if (current.isEmpty()) {
            return new CheckResult(check, true, check.metric() + " = " + value.get() + "; alias " + alias + " not set yet", now);
        }
        Optional<Double> baseline = metric(current.get(), check.metric());
        if (baseline.isEmpty()) {
            return new CheckResult(check, true, check.metric() + " = " + value.get() + "; version " + current.get().version()
                    + " has no " + check.metric(), now);
        }
        double tolerance = check.tolerance() == null ? 0 : check.tolerance();
        boolean higherIsBetter = !Boolean.FALSE.equals(check.higherIsBetter());
        boolean passed = higherIsBetter ? value.get() >= baseline.get() - tolerance : value.get() <= baseline.get() + tolerance;
        return new CheckResult(check, passed, check.metric() + " = " + value.get() + " vs " + baseline.get() + " of version "
                + current.get().version(), now);
    }

    private Optional<Double> metric(ModelVersion version, String key) {
        if (version.runId().isEmpty()) {
            return Optional.empty();
        }
        Optional<Run> run = tracking.findRun(version.runId());
        return run.flatMap(r -> r.data().metrics().stream().filter(m -> m.key().equals(key)).map(Metric::value).findFirst());
    }

    private static boolean compare(double value, String op, double threshold) {
        return switch (op) {
            case ">=" -> value >= threshold;
            case ">" -> value > threshold;
            case "<=" -> value <= threshold;
            case "<" -> value < threshold;
            default -> false;
        };
    }

    private static void refuseFailed(List<CheckResult> results, String what) {
        List<String> failed = results.stream().filter(r -> !r.passed())
                .map(r -> r.check().describe() + " (observed: " + r.observed() + ")").toList();
        if (!failed.isEmpty()) {
            throw SlipwayException.invalidParameter("%s: check failed: %s.", what, String.join("; ", failed));
        }
    }

    private PromotionRequest pending(String id) {
        PromotionRequest request = get(id);
        if (request.status() != PromotionStatus.PENDING) {
            throw new SlipwayException(ErrorCode.RESOURCE_CONFLICT,
                    "Promotion request " + id + " is " + request.status() + ", not PENDING: it cannot be decided again.");
        }
        return request;
    }

    private static void refuseSecondDecision(PromotionRequest request, String user) {
        if (request.decisions().stream().anyMatch(d -> d.username().equals(user))) {
            throw new SlipwayException(ErrorCode.RESOURCE_CONFLICT,
                    "User '" + user + "' has already decided on promotion request " + request.id() + ".");
        }
    }

    private static void validateComment(String comment) {
        if (comment != null && comment.length() > MAX_COMMENT_LENGTH) {
            throw SlipwayException.invalidParameter("The comment had length %d, which exceeded length limit of %d.",
                    comment.length(), MAX_COMMENT_LENGTH);
        }
    }

    private static void validateId(String id) {
        if (id == null || id.isEmpty()) {
            throw SlipwayException.missingParameter("id");
        }
        if (id.length() != 32 || !id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw SlipwayException.invalidParameter("Invalid promotion request id '%s': ids are 32 hexadecimal characters.",
                    id.length() > 40 ? id.substring(0, 40) + "..." : id);
        }
    }

    /** Lower-cased protected alias names from a configuration list. */
    public static Set<String> normalizeAliases(List<String> aliases) {
        return aliases.stream().map(a -> a.strip().toLowerCase(Locale.ROOT)).filter(a -> !a.isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
