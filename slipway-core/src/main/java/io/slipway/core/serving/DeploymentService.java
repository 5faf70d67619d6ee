package io.slipway.core.serving;

import io.slipway.core.registry.RegistryService;
import java.time.Clock;
import java.util.List;

/**
 * Deployments: what each serves and how new versions roll out. Every change is one optimistic
 * {@link DeploymentStore#update} with its event (retried on a concurrent change, so two writers
 * never lose each other's work). {@code actor} is the user who asked, or {@link #SYSTEM_ACTOR}
 * for the rollout controller (alias moves, scheduled steps, automatic rollbacks).
 */
public final class DeploymentService {
    public static final String SYSTEM_ACTOR = "slipway";

    public DeploymentService(DeploymentStore store, RegistryService registry, Clock clock) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * A new deployment serving what {@code modelUri} resolves to now (its stable and followed
     * version); a 404 when the URI names nothing, RESOURCE_ALREADY_EXISTS when the name is taken.
     * {@code rollout} null means DIRECT; {@code rollback} null means no automatic rollback.
     */
    public Deployment create(String name, String modelUri, String description, Rollout rollout, RollbackPolicy rollback,
            String actor) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The deployment; RESOURCE_DOES_NOT_EXIST (404) when there is none. */
    public Deployment get(String name) {
        throw new UnsupportedOperationException("skeleton");
    }

    public List<Deployment> list() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The last {@code maxResults} (1 to 1000) events of the name, newest first. */
    public List<DeploymentEvent> events(String name, int maxResults) {
        throw new UnsupportedOperationException("skeleton");
    }

    public void delete(String name, String actor) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Rolls {@code version} of the deployment's model out beside the stable one: a CANARY answering
     * {@code percent} of the requests, or a SHADOW (percent 0). A 404 when the registry has no such
     * version; a 400 when it is the stable version. Replaces any candidate.
     */
    public Deployment setCandidate(String name, String version, RolloutMode mode, int percent, String actor) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The canary's share of requests; a 400 when there is no canary. */
    public Deployment setPercent(String name, int percent, String actor) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The candidate becomes the stable version (PROMOTED); a 400 when there is none. */
    public Deployment promote(String name, String actor) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * With a candidate: drops it (ROLLED_BACK), unless {@code expectedCandidateVersion} is given and
     * the candidate is another version by now (then nothing changes and the deployment is returned).
     * Without one: the stable version goes back to the one it replaced (the last PROMOTED or
     * MODEL_MOVED event's "from"), a 400 when there was none. The followed version stays, so an
     * alias that still names the rolled-back version does not bring it back.
     */
    public Deployment rollback(String name, String expectedCandidateVersion, String reason, String actor) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * The rollout controller's tick for one deployment, as {@link #SYSTEM_ACTOR}: when the model URI
     * resolves to another version than the followed one, follows it by the rollout strategy
     * (MODEL_MOVED for DIRECT, CANDIDATE_SET for CANARY and SHADOW); when a scheduled canary's step
     * is due (its last update at least {@code stepMillis} ago), steps it (PERCENT_CHANGED) or, at
     * 100 %, promotes it. A URI that resolves to nothing (alias deleted) changes nothing. Returns the
     * deployment as it is afterwards.
     */
    public Deployment reconcile(String name) {
        throw new UnsupportedOperationException("skeleton");
    }
}
