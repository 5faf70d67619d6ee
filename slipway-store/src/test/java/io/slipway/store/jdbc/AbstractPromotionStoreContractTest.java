package io.slipway.store.jdbc;

import static io.slipway.store.jdbc.AbstractTrackingStoreContractTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.governance.CheckResult;
import io.slipway.core.governance.PromotionCheck;
import io.slipway.core.governance.PromotionDecision;
import io.slipway.core.governance.PromotionRequest;
import io.slipway.core.governance.PromotionService;
import io.slipway.core.governance.PromotionStatus;
import io.slipway.core.governance.PromotionStore;
import io.slipway.core.governance.Verdict;
import io.slipway.core.registry.AliasEvent;
import io.slipway.core.registry.ModelDescriptors;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.RegistryService;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.TrackingService;
import io.slipway.store.testing.TickingClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
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
 * Promotion requests and their decisions as every metadata backend must keep them, written once
 * and run against each (SQLite, PostgreSQL). Most tests drive {@link PromotionStore} directly,
 * because the service checks what it can before it calls the store, and the store must hold the
 * same rules against requests decided elsewhere in the meantime.
 */
public abstract class AbstractPromotionStoreContractTest {
    protected static final String ROOT = "mlflow-artifacts:/";
    private static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final PromotionCheck AUC = PromotionCheck.metricThreshold("val_auc", ">=", 0.9);
    private static final PromotionCheck NO_REGRESSION = PromotionCheck.noRegression("val_auc", true, 0.01);
    private static final PromotionCheck VALIDATED = PromotionCheck.versionTag("validation_status", "passed");

    private Database database;
    private TrackingService tracking;
    private RegistryService registry;
    private PromotionStore store;
    private final AtomicLong clock = new AtomicLong(START);

    /** A database with an up-to-date, empty schema. */
    protected abstract Database openDatabase();

    protected void closeDatabase(Database database) {
        database.close();
    }

    @BeforeEach
    void setUp() {
        database = openDatabase();
        TickingClock ticking = new TickingClock(START);
        tracking = new TrackingService(new JdbcTrackingStore(database), ROOT, ticking);
        registry = new RegistryService(new JdbcRegistryStore(database), tracking, ModelDescriptors.NONE, Set.of(), ticking);
        store = new JdbcPromotionStore(database);
        registry.createRegisteredModel("fraud", null, List.of(), "ann");
        for (int i = 0; i < 3; i++) {
            registry.createModelVersion("fraud", "s3://models/fraud", null, List.of(), null, null, "ann");
        }
    }

    @AfterEach
    void tearDown() {
        closeDatabase(database);
    }

    // ---- requests ----

    @Test
    void storesARequestWithItsChecksAndTheirResults() {
        PromotionRequest request = request("2", 1, List.of(AUC, NO_REGRESSION, VALIDATED));
        assertThat(store.create(request)).isEqualTo(request);
        assertThat(store.get(request.id())).contains(request);
    }

    @Test
    void aRequestForAnUnknownModelIsNotFound() {
        PromotionRequest orphan = new PromotionRequest(newId(), "absent", "1", "champion", "ann", "", PromotionStatus.PENDING, 1,
                List.of(), List.of(), List.of(), "", START, START);
        assertError(() -> store.create(orphan), ErrorCode.RESOURCE_DOES_NOT_EXIST, "absent");
        assertThat(store.get(orphan.id())).isEmpty();
    }

    @Test
    void anUnknownRequestIsNotThere() {
        String id = newId();
        assertThat(store.get(id)).isEmpty();
        assertError(() -> store.decide(id, approval("bob"), PromotionStatus.APPROVED), ErrorCode.RESOURCE_DOES_NOT_EXIST, id);
    }

    @Test
    void listsRequestsNewestFirstFilteredByModelAndStatus() {
        registry.createRegisteredModel("spam", null, List.of(), "ann");
        registry.createModelVersion("spam", "s3://models/spam", null, List.of(), null, null, "ann");
        PromotionRequest first = store.create(request("1", 1, List.of()));
        PromotionRequest second = store.create(request("2", 1, List.of()));
        PromotionRequest spam = store.create(requestOn("spam", "1", 1, List.of()));
        store.decide(first.id(), rejection("bob"), PromotionStatus.REJECTED);

        assertThat(ids(store.list(null, null, 10))).containsExactly(spam.id(), second.id(), first.id());
        assertThat(ids(store.list("fraud", null, 10))).containsExactly(second.id(), first.id());
        assertThat(ids(store.list(null, PromotionStatus.PENDING, 10))).containsExactly(spam.id(), second.id());
        assertThat(ids(store.list("fraud", PromotionStatus.REJECTED, 10))).containsExactly(first.id());
        assertThat(ids(store.list(null, null, 2))).containsExactly(spam.id(), second.id());
        assertThat(store.list("absent", null, 10)).isEmpty();
    }

    @Test
    void listedRequestsCarryTheirChecksAndDecisions() {
        PromotionRequest request = store.create(request("2", 2, List.of(AUC, VALIDATED)));
        PromotionRequest decided = store.decide(request.id(), approval("bob", request), PromotionStatus.PENDING);
        assertThat(store.list("fraud", null, 10)).containsExactly(decided);
    }

    @Test
    void aRequestFollowsItsModelsRenameAndGoesWithItsDeletion() {
        PromotionRequest request = store.create(request("2", 1, List.of()));
        registry.renameRegisteredModel("fraud", "fraud-v2");
        assertThat(store.get(request.id()).orElseThrow().name()).isEqualTo("fraud-v2");
        assertThat(ids(store.list("fraud-v2", null, 10))).containsExactly(request.id());
        registry.deleteRegisteredModel("fraud-v2");
        assertThat(store.get(request.id())).isEmpty();
    }

    // ---- decisions ----

    @Test
    void anApprovalMovesTheAliasAndRecordsTheMoveWithTheRequestId() {
        registry.setAlias("fraud", "champion", "1", "ann");
        PromotionRequest request = store.create(request("2", 1, List.of(AUC)));
        PromotionDecision approval = approval("bob", request);

        PromotionRequest approved = store.decide(request.id(), approval, PromotionStatus.APPROVED);

        assertThat(approved.status()).isEqualTo(PromotionStatus.APPROVED);
        assertThat(approved.decisions()).containsExactly(approval);
        assertThat(approved.checkResults()).isEqualTo(request.checkResults());
        assertThat(approved.lastUpdatedTimestamp()).isEqualTo(approval.timestamp());
        assertThat(registry.getVersionByAlias("fraud", "champion").version()).isEqualTo("2");
        AliasEvent move = last(registry.aliasHistory("fraud"));
        assertThat(move).isEqualTo(new AliasEvent("fraud", "champion", "2", "1", "bob", approval.timestamp(), request.id()));
    }

    @Test
    void anApprovalShortOfTheRequiredCountLeavesTheAliasAlone() {
        PromotionRequest request = store.create(request("2", 2, List.of()));
        PromotionRequest once = store.decide(request.id(), approval("bob"), PromotionStatus.PENDING);
        assertThat(once.status()).isEqualTo(PromotionStatus.PENDING);
        assertThat(registry.findVersionByAlias("fraud", "champion")).isEmpty();

        PromotionRequest twice = store.decide(request.id(), approval("cat"), PromotionStatus.APPROVED);
        assertThat(twice.status()).isEqualTo(PromotionStatus.APPROVED);
        assertThat(twice.decisions()).extracting(PromotionDecision::username).containsExactly("bob", "cat");
        assertThat(registry.getVersionByAlias("fraud", "champion").version()).isEqualTo("2");
        assertThat(last(registry.aliasHistory("fraud")).actor()).isEqualTo("cat");
    }

    @Test
    void anApprovalReachingTheRequiredCountApprovesEvenIfTheCallerCountedFewer() {
        PromotionRequest request = store.create(request("2", 2, List.of()));
        store.decide(request.id(), approval("bob"), PromotionStatus.PENDING);
        // cat's server read the request before bob's approval committed
        PromotionRequest approved = store.decide(request.id(), approval("cat"), PromotionStatus.PENDING);
        assertThat(approved.status()).isEqualTo(PromotionStatus.APPROVED);
        assertThat(registry.getVersionByAlias("fraud", "champion").version()).isEqualTo("2");
    }

    @Test
    void rejectsSecondDecisionBySameUser() {
        PromotionRequest request = store.create(request("2", 2, List.of()));
        store.decide(request.id(), approval("bob"), PromotionStatus.PENDING);
        assertError(() -> store.decide(request.id(), approval("bob"), PromotionStatus.APPROVED), ErrorCode.RESOURCE_CONFLICT, "bob");
        assertError(() -> store.decide(request.id(), rejection("bob"), PromotionStatus.REJECTED), ErrorCode.RESOURCE_CONFLICT, "bob");
        PromotionRequest after = store.get(request.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(PromotionStatus.PENDING);
        assertThat(after.decisions()).hasSize(1);
        assertThat(registry.findVersionByAlias("fraud", "champion")).isEmpty();
    }

    @Test
    void rejectsDecisionsOnARequestThatIsNoLongerPending() {
        for (PromotionStatus settled : List.of(PromotionStatus.APPROVED, PromotionStatus.REJECTED, PromotionStatus.CANCELLED)) {
            PromotionRequest request = store.create(request("3", 1, List.of()));
            Verdict verdict = settled == PromotionStatus.APPROVED ? Verdict.APPROVE
                    : settled == PromotionStatus.REJECTED ? Verdict.REJECT : Verdict.CANCEL;
            store.decide(request.id(), new PromotionDecision("bob", verdict, "", now(), List.of()), settled);
            PromotionRequest before = store.get(request.id()).orElseThrow();

            assertError(() -> store.decide(request.id(), approval("cat"), PromotionStatus.APPROVED), ErrorCode.RESOURCE_CONFLICT,
                    settled.name());
            assertThat(store.get(request.id())).contains(before);
        }
    }

    @Test
    void aRejectionOrCancellationLeavesTheAliasAlone() {
        registry.setAlias("fraud", "champion", "1", "ann");
        PromotionRequest rejected = store.create(request("2", 1, List.of()));
        PromotionRequest cancelled = store.create(request("3", 1, List.of()));
        assertThat(store.decide(rejected.id(), rejection("bob"), PromotionStatus.REJECTED).status()).isEqualTo(PromotionStatus.REJECTED);
        assertThat(store.decide(cancelled.id(), new PromotionDecision("ann", Verdict.CANCEL, "not yet", now(), List.of()),
                PromotionStatus.CANCELLED).status()).isEqualTo(PromotionStatus.CANCELLED);
        assertThat(registry.getVersionByAlias("fraud", "champion").version()).isEqualTo("1");
        assertThat(registry.aliasHistory("fraud")).hasSize(1);
    }

    @Test
    void approvingAVersionDeletedMeanwhileIsNotFoundAndChangesNothing() {
        registry.setAlias("fraud", "champion", "1", "ann");
        PromotionRequest request = store.create(request("2", 1, List.of(AUC)));
        registry.deleteModelVersion("fraud", "2");
        List<AliasEvent> history = registry.aliasHistory("fraud");

        assertError(() -> store.decide(request.id(), approval("bob", request), PromotionStatus.APPROVED),
                ErrorCode.RESOURCE_DOES_NOT_EXIST, "version=2");

        assertThat(store.get(request.id())).contains(request);
        assertThat(registry.getVersionByAlias("fraud", "champion").version()).isEqualTo("1");
        assertThat(registry.aliasHistory("fraud")).isEqualTo(history);
    }

    @Test
    void concurrentApprovalsOfARequestNeedingOneLetExactlyOneThrough() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                PromotionRequest request = store.create(request(round % 2 == 0 ? "2" : "3", 1, List.of()));
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<PromotionRequest>> results = new ArrayList<>();
                for (String approver : List.of("bob", "cat")) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.decide(request.id(), approval(approver), PromotionStatus.APPROVED);
                    }));
                }
                List<Object> outcomes = new ArrayList<>();
                for (Future<PromotionRequest> result : results) {
                    outcomes.add(outcome(result));
                }
                assertThat(outcomes).as("round %d", round).containsExactlyInAnyOrder(PromotionStatus.APPROVED, ErrorCode.RESOURCE_CONFLICT);
                assertThat(store.get(request.id()).orElseThrow().decisions()).hasSize(1);
                assertThat(registry.aliasHistory("fraud")).filteredOn(e -> e.promotionId().equals(request.id())).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- through the service ----

    @Test
    void aPromotionRequestedAndApprovedThroughTheServiceMovesTheAliasOnItsEvidence() {
        PromotionService promotions = new PromotionService(store, registry, tracking, 1, new TickingClock(START));
        Run run = tracking.createRun("0", "ann", null, null, List.of());
        tracking.logMetric(run.info().runId(), new Metric("val_auc", 0.93, START, 0));
        ModelVersion candidate = registry.createModelVersion("fraud", "runs:/" + run.info().runId() + "/model", null, List.of(), null,
                null, "ann");

        PromotionRequest requested = promotions.request("ann", "fraud", candidate.version(), "champion", "better recall", List.of(AUC));
        PromotionRequest approved = promotions.approve("bob", requested.id(), "looks good");

        assertThat(approved.status()).isEqualTo(PromotionStatus.APPROVED);
        assertThat(approved.decisions()).singleElement().satisfies(d -> {
            assertThat(d.verdict()).isEqualTo(Verdict.APPROVE);
            assertThat(d.checkResults()).extracting(CheckResult::check, CheckResult::passed, CheckResult::observed)
                    .containsExactly(tuple(AUC, true, "val_auc = 0.93"));
        });
        assertThat(registry.getVersionByAlias("fraud", "champion").version()).isEqualTo(candidate.version());
        assertThat(promotions.get(requested.id())).isEqualTo(approved);
    }

    // ---- helpers ----

    /** A pending request by ann to point {@code champion} of {@code fraud} at {@code version}, its checks all passed. */
    private PromotionRequest request(String version, int requiredApprovals, List<PromotionCheck> checks) {
        return requestOn("fraud", version, requiredApprovals, checks);
    }

    private PromotionRequest requestOn(String name, String version, int requiredApprovals, List<PromotionCheck> checks) {
        long created = now();
        String previous = registry.findVersionByAlias(name, "champion").map(ModelVersion::version).orElse("");
        return new PromotionRequest(newId(), name, version, "champion", "ann", "please", PromotionStatus.PENDING, requiredApprovals,
                checks, results(checks, created), List.of(), previous, created, created);
    }

    private PromotionDecision approval(String approver) {
        return new PromotionDecision(approver, Verdict.APPROVE, "ok", now(), List.of());
    }

    /** An approval that evaluated the request's checks again, all passing. */
    private PromotionDecision approval(String approver, PromotionRequest request) {
        long at = now();
        return new PromotionDecision(approver, Verdict.APPROVE, "ok", at, results(request.checks(), at));
    }

    private PromotionDecision rejection(String reviewer) {
        return new PromotionDecision(reviewer, Verdict.REJECT, "no", now(), List.of());
    }

    private static List<CheckResult> results(List<PromotionCheck> checks, long at) {
        return checks.stream().map(c -> new CheckResult(c, true, "observed " + c.describe(), at)).toList();
    }

    private long now() {
        return clock.incrementAndGet();
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static List<String> ids(List<PromotionRequest> requests) {
        return requests.stream().map(PromotionRequest::id).toList();
    }

    private static AliasEvent last(List<AliasEvent> events) {
        return events.get(events.size() - 1);
    }

    /** The status a decision left, or the error code it was refused with. */
    private static Object outcome(Future<PromotionRequest> result) throws InterruptedException {
        try {
            return result.get().status();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SlipwayException refused) {
                return refused.errorCode();
            }
            throw new AssertionError("unexpected failure", e.getCause());
        }
    }
}
