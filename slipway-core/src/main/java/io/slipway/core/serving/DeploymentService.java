package io.slipway.core.serving;

import static java.util.Objects.requireNonNull;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.registry.ModelUri;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.RegistryService;
import io.slipway.core.serving.DeploymentEvent.Kind;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Deployments: what each serves and how new versions roll out. Every change is one optimistic
 * {@link DeploymentStore#update} with its event (retried on a concurrent change, so two writers
 * never lose each other's work). {@code actor} is the user who asked, or {@link #SYSTEM_ACTOR}
 * for the rollout controller (alias moves, scheduled steps, automatic rollbacks).
 */
public final class DeploymentService {
    public static final String SYSTEM_ACTOR = "slipway";
    public static final int MAX_EVENTS = 1000;
    /** Attempts of one change against concurrent writers before the conflict goes to the caller. */
    private static final int UPDATE_ATTEMPTS = 5;

    private final DeploymentStore store;
    private final RegistryService registry;
    private final Clock clock;

    public DeploymentService(DeploymentStore store, RegistryService registry, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * A new deployment serving what {@code modelUri} resolves to now (its stable and followed
     * version); a 404 when the URI names nothing, RESOURCE_ALREADY_EXISTS when the name is taken.
     * {@code rollout} null means DIRECT; {@code rollback} null means no automatic rollback.
     */
    public Deployment create(String name, String modelUri, String description, Rollout rollout, RollbackPolicy rollback,
            String actor) {
        RegistryService.validateName(name, "name");
        if (modelUri == null || modelUri.isEmpty()) {
            throw SlipwayException.missingParameter("model_uri");
        }
        String modelName = ModelUri.parse(modelUri).name();
        String version = resolvedVersion(modelUri).orElseThrow(() -> SlipwayException.notFound(
                "Model URI '%s' names no model version (is the alias set?).", modelUri));
        long now = clock.millis();
        Deployment deployment = new Deployment(name, modelUri, description, new ModelRef(modelName, version), null, rollback,
                rollout == null ? Rollout.direct() : rollout, version, actor, now, now);
        return store.create(deployment, DeploymentEvent.of(name, now, actor, Kind.CREATED, null, version, null));
    }

    /** The deployment; RESOURCE_DOES_NOT_EXIST (404) when there is none. */
    public Deployment get(String name) {
        RegistryService.validateName(name, "name");
        return store.get(name).orElseThrow(() -> notFound(name));
    }

    public List<Deployment> list() {
        return store.list();
    }

    /** The last {@code maxResults} (1 to 1000) events of the name, newest first. */
    public List<DeploymentEvent> events(String name, int maxResults) {
        RegistryService.validateName(name, "name");
        if (maxResults < 1 || maxResults > MAX_EVENTS) {
            throw SlipwayException.invalidParameter("Invalid value %d for parameter 'max_results': 1 to %d.", maxResults, MAX_EVENTS);
        }
        return store.events(name, maxResults);
    }

    public void delete(String name, String actor) {
        Deployment current = get(name);
        store.delete(name, DeploymentEvent.of(name, clock.millis(), actor, Kind.DELETED, current.stable().version(), null, null));
    }

    /**
     * Rolls {@code version} of the deployment's model out beside the stable one: a CANARY answering
     * {@code percent} of the requests, or a SHADOW (percent 0). A 404 when the registry has no such
     * version; a 400 when it is the stable version. Replaces any candidate.
     */
    public Deployment setCandidate(String name, String version, RolloutMode mode, int percent, String actor) {
        DeploymentValidation.validateVersion(version, "version");
        if (mode == null) {
            throw SlipwayException.missingParameter("mode");
        }
        validatePercent(percent);
        return change(name, current -> {
            ModelRef model = new ModelRef(current.stable().name(), version);
            registry.getModelVersion(model.name(), model.version());
            if (version.equals(current.stable().version())) {
                throw SlipwayException.invalidParameter(
                        "Invalid value '%s' for parameter 'version': it is the stable version of deployment '%s' already.", version, name);
            }
            Candidate candidate = new Candidate(model, mode, percent);
            return new Change(current.withCandidate(candidate), Kind.CANDIDATE_SET, current.stable().version(), version,
                    describe(candidate));
        }, actor);
    }

    /** The canary's share of requests; a 400 when there is no canary. */
    public Deployment setPercent(String name, int percent, String actor) {
        validatePercent(percent);
        return change(name, current -> {
            Candidate canary = current.candidate();
            if (canary == null || canary.mode() != RolloutMode.CANARY) {
                throw SlipwayException.invalidParameter("Deployment '%s' has no canary to set the percent of.", name);
            }
            return percentChange(current, percent, percentReason(canary.percent(), percent));
        }, actor);
    }

    /** The candidate becomes the stable version (PROMOTED); a 400 when there is none. */
    public Deployment promote(String name, String actor) {
        return change(name, current -> {
            if (current.candidate() == null) {
                throw SlipwayException.invalidParameter("Deployment '%s' has no candidate to promote.", name);
            }
            return promotion(current, null);
        }, actor);
    }

    /**
     * With a candidate: drops it (ROLLED_BACK), unless {@code expectedCandidateVersion} is given and
     * the candidate is another version by now (then nothing changes and the deployment is returned).
     * Without one: the stable version goes back to the one it replaced (the last PROMOTED or
     * MODEL_MOVED event's "from"), a 400 when there was none. The followed version stays, so an
     * alias that still names the rolled-back version does not bring it back.
     *
     * <p>An expected candidate that is gone by now (someone promoted or dropped it) also changes
     * nothing: the stable version is never rolled back on a candidate's account. A stable version
     * rolled back twice goes back two steps, as each step finds the event that put it in place.
     */
    public Deployment rollback(String name, String expectedCandidateVersion, String reason, String actor) {
        if (expectedCandidateVersion != null) {
            DeploymentValidation.validateVersion(expectedCandidateVersion, "candidate_version");
        }
        DeploymentValidation.validateLength(reason, DeploymentValidation.MAX_REASON_LENGTH, "reason");
        return change(name, current -> {
            Candidate candidate = current.candidate();
            if (expectedCandidateVersion != null
                    && (candidate == null || !candidate.model().version().equals(expectedCandidateVersion))) {
                return null;
            }
            String stable = current.stable().version();
            if (candidate != null) {
                return new Change(current.withCandidate(null), Kind.ROLLED_BACK, candidate.model().version(), stable, reason);
            }
            String previous = replacedVersion(current).orElseThrow(() -> SlipwayException.invalidParameter(
                    "Deployment '%s' has no candidate and its stable version %s replaced none, so there is nothing to roll back.",
                    name, stable));
            registry.getModelVersion(current.stable().name(), previous);
            return new Change(current.withStable(new ModelRef(current.stable().name(), previous)), Kind.ROLLED_BACK, stable, previous,
                    reason);
        }, actor);
    }

    /**
     * The rollout controller's tick for one deployment, as {@link #SYSTEM_ACTOR}: when the model URI
     * resolves to another version than the followed one, follows it by the rollout strategy
     * (MODEL_MOVED for DIRECT, CANDIDATE_SET for CANARY and SHADOW); when a scheduled canary's step
     * is due (its last update at least {@code stepMillis} ago), steps it (PERCENT_CHANGED) or, at
     * 100 %, promotes it. A URI that resolves to nothing (alias deleted) changes nothing. Returns the
     * deployment as it is afterwards.
     *
     * <p>A URI that comes to name the stable version again drops any candidate (ROLLED_BACK), or,
     * with none, only records the followed version (MODEL_MOVED from the stable version to itself).
     */
    public Deployment reconcile(String name) {
        return change(name, current -> {
            Optional<String> named = resolvedVersion(current.modelUri());
            if (named.isPresent() && !named.get().equals(current.followedVersion())) {
                return follow(current, named.get());
            }
            return dueStep(current);
        }, SYSTEM_ACTOR);
    }

    // ---- the controller ----

    private Change follow(Deployment current, String version) {
        Deployment followed = current.withFollowedVersion(version);
        String stable = current.stable().version();
        Candidate candidate = current.candidate();
        String reason = String.format("%s now names version %s", current.modelUri(), version);
        if (version.equals(stable)) {
            return candidate == null
                    ? new Change(followed, Kind.MODEL_MOVED, stable, stable, reason)
                    : new Change(followed.withCandidate(null), Kind.ROLLED_BACK, candidate.model().version(), stable, reason);
        }
        ModelRef model = new ModelRef(current.stable().name(), version);
        Rollout rollout = current.rollout();
        return switch (rollout.strategy()) {
            case DIRECT -> new Change(followed.withStable(model).withCandidate(
                    candidate != null && candidate.model().equals(model) ? null : candidate), Kind.MODEL_MOVED, stable, version, reason);
            case CANARY -> new Change(followed.withCandidate(Candidate.canary(model, rollout.initialPercent())), Kind.CANDIDATE_SET,
                    stable, version, reason + ": " + describe(Candidate.canary(model, rollout.initialPercent())));
            case SHADOW -> new Change(followed.withCandidate(Candidate.shadow(model)), Kind.CANDIDATE_SET, stable, version,
                    reason + ": " + describe(Candidate.shadow(model)));
        };
    }

    /** The scheduled canary step due now, or null. */
    private Change dueStep(Deployment current) {
        Rollout rollout = current.rollout();
        Candidate canary = current.candidate();
        if (canary == null || canary.mode() != RolloutMode.CANARY || rollout.strategy() != Rollout.Strategy.CANARY
                || rollout.stepMillis() == 0 || clock.millis() - current.lastUpdatedTimestamp() < rollout.stepMillis()) {
            return null;
        }
        if (canary.percent() == 100) {
            return promotion(current, "scheduled step: served 100% for " + rollout.stepMillis() + " ms");
        }
        int next = Math.min(100, canary.percent() + rollout.stepPercent());
        return percentChange(current, next, "scheduled step: " + percentReason(canary.percent(), next));
    }

    /** The version {@code modelUri} names now; empty when it names none (an alias not set, a model without versions). */
    private Optional<String> resolvedVersion(String modelUri) {
        ModelUri uri = ModelUri.parse(modelUri);
        try {
            if (uri.kind() == ModelUri.Kind.ALIAS) {
                // the registry answers an unset alias with a 400, as MLflow does; here it names nothing
                return registry.findVersionByAlias(uri.name(), uri.reference()).map(ModelVersion::version);
            }
            return Optional.of(registry.resolve(modelUri).version());
        } catch (SlipwayException e) {
            if (e.errorCode() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                return Optional.empty();
            }
            throw e;
        }
    }

    // ---- changes ----

    /** A deployment as it is to be stored, and the event that says so. */
    private record Change(Deployment deployment, Kind kind, String fromVersion, String toVersion, String reason) {}

    @FunctionalInterface
    private interface Planner {
        /** The change to make to {@code current}, or null for none. */
        Change plan(Deployment current);
    }

    /**
     * Plans a change on the deployment as it is and stores it if nobody changed it since; when
     * someone did, plans again on what they left, up to {@link #UPDATE_ATTEMPTS} times.
     */
    private Deployment change(String name, Planner planner, String actor) {
        for (int attempt = 1; ; attempt++) {
            Deployment current = get(name);
            Change change = planner.plan(current);
            if (change == null) {
                return current;
            }
            long now = clock.millis();
            DeploymentEvent event = DeploymentEvent.of(name, now, actor, change.kind(), change.fromVersion(), change.toVersion(),
                    change.reason());
            try {
                return store.update(change.deployment().updatedAt(Math.max(now, current.lastUpdatedTimestamp())),
                        current.lastUpdatedTimestamp(), event);
            } catch (SlipwayException e) {
                if (e.errorCode() != ErrorCode.RESOURCE_CONFLICT || attempt >= UPDATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static Change promotion(Deployment current, String reason) {
        Candidate candidate = current.candidate();
        return new Change(current.withStable(candidate.model()).withCandidate(null), Kind.PROMOTED, current.stable().version(),
                candidate.model().version(), reason);
    }

    private static Change percentChange(Deployment current, int percent, String reason) {
        Candidate canary = current.candidate();
        return new Change(current.withCandidate(Candidate.canary(canary.model(), percent)), Kind.PERCENT_CHANGED,
                current.stable().version(), canary.model().version(), reason);
    }

    /** The version the stable one replaced: the "from" of the last promotion or model move that put it in place. */
    private Optional<String> replacedVersion(Deployment current) {
        String stable = current.stable().version();
        for (DeploymentEvent event : store.events(current.name(), MAX_EVENTS)) {
            if (event.kind() == Kind.CREATED) {
                break;
            }
            if ((event.kind() == Kind.PROMOTED || event.kind() == Kind.MODEL_MOVED) && stable.equals(event.toVersion())
                    && event.fromVersion() != null && !event.fromVersion().equals(stable)) {
                return Optional.of(event.fromVersion());
            }
        }
        return Optional.empty();
    }

    private static void validatePercent(int percent) {
        if (percent < 0 || percent > 100) {
            throw SlipwayException.invalidParameter("Invalid value %d for parameter 'percent': a percentage from 0 to 100.", percent);
        }
    }

    private static String describe(Candidate candidate) {
        return candidate.mode() == RolloutMode.SHADOW ? "shadow" : "canary at " + candidate.percent() + "%";
    }

    private static String percentReason(int from, int to) {
        return from + "% -> " + to + "%";
    }

    private static SlipwayException notFound(String name) {
        return SlipwayException.notFound("Deployment '%s' does not exist.", name);
    }
}
