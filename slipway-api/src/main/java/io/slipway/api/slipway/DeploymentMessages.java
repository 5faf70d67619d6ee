package io.slipway.api.slipway;

import io.slipway.core.SlipwayException;
import io.slipway.core.serving.Candidate;
import io.slipway.core.serving.Deployment;
import io.slipway.core.serving.DeploymentEvent;
import io.slipway.core.serving.ModelRef;
import io.slipway.core.serving.RollbackPolicy;
import io.slipway.core.serving.Rollout;
import io.slipway.core.serving.RolloutMode;
import java.util.List;

/**
 * Deployments under {@code /api/2.0/slipway/deployments/} (see docs/api.md): what a deployment
 * serves, how new versions roll out and its history. Durations travel in whole seconds
 * ({@code step_seconds}, {@code window_seconds}); server and client both use these records.
 */
public final class DeploymentMessages {
    /** A rollback policy sent without them looks at the last minute once 100 requests were answered. */
    public static final int DEFAULT_MIN_REQUESTS = 100;
    public static final long DEFAULT_WINDOW_SECONDS = 60;

    private DeploymentMessages() {}

    // ---- requests ----

    /** POST deployments/create. */
    public record CreateDeployment(String name, String modelUri, String description, RolloutView rollout, RollbackView rollback) {}

    /** GET deployments/get, POST deployments/delete and deployments/promote. */
    public record DeploymentName(String name) {}

    /** GET deployments/list. */
    public record ListDeployments() {}

    /** POST deployments/set-candidate: {@code percent} is required for a CANARY, 0 or absent for a SHADOW. */
    public record SetCandidate(String name, String version, RolloutMode mode, Integer percent) {}

    /** POST deployments/set-percent. */
    public record SetPercent(String name, Integer percent) {}

    /** POST deployments/rollback: with {@code candidate_version}, only if the candidate is still that version. */
    public record RollbackDeployment(String name, String reason, String candidateVersion) {}

    /** GET deployments/events: the last {@code max_results} (default 100, at most 1000), newest first. */
    public record ListEvents(String name, Integer maxResults) {}

    // ---- the deployment on the wire ----

    public record CandidateView(String name, String version, RolloutMode mode, int percent) {
        public static CandidateView of(Candidate candidate) {
            return candidate == null ? null
                    : new CandidateView(candidate.model().name(), candidate.model().version(), candidate.mode(), candidate.percent());
        }

        public Candidate toCandidate() {
            return new Candidate(new ModelRef(name, version), mode, percent);
        }
    }

    /** How new versions roll out; the percents and step apply to a CANARY only. */
    public record RolloutView(Rollout.Strategy strategy, Integer initialPercent, Integer stepPercent, Long stepSeconds) {
        public static RolloutView of(Rollout rollout) {
            return rollout.strategy() == Rollout.Strategy.CANARY
                    ? new RolloutView(rollout.strategy(), rollout.initialPercent(), rollout.stepPercent(), rollout.stepMillis() / 1000)
                    : new RolloutView(rollout.strategy(), null, null, null);
        }

        public Rollout toRollout() {
            return new Rollout(strategy, initialPercent == null ? 0 : initialPercent, stepPercent == null ? 0 : stepPercent,
                    millis(stepSeconds == null ? 0 : stepSeconds, 0, "rollout.step_seconds"));
        }
    }

    /** When a candidate is rolled back automatically (see RollbackPolicy); absent bounds are no bounds. */
    public record RollbackView(Double maxErrorRate, Double maxP99Millis, Integer minRequests, Long windowSeconds) {
        public static RollbackView of(RollbackPolicy policy) {
            return policy == null ? null
                    : new RollbackView(policy.maxErrorRate(), policy.maxP99Millis(), policy.minRequests(), policy.windowMillis() / 1000);
        }

        public RollbackPolicy toPolicy() {
            return new RollbackPolicy(maxErrorRate, maxP99Millis, minRequests == null ? DEFAULT_MIN_REQUESTS : minRequests,
                    millis(windowSeconds == null ? DEFAULT_WINDOW_SECONDS : windowSeconds, 1, "rollback.window_seconds"));
        }
    }

    /** A deployment: {@code candidate} and {@code rollback} are absent when there is none. */
    public record DeploymentView(String name, String modelUri, String description, ModelRef stable, CandidateView candidate,
            RolloutView rollout, RollbackView rollback, String followedVersion, String createdBy, long creationTimestamp,
            long lastUpdatedTimestamp) {
        public static DeploymentView of(Deployment d) {
            return new DeploymentView(d.name(), d.modelUri(), d.description(), d.stable(), CandidateView.of(d.candidate()),
                    RolloutView.of(d.rollout()), RollbackView.of(d.rollback()), d.followedVersion(), d.createdBy(), d.creationTimestamp(),
                    d.lastUpdatedTimestamp());
        }

        public Deployment toDeployment() {
            return new Deployment(name, modelUri, description, stable, candidate == null ? null : candidate.toCandidate(),
                    rollback == null ? null : rollback.toPolicy(), rollout.toRollout(), followedVersion, createdBy, creationTimestamp,
                    lastUpdatedTimestamp);
        }
    }

    public record DeploymentResponse(DeploymentView deployment) {
        public static DeploymentResponse of(Deployment deployment) {
            return new DeploymentResponse(DeploymentView.of(deployment));
        }
    }

    public record DeploymentsResponse(List<DeploymentView> deployments) {}

    public record EventsResponse(List<DeploymentEvent> events) {}

    /** Whole seconds as milliseconds, at least {@code min} seconds and without overflow. */
    private static long millis(long seconds, long min, String field) {
        if (seconds < min || seconds > Long.MAX_VALUE / 1000) {
            throw SlipwayException.invalidParameter("Invalid value %d for parameter '%s': a number of seconds from %d.", seconds, field, min);
        }
        return seconds * 1000;
    }
}
