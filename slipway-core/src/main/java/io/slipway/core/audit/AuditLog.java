package io.slipway.core.audit;

import static java.util.Objects.requireNonNull;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: appends records to the hash chain and verifies it. Appends are group-committed:
 * callers block until their record is durable, while one writer thread chains whatever records
 * are waiting in one transaction, so concurrent requests share the cost of a commit and of the
 * head lock instead of queueing for it one by one.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_BATCH = 512;
    private static final int VERIFY_PAGE = 10_000;
    private static final long APPEND_TIMEOUT_SECONDS = 60;

    private final AuditStore store;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(16_384);
    private final Thread writer;
    private volatile boolean closed;

    public AuditLog(AuditStore store) {
        this.store = requireNonNull(store, "store is null");
        this.writer = new Thread(this::writeLoop, "audit-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Appends one record and returns once it is committed; fails if it could not be stored. */
    public void record(AuditRecord record) {
        requireNonNull(record, "record is null");
        if (closed) {
            throw new SlipwayException(ErrorCode.TEMPORARILY_UNAVAILABLE, "The audit log is closed.");
        }
        Pending pending = new Pending(record, new CompletableFuture<>());
        try {
            queue.put(pending);
            pending.done().get(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlipwayException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Interrupted while writing the audit log.", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new SlipwayException(ErrorCode.INTERNAL_ERROR, "Writing the audit log failed.", e.getCause());
        } catch (TimeoutException e) {
            throw new SlipwayException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Writing the audit log timed out.", e);
        }
    }

    public List<AuditEvent> query(AuditQuery query) {
        return store.query(requireNonNull(query, "query is null"));
    }

    /**
     * Re-walks the whole chain: every sequence number present, every link to the previous hash,
     * every hash recomputed from the event's fields, and the head pointing at the last event.
     * Stops at the first broken event.
     */
    public AuditVerification verify() {
        long expectedSeq = 1;
        String expectedPrev = AuditChain.GENESIS;
        long checked = 0;
        while (true) {
            List<AuditEvent> page = store.scan(expectedSeq - 1, VERIFY_PAGE);
            for (AuditEvent event : page) {
                checked++;
                if (event.seq() != expectedSeq) {
                    return AuditVerification.broken(checked, expectedSeq - 1, expectedSeq,
                            "event " + expectedSeq + " is missing: the next event is " + event.seq());
                }
                if (!event.prevHash().equals(expectedPrev)) {
                    return AuditVerification.broken(checked, event.seq(), event.seq(),
                            "event " + event.seq() + " does not link to the hash of event " + (event.seq() - 1));
                }
                if (!AuditChain.hash(event.prevHash(), event.seq(), event.record()).equals(event.hash())) {
                    return AuditVerification.broken(checked, event.seq(), event.seq(),
                            "event " + event.seq() + " was altered: its fields do not match its hash");
                }
                expectedPrev = event.hash();
                expectedSeq++;
            }
            if (page.size() < VERIFY_PAGE) {
                break;
            }
        }
        long lastSeq = expectedSeq - 1;
        AuditEvent.Head head = store.head();
        if (head.seq() != lastSeq || !head.hash().equals(expectedPrev)) {
            return AuditVerification.broken(checked, lastSeq, Math.min(head.seq(), lastSeq + 1),
                    "the chain ends at event " + lastSeq + " but its head records event " + head.seq()
                            + (head.seq() > lastSeq ? ": events were removed from the end" : " with another hash"));
        }
        return new AuditVerification(true, checked, lastSeq, null, null);
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                List<AuditRecord> records = new ArrayList<>(batch.size());
                batch.forEach(p -> records.add(p.record()));
                try {
                    store.append(records);
                    batch.forEach(p -> p.done().complete(null));
                } catch (RuntimeException e) {
                    LOG.error("Appending {} audit events failed", records.size(), e);
                    batch.forEach(p -> p.done().completeExceptionally(e));
                }
                batch.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Pending(AuditRecord record, CompletableFuture<Void> done) {}
}
