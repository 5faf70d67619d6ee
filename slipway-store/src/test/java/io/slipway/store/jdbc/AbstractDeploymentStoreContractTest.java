package io.slipway.store.jdbc;

import static io.slipway.store.jdbc.AbstractTrackingStoreContractTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.serving.Candidate;
import io.slipway.core.serving.Deployment;
import io.slipway.core.serving.DeploymentEvent;
import io.slipway.core.serving.DeploymentEvent.Kind;
import io.slipway.core.serving.DeploymentStore;
import io.slipway.core.serving.ModelRef;
import io.slipway.core.serving.RollbackPolicy;
import io.slipway.core.serving.Rollout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deployments and their history as every metadata backend must keep them, written once and run
 * against each (SQLite, PostgreSQL). The records check their own fields (see
 * {@code DeploymentTest} in slipway-core); here the rules that depend on what is stored.
 */
public abstract class AbstractDeploymentStoreContractTest {
    protected static final String ROOT = "mlflow-artifacts:/";
    private static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final RollbackPolicy BOUNDS = new RollbackPolicy(0.05, 10.0, 500, 60_000);

    private Database database;
    private DeploymentStore store;
    private final AtomicLong clock = new AtomicLong(START);

    /** A database with an up-to-date, empty schema. */
    protected abstract Database openDatabase();

    protected void closeDatabase(Database database) {
        database.close();
    }

    @BeforeEach
    void setUp() {
        database = openDatabase();
        store = new JdbcDeploymentStore(database);
    }

    @AfterEach
    void tearDown() {
        closeDatabase(database);
    }

    // ---- create, get, list ----

    @Test
    void storesADeploymentWithItsCandidateAndRollbackPolicy() {
        Deployment deployment = deployment("fraud-api", "3").withCandidate(Candidate.canary(new ModelRef("fraud", "4"), 10));
        deployment = new Deployment(deployment.name(), deployment.modelUri(), "scores card payments", deployment.stable(),
                deployment.candidate(), BOUNDS, Rollout.canary(10, 20, 300_000), "2", "ann", deployment.creationTimestamp(),
                deployment.lastUpdatedTimestamp());

        assertThat(store.create(deployment, created(deployment))).isEqualTo(deployment);
        assertThat(store.get("fraud-api")).contains(deployment);
    }

    @Test
    void storesADeploymentWithoutCandidateRollbackOrDescription() {
        Deployment deployment = deployment("fraud-api", "3");
        store.create(deployment, created(deployment));
        Deployment stored = store.get("fraud-api").orElseThrow();
        assertThat(stored).isEqualTo(deployment);
        assertThat(stored.candidate()).isNull();
        assertThat(stored.rollback()).isNull();
        assertThat(stored.description()).isNull();
    }

    @Test
    void storesAShadowCandidateAndAPolicyWithOneBound() {
        Deployment deployment = new Deployment("fraud-api", "models:/fraud@champion", "", new ModelRef("fraud", "3"),
                Candidate.shadow(new ModelRef("fraud-xgb", "1")), new RollbackPolicy(null, 25.5, 1, 1), Rollout.shadow(), "3", "ann",
                now(), now());
        store.create(deployment, created(deployment));
        assertThat(store.get("fraud-api")).contains(deployment);
    }

    @Test
    void storesEachRolloutStrategyAndTheFollowedVersion() {
        List<Rollout> rollouts = List.of(Rollout.direct(), Rollout.shadow(), Rollout.canary(100, 0, 0),
                Rollout.canary(1, 100, Long.MAX_VALUE));
        for (Rollout rollout : rollouts) {
            Deployment base = deployment("fraud-api", "3");
            Deployment deployment = new Deployment(base.name(), base.modelUri(), null, base.stable(), null, null, rollout, "7", "ann",
                    base.creationTimestamp(), base.lastUpdatedTimestamp());
            store.create(deployment, created(deployment));
            assertThat(store.get("fraud-api")).as(rollout.toString()).contains(deployment);
            store.delete("fraud-api", event(deployment, Kind.DELETED));
        }
    }

    @Test
    void anUpdateChangesTheFollowedVersion() {
        Deployment deployment = create("fraud-api", "3");
        Deployment followed = update(deployment, deployment.withFollowedVersion("4"), Kind.MODEL_MOVED);
        assertThat(followed.followedVersion()).isEqualTo("4");
        assertThat(store.get("fraud-api").orElseThrow().followedVersion()).isEqualTo("4");
    }

    @Test
    void listsDeploymentsByName() {
        for (String name : List.of("spam", "fraud-api", "churn")) {
            Deployment deployment = deployment(name, "1");
            store.create(deployment, created(deployment));
        }
        assertThat(store.list()).extracting(Deployment::name).containsExactly("churn", "fraud-api", "spam");
    }

    @Test
    void anUnknownDeploymentIsNotThere() {
        assertThat(store.get("absent")).isEmpty();
        assertThat(store.list()).isEmpty();
        assertThat(store.events("absent", 10)).isEmpty();
        Deployment absent = deployment("absent", "1");
        assertError(() -> store.update(absent.updatedAt(now()), absent.lastUpdatedTimestamp(), event(absent, Kind.PROMOTED)),
                ErrorCode.RESOURCE_DOES_NOT_EXIST, "absent");
        assertError(() -> store.delete("absent", event(absent, Kind.DELETED)), ErrorCode.RESOURCE_DOES_NOT_EXIST, "absent");
        assertThat(store.events("absent", 10)).isEmpty();
    }

    @Test
    void rejectsASecondDeploymentWithTheSameName() {
        Deployment first = deployment("fraud-api", "3");
        store.create(first, created(first));
        Deployment second = deployment("fraud-api", "4");

        assertError(() -> store.create(second, created(second)), ErrorCode.RESOURCE_ALREADY_EXISTS, "fraud-api");

        assertThat(store.get("fraud-api")).contains(first);
        assertThat(store.events("fraud-api", 10)).hasSize(1);
    }

    // ---- updates ----

    @Test
    void anUpdateBasedOnTheLatestReadIsStoredWithItsEvent() {
        Deployment deployment = create("fraud-api", "3");
        Deployment withCanary = deployment.withCandidate(Candidate.canary(new ModelRef("fraud", "4"), 5)).updatedAt(now());

        Deployment stored = store.update(withCanary, deployment.lastUpdatedTimestamp(),
                DeploymentEvent.of("fraud-api", withCanary.lastUpdatedTimestamp(), "bob", Kind.CANDIDATE_SET, "3", "4", null));

        assertThat(stored).isEqualTo(withCanary);
        assertThat(store.get("fraud-api")).contains(withCanary);
        assertThat(store.events("fraud-api", 1)).singleElement()
                .isEqualTo(new DeploymentEvent("fraud-api", 2, withCanary.lastUpdatedTimestamp(), "bob", Kind.CANDIDATE_SET, "3", "4",
                        null));
    }

    @Test
    void anUpdateKeepsTheCreatorAndCreationTime() {
        Deployment deployment = create("fraud-api", "3");
        Deployment rewritten = new Deployment("fraud-api", "models:/fraud/4", "pinned", new ModelRef("fraud", "4"), null, BOUNDS,
                Rollout.canary(5, 0, 0), "4", "mallory", START - 1000, now());

        Deployment stored = store.update(rewritten, deployment.lastUpdatedTimestamp(), event(rewritten, Kind.MODEL_MOVED));

        assertThat(stored.createdBy()).isEqualTo("ann");
        assertThat(stored.creationTimestamp()).isEqualTo(deployment.creationTimestamp());
        assertThat(stored.modelUri()).isEqualTo("models:/fraud/4");
        assertThat(stored.stable()).isEqualTo(new ModelRef("fraud", "4"));
        assertThat(stored.rollback()).isEqualTo(BOUNDS);
        assertThat(stored.rollout()).isEqualTo(Rollout.canary(5, 0, 0));
        assertThat(stored.followedVersion()).isEqualTo("4");
    }

    @Test
    void aStaleUpdateIsAConflictAndChangesNothing() {
        Deployment deployment = create("fraud-api", "3");
        Deployment promoted = deployment.withStable(new ModelRef("fraud", "4")).updatedAt(now());
        store.update(promoted, deployment.lastUpdatedTimestamp(), event(promoted, Kind.PROMOTED));
        List<DeploymentEvent> history = store.events("fraud-api", 10);

        // based on the read before the promotion
        Deployment stale = deployment.withCandidate(Candidate.canary(new ModelRef("fraud", "5"), 50)).updatedAt(now());
        assertError(() -> store.update(stale, deployment.lastUpdatedTimestamp(), event(stale, Kind.CANDIDATE_SET)),
                ErrorCode.RESOURCE_CONFLICT, "fraud-api");

        assertThat(store.get("fraud-api")).contains(promoted);
        assertThat(store.events("fraud-api", 10)).isEqualTo(history);
    }

    @Test
    void everyUpdateMovesTheTimestampItWasBasedOn() {
        Deployment deployment = create("fraud-api", "3");
        // the caller's clock has not moved since the read
        Deployment sameMillisecond = deployment.withCandidate(Candidate.shadow(new ModelRef("fraud", "4")));

        Deployment stored = store.update(sameMillisecond, deployment.lastUpdatedTimestamp(), event(deployment, Kind.CANDIDATE_SET));

        assertThat(stored.lastUpdatedTimestamp()).isEqualTo(deployment.lastUpdatedTimestamp() + 1);
        assertError(() -> store.update(sameMillisecond, deployment.lastUpdatedTimestamp(), event(deployment, Kind.PROMOTED)),
                ErrorCode.RESOURCE_CONFLICT, "fraud-api");
    }

    @Test
    void concurrentUpdatesFromTheSameReadLetExactlyOneThrough() throws Exception {
        create("fraud-api", "3");
        for (int round = 0; round < 10; round++) {
            Deployment read = store.get("fraud-api").orElseThrow();
            long at = now(); // both writers stamp the same time: the expected one must still tell them apart
            List<Callable<Object>> writers = new ArrayList<>();
            for (String percent : List.of("10", "20")) {
                Deployment canary = read.withCandidate(Candidate.canary(new ModelRef("fraud", "4"), Integer.parseInt(percent)))
                        .updatedAt(at);
                writers.add(() -> store.update(canary, read.lastUpdatedTimestamp(),
                        DeploymentEvent.of("fraud-api", at, "bob", Kind.PERCENT_CHANGED, "3", "4", percent + "%")));
            }

            List<Object> outcomes = race(writers);

            assertThat(outcomes).as("round %d", round).containsOnlyOnce(ErrorCode.RESOURCE_CONFLICT);
            Deployment winner = (Deployment) outcomes.stream().filter(Deployment.class::isInstance).findFirst().orElseThrow();
            assertThat(store.get("fraud-api")).contains(winner);
            assertThat(store.events("fraud-api", 100)).hasSize(round + 2);
        }
    }

    @Test
    void concurrentCreatesOfOneNameLetExactlyOneThrough() throws Exception {
        List<Callable<Object>> creators = new ArrayList<>();
        for (String version : List.of("1", "2")) {
            Deployment deployment = deployment("fraud-api", version);
            creators.add(() -> store.create(deployment, created(deployment)));
        }

        List<Object> outcomes = race(creators);

        assertThat(outcomes).containsOnlyOnce(ErrorCode.RESOURCE_ALREADY_EXISTS);
        assertThat(store.events("fraud-api", 10)).extracting(DeploymentEvent::sequence).containsExactly(1L);
    }

    // ---- history ----

    @Test
    void eventsAreNumberedFromOneAndReadNewestFirst() {
        Deployment deployment = create("fraud-api", "3");
        Deployment canary = update(deployment, deployment.withCandidate(Candidate.canary(new ModelRef("fraud", "4"), 5)),
                Kind.CANDIDATE_SET);
        Deployment wider = update(canary, canary.withCandidate(Candidate.canary(new ModelRef("fraud", "4"), 50)), Kind.PERCENT_CHANGED);
        update(wider, wider.withCandidate(null), Kind.ROLLED_BACK);

        List<DeploymentEvent> events = store.events("fraud-api", 10);

        assertThat(events).extracting(DeploymentEvent::sequence).containsExactly(4L, 3L, 2L, 1L);
        assertThat(events).extracting(DeploymentEvent::kind)
                .containsExactly(Kind.ROLLED_BACK, Kind.PERCENT_CHANGED, Kind.CANDIDATE_SET, Kind.CREATED);
        assertThat(store.events("fraud-api", 2)).containsExactlyElementsOf(events.subList(0, 2));
    }

    @Test
    void eventsOfOneDeploymentAreNumberedApartFromAnothers() {
        create("fraud-api", "3");
        Deployment spam = create("spam-api", "1");
        update(spam, spam.withStable(new ModelRef("fraud", "2")), Kind.MODEL_MOVED);

        assertThat(store.events("fraud-api", 10)).extracting(DeploymentEvent::sequence).containsExactly(1L);
        assertThat(store.events("spam-api", 10)).extracting(DeploymentEvent::sequence).containsExactly(2L, 1L);
    }

    @Test
    void anEventKeepsItsReasonAndVersions() {
        Deployment deployment = create("fraud-api", "3");
        DeploymentEvent rollback = DeploymentEvent.of("fraud-api", now(), "rollout-controller", Kind.ROLLED_BACK, "4", "3",
                "p99 31 ms > 10 ms over 500 requests");
        store.update(deployment.updatedAt(rollback.timestamp()), deployment.lastUpdatedTimestamp(), rollback);

        assertThat(store.events("fraud-api", 1)).containsExactly(rollback.numbered(2));
    }

    @Test
    void deletingADeploymentKeepsItsHistoryAndARecreationContinuesIt() {
        Deployment deployment = create("fraud-api", "3");
        DeploymentEvent deleted = DeploymentEvent.of("fraud-api", now(), "bob", Kind.DELETED, "3", null, "retired");

        store.delete("fraud-api", deleted);

        assertThat(store.get("fraud-api")).isEmpty();
        assertThat(store.list()).isEmpty();
        assertThat(store.events("fraud-api", 10)).containsExactly(deleted.numbered(2), created(deployment).numbered(1));

        create("fraud-api", "5");
        assertThat(store.events("fraud-api", 10)).extracting(DeploymentEvent::sequence, DeploymentEvent::kind)
                .startsWith(tuple(3L, Kind.CREATED));
    }

    @Test
    void rejectsAnEventOfAnotherDeployment() {
        Deployment deployment = deployment("fraud-api", "3");
        DeploymentEvent other = DeploymentEvent.of("spam-api", now(), "ann", Kind.CREATED, null, "3", null);
        assertThatThrownBy(() -> store.create(deployment, other))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.get("fraud-api")).isEmpty();
    }

    @Test
    void rejectsAnEmptyPageOfEventsNamingTheField() {
        assertError(() -> store.events("fraud-api", 0), ErrorCode.INVALID_PARAMETER_VALUE, "max_results");
    }

    // ---- helpers ----

    /** ann's deployment {@code name} of {@code models:/fraud@champion}, serving fraud {@code version}. */
    private Deployment deployment(String name, String version) {
        long at = now();
        return new Deployment(name, "models:/fraud@champion", null, new ModelRef("fraud", version), null, null, Rollout.direct(),
                version, "ann", at, at);
    }

    private Deployment create(String name, String version) {
        Deployment deployment = deployment(name, version);
        return store.create(deployment, created(deployment));
    }

    /** Stores {@code next} (stamped now) over {@code current}, with an event of {@code kind}. */
    private Deployment update(Deployment current, Deployment next, Kind kind) {
        Deployment stamped = next.updatedAt(now());
        return store.update(stamped, current.lastUpdatedTimestamp(), event(stamped, kind));
    }

    private static DeploymentEvent created(Deployment deployment) {
        return DeploymentEvent.of(deployment.name(), deployment.creationTimestamp(), deployment.createdBy(), Kind.CREATED, null,
                deployment.stable().version(), null);
    }

    private static DeploymentEvent event(Deployment deployment, Kind kind) {
        return DeploymentEvent.of(deployment.name(), deployment.lastUpdatedTimestamp(), "bob", kind, deployment.stable().version(), null,
                null);
    }

    private long now() {
        return clock.incrementAndGet();
    }

    /** Runs the calls at once; each one's result, or the error code it was refused with. */
    private static List<Object> race(List<Callable<Object>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CyclicBarrier start = new CyclicBarrier(calls.size());
            List<Future<Object>> results = new ArrayList<>();
            for (Callable<Object> call : calls) {
                results.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> result : results) {
                try {
                    outcomes.add(result.get());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof SlipwayException refused)) {
                        throw new AssertionError("unexpected failure", e.getCause());
                    }
                    outcomes.add(refused.errorCode());
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
