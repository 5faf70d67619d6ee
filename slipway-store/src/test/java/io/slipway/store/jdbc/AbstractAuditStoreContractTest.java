package io.slipway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.audit.AuditChain;
import io.slipway.core.audit.AuditEvent;
import io.slipway.core.audit.AuditLog;
import io.slipway.core.audit.AuditQuery;
import io.slipway.core.audit.AuditRecord;
import io.slipway.core.audit.AuditStore;
import io.slipway.core.audit.AuditVerification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit chain every metadata backend must keep, written once and run against each (SQLite,
 * PostgreSQL): appends extend one gap-free chain, also from two servers at once, and
 * {@link AuditLog#verify()} finds any event changed or removed behind the store's back.
 */
public abstract class AbstractAuditStoreContractTest {
    protected static final String ROOT = "mlflow-artifacts:/";
    private static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private Database database;
    private Database secondServer;
    private AuditStore store;

    /** A database with an up-to-date, empty schema. */
    protected abstract Database openDatabase();

    /** Another connection to the database {@link #openDatabase} made, as a second server on it has. */
    protected abstract Database connectAgain();

    protected void closeDatabase(Database database) {
        database.close();
    }

    @BeforeEach
    void setUp() {
        database = openDatabase();
        store = new JdbcAuditStore(database);
    }

    @AfterEach
    void tearDown() {
        if (secondServer != null) {
            secondServer.close();
        }
        closeDatabase(database);
    }

    // ---- appending ----

    @Test
    void chainsAppendedRecordsFromSequenceNumberOne() {
        List<AuditEvent> events = store.append(List.of(record(1, "ann"), record(2, "bob"), record(3, "cat")));
        assertThat(events).extracting(AuditEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(events.get(0).prevHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(events.get(1).prevHash()).isEqualTo(events.get(0).hash());
        assertThat(events.get(2).prevHash()).isEqualTo(events.get(1).hash());
        for (AuditEvent event : events) {
            assertThat(event.hash()).isEqualTo(AuditChain.hash(event.prevHash(), event.seq(), event.record()));
        }
        assertThat(store.head()).isEqualTo(new AuditEvent.Head(3, events.get(2).hash()));
    }

    @Test
    void aSecondAppendContinuesTheChain() {
        AuditEvent first = store.append(List.of(record(1, "ann"))).get(0);
        AuditEvent second = store.append(List.of(record(2, "bob"))).get(0);
        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.prevHash()).isEqualTo(first.hash());
    }

    @Test
    void storesEveryFieldOfAnEvent() {
        AuditRecord full = new AuditRecord(START, "ann", "10.0.0.7", "POST registered-models/alias", "registered_model:fraud/3",
                "req-1", 200, AuditChain.sha256("{\"alias\": \"champion\"}"));
        AuditRecord sparse = new AuditRecord(START + 1, "anonymous", null, "DELETE runs/delete", null, null, 404, null);
        List<AuditEvent> appended = store.append(List.of(full, sparse));
        assertThat(store.scan(0, 10)).containsExactlyElementsOf(appended);
        assertThat(store.scan(0, 10).get(1).record()).isEqualTo(sparse);
    }

    @Test
    void anEmptyAppendWritesNothing() {
        assertThat(store.append(List.of())).isEmpty();
        assertThat(store.head()).isEqualTo(AuditEvent.Head.EMPTY);
        assertThat(store.scan(0, 10)).isEmpty();
    }

    @Test
    void concurrentAppendsFromTwoServersFormOneGapFreeChain() throws Exception {
        secondServer = connectAgain();
        List<AuditStore> servers = List.of(store, new JdbcAuditStore(secondServer));
        int threads = 8;
        int batchesPerThread = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<List<String>>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<String> mine = new ArrayList<>();
                    for (int b = 0; b < batchesPerThread; b++) {
                        List<AuditRecord> batch = new ArrayList<>();
                        for (int i = 0; i <= (thread + b) % 4; i++) {
                            String requestId = thread + "/" + b + "/" + i;
                            batch.add(new AuditRecord(START, "user" + thread, "", "POST runs/log-batch", "run:" + thread, requestId, 200, ""));
                            mine.add(requestId);
                        }
                        List<AuditEvent> chained = servers.get(thread % 2).append(batch);
                        // a batch is chained in one piece, in its order
                        assertThat(chained.get(chained.size() - 1).seq() - chained.get(0).seq()).isEqualTo(batch.size() - 1);
                    }
                    return mine;
                }));
            }
            List<String> appended = new ArrayList<>();
            for (Future<List<String>> future : futures) {
                appended.addAll(future.get());
            }
            List<AuditEvent> chain = store.scan(0, appended.size() + 1);
            assertThat(chain).extracting(AuditEvent::seq)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, appended.size()).mapToObj(Long::valueOf).toList());
            assertThat(chain).extracting(e -> e.record().requestId()).containsExactlyInAnyOrderElementsOf(appended);
            assertThat(verify()).isEqualTo(new AuditVerification(true, appended.size(), appended.size(), null, null));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void recordsFromManyThreadsThroughTheAuditLogAllReachTheChain() throws Exception {
        int threads = 16;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (AuditLog log = new AuditLog(store)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        log.record(record(START + i, "user" + thread));
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            AuditVerification verification = log.verify();
            assertThat(verification.intact()).isTrue();
            assertThat(verification.lastSeq()).isEqualTo(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- verification ----

    @Test
    void anEmptyChainIsIntact() {
        assertThat(verify()).isEqualTo(new AuditVerification(true, 0, 0, null, null));
    }

    @Test
    void anAlteredEventBreaksTheChainAtThatEvent() {
        appendFive();
        sql("UPDATE audit_events SET actor = 'mallory' WHERE seq = 3");
        assertBrokenAt(3, "event 3 was altered");
    }

    @Test
    void anAlteredEventWhoseHashWasRecomputedBreaksTheLinkOfTheNext() {
        appendFive();
        AuditEvent third = store.scan(2, 1).get(0);
        AuditRecord r = third.record();
        AuditRecord forged = new AuditRecord(r.timestamp(), "mallory", r.sourceIp(), r.action(), r.target(), r.requestId(), r.status(),
                r.digest());
        sql("UPDATE audit_events SET actor = 'mallory', hash = '" + AuditChain.hash(third.prevHash(), 3, forged) + "' WHERE seq = 3");
        assertBrokenAt(4, "event 4 does not link to the hash of event 3");
    }

    @Test
    void aDeletedEventInTheMiddleIsReportedMissing() {
        appendFive();
        sql("DELETE FROM audit_events WHERE seq = 3");
        assertBrokenAt(3, "event 3 is missing");
    }

    @Test
    void aDeletedLastEventIsCaughtByTheHead() {
        appendFive();
        sql("DELETE FROM audit_events WHERE seq = 5");
        assertBrokenAt(5, "events were removed from the end");
    }

    // ---- queries ----

    @Test
    void filtersByActor() {
        store.append(List.of(record(1, "ann"), record(2, "bob"), record(3, "ann")));
        assertThat(seqs(query("ann", null, null, null, null))).containsExactly(1L, 3L);
        assertThat(seqs(query("an", null, null, null, null))).isEmpty();
    }

    @Test
    void filtersByTargetPrefixTakenLiterally() {
        store.append(List.of(event("registered_model:fraud/1"), event("registered_model:fraud/2"), event("registered_model:fraudster/1"),
                event("experiment:1"), event("run:a_b"), event("run:axb"), event("run:a%b")));
        assertThat(seqs(query(null, "registered_model:fraud/", null, null, null))).containsExactly(1L, 2L);
        assertThat(seqs(query(null, "registered_model:fraud", null, null, null))).containsExactly(1L, 2L, 3L);
        assertThat(seqs(query(null, "run:a_", null, null, null))).containsExactly(5L);
        assertThat(seqs(query(null, "run:a%", null, null, null))).containsExactly(7L);
        assertThat(seqs(query(null, "Experiment", null, null, null))).isEmpty();
    }

    @Test
    void filtersByAction() {
        store.append(List.of(new AuditRecord(START, "ann", "", "POST runs/create", "", "", 200, ""),
                new AuditRecord(START, "ann", "", "POST runs/delete", "", "", 200, "")));
        assertThat(seqs(query(null, null, "POST runs/delete", null, null))).containsExactly(2L);
    }

    @Test
    void filtersByATimeRangeIncludingItsStartAndExcludingItsEnd() {
        store.append(List.of(record(START + 10, "ann"), record(START + 20, "ann"), record(START + 30, "ann"), record(START + 40, "ann")));
        assertThat(seqs(query(null, null, null, START + 20, START + 40))).containsExactly(2L, 3L);
        assertThat(seqs(query(null, null, null, START + 21, null))).containsExactly(3L, 4L);
        assertThat(seqs(query(null, null, null, null, START + 20))).containsExactly(1L);
    }

    @Test
    void pagesAfterASequenceNumber() {
        store.append(IntStream.rangeClosed(1, 7).mapToObj(i -> record(START + i, i % 2 == 0 ? "ann" : "bob")).toList());
        assertThat(seqs(store.query(new AuditQuery(null, null, null, null, null, 0, 3)))).containsExactly(1L, 2L, 3L);
        assertThat(seqs(store.query(new AuditQuery(null, null, null, null, null, 3, 3)))).containsExactly(4L, 5L, 6L);
        assertThat(seqs(store.query(new AuditQuery(null, null, null, null, null, 6, 3)))).containsExactly(7L);
        assertThat(seqs(store.query(new AuditQuery("ann", null, null, null, null, 2, 2)))).containsExactly(4L, 6L);
    }

    @Test
    void scansAfterASequenceNumberUpToALimit() {
        appendFive();
        assertThat(seqs(store.scan(1, 2))).containsExactly(2L, 3L);
        assertThat(seqs(store.scan(5, 2))).isEmpty();
    }

    // ---- helpers ----

    private void appendFive() {
        store.append(IntStream.rangeClosed(1, 5).mapToObj(i -> record(START + i, "user" + i)).toList());
    }

    private AuditVerification verify() {
        try (AuditLog log = new AuditLog(store)) {
            return log.verify();
        }
    }

    private void assertBrokenAt(long seq, String problem) {
        AuditVerification verification = verify();
        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBrokenSeq()).isEqualTo(seq);
        assertThat(verification.problem()).contains(problem);
    }

    /** Changes the table behind the store's back, as someone with database access could. */
    private void sql(String statement) {
        database.writer().useHandle(h -> h.execute(statement));
    }

    private List<AuditEvent> query(String actor, String targetPrefix, String action, Long from, Long to) {
        return store.query(new AuditQuery(actor, targetPrefix, action, from, to, 0, 100));
    }

    private static List<Long> seqs(List<AuditEvent> events) {
        return events.stream().map(AuditEvent::seq).toList();
    }

    private static AuditRecord record(long timestamp, String actor) {
        return new AuditRecord(timestamp, actor, "127.0.0.1", "POST runs/create", "experiment:0", "", 200, "");
    }

    private static AuditRecord event(String target) {
        return new AuditRecord(START, "ann", "", "POST x", target, "", 200, "");
    }
}
