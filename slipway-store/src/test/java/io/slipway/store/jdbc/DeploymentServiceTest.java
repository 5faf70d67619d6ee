package io.slipway.store.jdbc;

import static io.slipway.store.jdbc.AbstractTrackingStoreContractTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.slipway.core.ErrorCode;
import io.slipway.core.registry.ModelDescriptors;
import io.slipway.core.registry.RegistryService;
import io.slipway.core.serving.Candidate;
import io.slipway.core.serving.Deployment;
import io.slipway.core.serving.DeploymentEvent;
import io.slipway.core.serving.DeploymentEvent.Kind;
import io.slipway.core.serving.DeploymentService;
import io.slipway.core.serving.ModelRef;
import io.slipway.core.serving.RollbackPolicy;
import io.slipway.core.serving.Rollout;
import io.slipway.core.serving.RolloutMode;
import io.slipway.core.tracking.TrackingService;
import io.slipway.store.testing.TickingClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deployments over the real registry and store on SQLite: every operation, its event and its refusals. */
class DeploymentServiceTest {
    private static final String ROOT = "mlflow-artifacts:/";
    private static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final RollbackPolicy BOUNDS = new RollbackPolicy(0.05, 10.0, 500, 60_000);
    private static final long STEP = 60_000;

    @TempDir
    Path dir;

    private Database database;
    private RegistryService registry;
    private TickingClock clock;
    private DeploymentService deployments;

    @BeforeEach
    void setUp() {
        database = Database.open(BackendUri.sqlite(dir.resolve("slipway.db")), ROOT);
        clock = new TickingClock(START);
        TrackingService tracking = new TrackingService(new JdbcTrackingStore(database), ROOT, clock);
        registry = new RegistryService(new JdbcRegistryStore(database), tracking, ModelDescriptors.NONE, java.util.Set.of(), clock);
        deployments = new DeploymentService(new JdbcDeploymentStore(database), registry, clock);
        registry.createRegisteredModel("fraud", null, List.of(), "ann");
        for (int i = 0; i < 4; i++) {
            registry.createModelVersion("fraud", "s3://models/fraud", null, List.of(), null, null, "ann");
        }
        registry.setAlias("fraud", "champion", "2", "ann");
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    // ---- create, get, list, delete ----

    @Test
    void createsADeploymentServingWhatTheUriResolvesTo() {
        Deployment created = deployments.create("fraud-api", "models:/fraud@champion", "scores payments", null, BOUNDS, "ann");

        assertThat(created.stable()).isEqualTo(new ModelRef("fraud", "2"));
        assertThat(created.followedVersion()).isEqualTo("2");
        assertThat(created.rollout()).isEqualTo(Rollout.direct());
        assertThat(created.rollback()).isEqualTo(BOUNDS);
        assertThat(created.candidate()).isNull();
        assertThat(created.createdBy()).isEqualTo("ann");
        assertThat(deployments.get("fraud-api")).isEqualTo(created);
        assertThat(deployments.list()).containsExactly(created);
        assertThat(deployments.events("fraud-api", 10)).extracting(DeploymentEvent::kind, DeploymentEvent::actor,
                DeploymentEvent::fromVersion, DeploymentEvent::toVersion).containsExactly(tuple(Kind.CREATED, "ann", null, "2"));
    }

    @Test
    void resolvesEveryKindOfModelUri() {
        registry.transitionStage("fraud", "3", "Production", false);
        assertThat(deployments.create("a", "models:/fraud/1", null, null, null, "ann").stable().version()).isEqualTo("1");
        assertThat(deployments.create("b", "models:/fraud/latest", null, null, null, "ann").stable().version()).isEqualTo("4");
        assertThat(deployments.create("c", "models:/fraud/Production", null, null, null, "ann").stable().version()).isEqualTo("3");
        assertThat(deployments.create("d", "models:/fraud@champion", null, null, null, "ann").stable().version()).isEqualTo("2");
    }

    @Test
    void refusesAUriThatNamesNothingAndATakenName() {
        assertError(() -> deployments.create("fraud-api", "models:/fraud@nobody", null, null, null, "ann"),
                ErrorCode.RESOURCE_DOES_NOT_EXIST, "nobody");
        assertError(() -> deployments.create("fraud-api", "models:/absent/1", null, null, null, "ann"),
                ErrorCode.RESOURCE_DOES_NOT_EXIST, "absent");
        assertError(() -> deployments.create("fraud-api", "runs:/abc/model", null, null, null, "ann"),
                ErrorCode.INVALID_PARAMETER_VALUE, "runs:/abc/model");
        assertError(() -> deployments.create("fraud-api", null, null, null, null, "ann"), ErrorCode.INVALID_PARAMETER_VALUE, "model_uri");
        assertError(() -> deployments.create("fraud/api", "models:/fraud/1", null, null, null, "ann"), ErrorCode.INVALID_PARAMETER_VALUE,
                "name");
        create(Rollout.direct());
        assertError(() -> create(Rollout.direct()), ErrorCode.RESOURCE_ALREADY_EXISTS, "fraud-api");
    }

    @Test
    void anUnknownDeploymentIsNotFound() {
        assertError(() -> deployments.get("absent"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "absent");
        assertError(() -> deployments.delete("absent", "ann"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "absent");
        assertError(() -> deployments.promote("absent", "ann"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "absent");
        assertError(() -> deployments.reconcile("absent"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "absent");
        assertThat(deployments.events("absent", 10)).isEmpty();
    }

    @Test
    void deletesADeploymentKeepingItsHistory() {
        create(Rollout.direct());
        deployments.delete("fraud-api", "bob");
        assertError(() -> deployments.get("fraud-api"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "fraud-api");
        assertThat(deployments.events("fraud-api", 10)).extracting(DeploymentEvent::kind, DeploymentEvent::actor,
                DeploymentEvent::fromVersion).containsExactly(tuple(Kind.DELETED, "bob", "2"), tuple(Kind.CREATED, "ann", null));
    }

    @Test
    void refusesAPageOfEventsOutOfRange() {
        assertError(() -> deployments.events("fraud-api", 0), ErrorCode.INVALID_PARAMETER_VALUE, "max_results");
        assertError(() -> deployments.events("fraud-api", 1001), ErrorCode.INVALID_PARAMETER_VALUE, "max_results");
    }

    // ---- candidates ----

    @Test
    void setsACanaryAndAShadow() {
        create(Rollout.direct());
        Deployment canary = deployments.setCandidate("fraud-api", "3", RolloutMode.CANARY, 10, "bob");
        assertThat(canary.candidate()).isEqualTo(Candidate.canary(new ModelRef("fraud", "3"), 10));
        Deployment shadow = deployments.setCandidate("fraud-api", "4", RolloutMode.SHADOW, 0, "bob");
        assertThat(shadow.candidate()).isEqualTo(Candidate.shadow(new ModelRef("fraud", "4")));
        assertThat(lastEvent()).extracting(DeploymentEvent::kind, DeploymentEvent::actor, DeploymentEvent::fromVersion,
                DeploymentEvent::toVersion).containsExactly(Kind.CANDIDATE_SET, "bob", "2", "4");
    }

    @Test
    void refusesACandidateThatIsUnknownOrTheStableVersion() {
        create(Rollout.direct());
        assertError(() -> deployments.setCandidate("fraud-api", "9", RolloutMode.CANARY, 10, "bob"), ErrorCode.RESOURCE_DOES_NOT_EXIST,
                "9");
        assertError(() -> deployments.setCandidate("fraud-api", "2", RolloutMode.CANARY, 10, "bob"), ErrorCode.INVALID_PARAMETER_VALUE,
                "stable");
        assertError(() -> deployments.setCandidate("fraud-api", "x", RolloutMode.CANARY, 10, "bob"), ErrorCode.INVALID_PARAMETER_VALUE,
                "'version'");
        assertError(() -> deployments.setCandidate("fraud-api", "3", null, 10, "bob"), ErrorCode.INVALID_PARAMETER_VALUE, "'mode'");
        assertError(() -> deployments.setCandidate("fraud-api", "3", RolloutMode.CANARY, 101, "bob"), ErrorCode.INVALID_PARAMETER_VALUE,
                "'percent'");
        assertError(() -> deployments.setCandidate("fraud-api", "3", RolloutMode.SHADOW, 10, "bob"), ErrorCode.INVALID_PARAMETER_VALUE,
                "percent");
        assertThat(deployments.get("fraud-api").candidate()).isNull();
    }

    @Test
    void setsTheCanaryPercent() {
        create(Rollout.direct());
        deployments.setCandidate("fraud-api", "3", RolloutMode.CANARY, 10, "bob");
        assertThat(deployments.setPercent("fraud-api", 50, "bob").candidate().percent()).isEqualTo(50);
        assertThat(lastEvent()).extracting(DeploymentEvent::kind, DeploymentEvent::reason).containsExactly(Kind.PERCENT_CHANGED,
                "10% -> 50%");
    }

    @Test
    void refusesAPercentWithoutACanaryOrOutOfRange() {
        create(Rollout.direct());
        assertError(() -> deployments.setPercent("fraud-api", 50, "bob"), ErrorCode.INVALID_PARAMETER_VALUE, "no canary");
        deployments.setCandidate("fraud-api", "3", RolloutMode.SHADOW, 0, "bob");
        assertError(() -> deployments.setPercent("fraud-api", 50, "bob"), ErrorCode.INVALID_PARAMETER_VALUE, "no canary");
        assertError(() -> deployments.setPercent("fraud-api", -1, "bob"), ErrorCode.INVALID_PARAMETER_VALUE, "'percent'");
    }

    @Test
    void promotesTheCandidate() {
        create(Rollout.direct());
        deployments.setCandidate("fraud-api", "3", RolloutMode.CANARY, 10, "bob");
        Deployment promoted = deployments.promote("fraud-api", "bob");
        assertThat(promoted.stable()).isEqualTo(new ModelRef("fraud", "3"));
        assertThat(promoted.candidate()).isNull();
        assertThat(promoted.followedVersion()).isEqualTo("2");
        assertThat(lastEvent()).extracting(DeploymentEvent::kind, DeploymentEvent::fromVersion, DeploymentEvent::toVersion)
                .containsExactly(Kind.PROMOTED, "2", "3");
    }

    @Test
    void refusesToPromoteWithoutACandidate() {
        create(Rollout.direct());
        assertError(() -> deployments.promote("fraud-api", "bob"), ErrorCode.INVALID_PARAMETER_VALUE, "no candidate");
    }

    // ---- rollbacks ----

    @Test
    void rollingBackACandidateDropsIt() {
        create(Rollout.direct());
        deployments.setCandidate("fraud-api", "3", RolloutMode.CANARY, 10, "bob");
        Deployment rolledBack = deployments.rollback("fraud-api", null, "too slow", "bob");
        assertThat(rolledBack.candidate()).isNull();
        assertThat(rolledBack.stable().version()).isEqualTo("2");
        assertThat(lastEvent()).extracting(DeploymentEvent::kind, DeploymentEvent::fromVersion, DeploymentEvent::toVersion,
                DeploymentEvent::reason).containsExactly(Kind.ROLLED_BACK, "3", "2", "too slow");
    }

    @Test
    void aRollbackOfAnotherCandidateChangesNothing() {
        create(Rollout.direct());
        deployments.setCandidate("fraud-api", "3", RolloutMode.CANARY, 10, "bob");
        Deployment replaced = deployments.setCandidate("fraud-api", "4", RolloutMode.CANARY, 10, "bob");
        assertThat(deployments.rollback("fraud-api", "3", "p99 31 ms > 10 ms", DeploymentService.SYSTEM_ACTOR)).isEqualTo(replaced);
        assertThat(deployments.promote("fraud-api", "bob").stable().version()).isEqualTo("4");
        // the candidate is gone: an automatic rollback never takes the stable version back on its account
        assertThat(deployments.rollback("fraud-api", "4", "late", DeploymentService.SYSTEM_ACTOR).stable().version()).isEqualTo("4");
        assertThat(lastEvent().kind()).isEqualTo(Kind.PROMOTED);
    }

    @Test
    void rollingBackWithoutACandidateRestoresTheVersionTheStableReplaced() {
        create(Rollout.direct());
        deployments.setCandidate("fraud-api", "3", RolloutMode.CANARY, 10, "bob");
        deployments.promote("fraud-api", "bob");
        deployments.setCandidate("fraud-api", "4", RolloutMode.SHADOW, 0, "bob");
        deployments.promote("fraud-api", "bob");

        assertThat(deployments.rollback("fraud-api", null, "bad", "bob").stable().version()).isEqualTo("3");
        assertThat(lastEvent()).extracting(DeploymentEvent::kind, DeploymentEvent::fromVersion, DeploymentEvent::toVersion)
                .containsExactly(Kind.ROLLED_BACK, "4", "3");
        assertThat(deployments.rollback("fraud-api", null, "worse", "bob").stable().version()).isEqualTo("2");
        assertError(() -> deployments.rollback("fraud-api", null, null, "bob"), ErrorCode.INVALID_PARAMETER_VALUE, "nothing to roll back");
    }

    @Test
    void rollingBackAFollowedModelMoveKeepsTheFollowedVersion() {
        create(Rollout.direct());
        registry.setAlias("fraud", "champion", "3", "ann");
        deployments.reconcile("fraud-api");

        Deployment rolledBack = deployments.rollback("fraud-api", null, "bad", "bob");
        assertThat(rolledBack.stable().version()).isEqualTo("2");
        assertThat(rolledBack.followedVersion()).isEqualTo("3");
        // the alias still names 3: the controller does not bring it back
        assertThat(deployments.reconcile("fraud-api").stable().version()).isEqualTo("2");
    }

    @Test
    void refusesARollbackWithNothingToRollBack() {
        create(Rollout.direct());
        assertError(() -> deployments.rollback("fraud-api", null, null, "bob"), ErrorCode.INVALID_PARAMETER_VALUE, "nothing to roll back");
        assertError(() -> deployments.rollback("fraud-api", "x", null, "bob"), ErrorCode.INVALID_PARAMETER_VALUE, "candidate_version");
    }

    // ---- the controller ----

    @Test
    void aDirectRolloutFollowsTheAliasAtOnce() {
        create(Rollout.direct());
        registry.setAlias("fraud", "champion", "3", "ann");
        Deployment moved = deployments.reconcile("fraud-api");
        assertThat(moved.stable().version()).isEqualTo("3");
        assertThat(moved.followedVersion()).isEqualTo("3");
        assertThat(lastEvent()).extracting(DeploymentEvent::kind, DeploymentEvent::actor, DeploymentEvent::fromVersion,
                DeploymentEvent::toVersion).containsExactly(Kind.MODEL_MOVED, DeploymentService.SYSTEM_ACTOR, "2", "3");
    }

    @Test
    void aCanaryRolloutStepsOnScheduleAndPromotesAfterAStepAtFullTraffic() {
        create(Rollout.canary(10, 50, STEP));
        registry.setAlias("fraud", "champion", "3", "ann");
        assertThat(deployments.reconcile("fraud-api").candidate()).isEqualTo(Candidate.canary(new ModelRef("fraud", "3"), 10));
        assertThat(lastEvent().kind()).isEqualTo(Kind.CANDIDATE_SET);

        assertThat(deployments.reconcile("fraud-api").candidate().percent()).as("not due yet").isEqualTo(10);
        clock.advance(STEP);
        assertThat(deployments.reconcile("fraud-api").candidate().percent()).isEqualTo(60);
        clock.advance(STEP);
        assertThat(deployments.reconcile("fraud-api").candidate().percent()).isEqualTo(100);
        clock.advance(STEP);
        Deployment promoted = deployments.reconcile("fraud-api");
        assertThat(promoted.stable().version()).isEqualTo("3");
        assertThat(promoted.candidate()).isNull();
        assertThat(deployments.events("fraud-api", 10)).extracting(DeploymentEvent::kind, DeploymentEvent::actor).containsExactly(
                tuple(Kind.PROMOTED, DeploymentService.SYSTEM_ACTOR), tuple(Kind.PERCENT_CHANGED, DeploymentService.SYSTEM_ACTOR),
                tuple(Kind.PERCENT_CHANGED, DeploymentService.SYSTEM_ACTOR), tuple(Kind.CANDIDATE_SET, DeploymentService.SYSTEM_ACTOR),
                tuple(Kind.CREATED, "ann"));
    }

    @Test
    void aCanaryWithoutScheduleStaysWhereItIs() {
        create(Rollout.canary(10, 0, 0));
        registry.setAlias("fraud", "champion", "3", "ann");
        deployments.reconcile("fraud-api");
        clock.advance(STEP * 100);
        assertThat(deployments.reconcile("fraud-api").candidate().percent()).isEqualTo(10);
    }

    @Test
    void aShadowRolloutMakesTheNewVersionAShadow() {
        create(Rollout.shadow());
        registry.setAlias("fraud", "champion", "4", "ann");
        Deployment shadowed = deployments.reconcile("fraud-api");
        assertThat(shadowed.candidate()).isEqualTo(Candidate.shadow(new ModelRef("fraud", "4")));
        assertThat(shadowed.stable().version()).isEqualTo("2");
        assertThat(shadowed.followedVersion()).isEqualTo("4");
    }

    @Test
    void anAliasMovedBackToTheStableVersionDropsTheCandidate() {
        create(Rollout.shadow());
        registry.setAlias("fraud", "champion", "4", "ann");
        deployments.reconcile("fraud-api");
        registry.setAlias("fraud", "champion", "2", "ann");
        Deployment back = deployments.reconcile("fraud-api");
        assertThat(back.candidate()).isNull();
        assertThat(back.followedVersion()).isEqualTo("2");
        assertThat(lastEvent().kind()).isEqualTo(Kind.ROLLED_BACK);
    }

    @Test
    void aDeletedAliasChangesNothing() {
        Deployment created = create(Rollout.direct());
        registry.deleteAlias("fraud", "champion", "ann");
        assertThat(deployments.reconcile("fraud-api")).isEqualTo(created);
        assertThat(deployments.events("fraud-api", 10)).hasSize(1);
    }

    @Test
    void concurrentChangesAreRetriedAndNoneIsLost() throws Exception {
        create(Rollout.direct());
        deployments.setCandidate("fraud-api", "3", RolloutMode.CANARY, 10, "bob");
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CyclicBarrier start = new CyclicBarrier(writers);
            List<Future<Deployment>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int percent = 20 + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return deployments.setPercent("fraud-api", percent, "bob");
                }));
            }
            for (Future<Deployment> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(deployments.events("fraud-api", 100)).filteredOn(e -> e.kind() == Kind.PERCENT_CHANGED).hasSize(writers);
    }

    // ---- helpers ----

    private Deployment create(Rollout rollout) {
        return deployments.create("fraud-api", "models:/fraud@champion", null, rollout, null, "ann");
    }

    private DeploymentEvent lastEvent() {
        return deployments.events("fraud-api", 1).get(0);
    }
}
