package io.slipway.core.serving;

import static io.slipway.core.testing.SlipwayAssertions.assertInvalidParameter;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.serving.DeploymentEvent.Kind;
import org.junit.jupiter.api.Test;

/** Deployments and their events refuse every bad field, naming it. */
class DeploymentTest {
    private static final ModelRef STABLE = new ModelRef("fraud", "3");
    private static final Rollout DIRECT = Rollout.direct();
    private static final RollbackPolicy BOUNDS = new RollbackPolicy(0.05, 10.0, 500, 60_000);

    @Test
    void acceptsACompleteDeployment() {
        Deployment deployment = new Deployment("fraud-api", "models:/fraud@champion", "scores payments", STABLE,
                Candidate.canary(new ModelRef("fraud-xgb", "1"), 10), BOUNDS, DIRECT, "3", "ann", 1, 2);
        assertThat(deployment.candidate().mode()).isEqualTo(RolloutMode.CANARY);
    }

    @Test
    void rejectsBadNamesAndModelUris() {
        assertInvalidParameter(() -> deployment("", "models:/fraud@champion")).hasMessageContaining("'name'");
        assertInvalidParameter(() -> deployment("fraud/api", "models:/fraud@champion")).hasMessageContaining("'name'");
        assertInvalidParameter(() -> deployment("fraud-api", null)).hasMessageContaining("'model_uri'");
        assertInvalidParameter(() -> deployment("fraud-api", "runs:/abc/model")).hasMessageContaining("runs:/abc/model");
        assertInvalidParameter(() -> deployment("fraud-api", "models:/spam@champion")).hasMessageContaining("'stable.name'");
    }

    @Test
    void rejectsABadStableVersion() {
        for (String version : new String[] {"", "0", "-1", "03", "abc", "1234567890"}) {
            assertInvalidParameter(() -> new Deployment("fraud-api", "models:/fraud/3", null,
                    new ModelRef("fraud", version), null, null, DIRECT, "3", "ann", 1, 1))
                    .as(version).hasMessageContaining("'stable.version'");
        }
        assertInvalidParameter(() -> new Deployment("fraud-api", "models:/fraud/3", null,
                null, null, null, DIRECT, "3", "ann", 1, 1))
                .hasMessageContaining("'stable'");
    }

    @Test
    void rejectsAMissingRolloutAndABadFollowedVersion() {
        assertInvalidParameter(() -> new Deployment("fraud-api", "models:/fraud/3", null,
                STABLE, null, null, null, "3", "ann", 1, 1))
                .hasMessageContaining("'rollout'");
        for (String version : new String[] {null, "", "0", "x"}) {
            assertInvalidParameter(() -> new Deployment("fraud-api", "models:/fraud/3", null,
                    STABLE, null, null, DIRECT, version, "ann", 1, 1))
                    .as(String.valueOf(version)).hasMessageContaining("'followed_version'");
        }
    }

    @Test
    void rejectsBadCreatorAndTimestamps() {
        assertInvalidParameter(() -> new Deployment("fraud-api", "models:/fraud/3", null,
                STABLE, null, null, DIRECT, "3", " ", 1, 1))
                .hasMessageContaining("'created_by'");
        assertInvalidParameter(() -> new Deployment("fraud-api", "models:/fraud/3", null,
                STABLE, null, null, DIRECT, "3", "ann", -1, 1))
                .hasMessageContaining("'creation_timestamp'");
        assertInvalidParameter(() -> new Deployment("fraud-api", "models:/fraud/3", null,
                STABLE, null, null, DIRECT, "3", "ann", 5, 4))
                .hasMessageContaining("'last_updated_timestamp'");
    }

    @Test
    void rejectsABadCandidate() {
        ModelRef next = new ModelRef("fraud", "4");
        assertInvalidParameter(() -> Candidate.canary(next, 101)).hasMessageContaining("'candidate.percent'");
        assertInvalidParameter(() -> Candidate.canary(next, -1)).hasMessageContaining("'candidate.percent'");
        assertInvalidParameter(() -> new Candidate(next, RolloutMode.SHADOW, 10)).hasMessageContaining("'candidate.percent'");
        assertInvalidParameter(() -> new Candidate(next, null, 10)).hasMessageContaining("'candidate.mode'");
        assertInvalidParameter(() -> new Candidate(null, RolloutMode.CANARY, 10)).hasMessageContaining("'candidate.model'");
        assertInvalidParameter(() -> Candidate.canary(new ModelRef("fraud", "x"), 10)).hasMessageContaining("'candidate.model.version'");
        assertInvalidParameter(() -> Candidate.canary(new ModelRef("a@b", "4"), 10)).hasMessageContaining("'candidate.model.name'");
        assertThat(Candidate.canary(next, 0).percent()).isZero();
        assertThat(Candidate.canary(next, 100).percent()).isEqualTo(100);
    }

    @Test
    void rejectsABadRollbackPolicy() {
        assertInvalidParameter(() -> new RollbackPolicy(null, null, 1, 1)).hasMessageContaining("'rollback.max_error_rate'");
        assertInvalidParameter(() -> new RollbackPolicy(1.5, null, 1, 1)).hasMessageContaining("'rollback.max_error_rate'");
        assertInvalidParameter(() -> new RollbackPolicy(Double.NaN, null, 1, 1)).hasMessageContaining("'rollback.max_error_rate'");
        assertInvalidParameter(() -> new RollbackPolicy(null, 0.0, 1, 1)).hasMessageContaining("'rollback.max_p99_millis'");
        assertInvalidParameter(() -> new RollbackPolicy(null, Double.POSITIVE_INFINITY, 1, 1))
                .hasMessageContaining("'rollback.max_p99_millis'");
        assertInvalidParameter(() -> new RollbackPolicy(0.1, null, 0, 1)).hasMessageContaining("'rollback.min_requests'");
        assertInvalidParameter(() -> new RollbackPolicy(0.1, null, 1, 0)).hasMessageContaining("'rollback.window_millis'");
        assertThat(new RollbackPolicy(0.0, null, 1, 1).maxErrorRate()).isZero();
    }

    @Test
    void rejectsABadEvent() {
        assertInvalidParameter(() -> DeploymentEvent.of("", 1, "ann", Kind.CREATED, null, "3", null))
                .hasMessageContaining("'deployment_name'");
        assertInvalidParameter(() -> DeploymentEvent.of("fraud-api", -1, "ann", Kind.CREATED, null, "3", null))
                .hasMessageContaining("'timestamp'");
        assertInvalidParameter(() -> DeploymentEvent.of("fraud-api", 1, "", Kind.CREATED, null, "3", null))
                .hasMessageContaining("'actor'");
        assertInvalidParameter(() -> DeploymentEvent.of("fraud-api", 1, "ann", null, null, "3", null)).hasMessageContaining("'kind'");
        assertInvalidParameter(() -> DeploymentEvent.of("fraud-api", 1, "ann", Kind.PROMOTED, "three", "4", null))
                .hasMessageContaining("'from_version'");
        assertInvalidParameter(() -> DeploymentEvent.of("fraud-api", 1, "ann", Kind.PROMOTED, "3", "0", null))
                .hasMessageContaining("'to_version'");
        assertInvalidParameter(() -> DeploymentEvent.of("fraud-api", 1, "ann", Kind.ROLLED_BACK, "4", "3", "x".repeat(5001)))
                .hasMessageContaining("'reason'");
        assertInvalidParameter(() -> new DeploymentEvent("fraud-api", -1, 1, "ann", Kind.CREATED, null, "3", null))
                .hasMessageContaining("'sequence'");
    }

    private static Deployment deployment(String name, String modelUri) {
        return new Deployment(name, modelUri, null, STABLE, null, null, DIRECT, "3", "ann", 1, 1);
    }
}
