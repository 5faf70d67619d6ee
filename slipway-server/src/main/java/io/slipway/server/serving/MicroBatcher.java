package io.slipway.server.serving;

import static java.util.Objects.requireNonNull;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Predictor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adaptive micro-batching in front of one predictor. At most {@code workers} predictions run at
 * once. A request that finds a free slot and nobody waiting is predicted on its own thread at
 * once (no hand-off, no added latency); otherwise it joins a bounded queue that the workers
 * drain in batches of up to {@code maxBatchRows} rows (waiting up to {@code maxWaitNanos} for a
 * batch to fill, 0: taking whatever is queued), so batches grow with the load by themselves. A
 * full queue refuses the request with TEMPORARILY_UNAVAILABLE (503 + Retry-After) instead of
 * holding it in memory.
 */
final class MicroBatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MicroBatcher.class);

    private final Predictor predictor;
    private final int maxBatchRows;
    private final long maxWaitNanos;
    private final Semaphore slots;
    private final ArrayBlockingQueue<Pending> queue;
    private final IntConsumer batchRows;
    private final List<Thread> workers = new ArrayList<>();
    /** Requests queued or taken by a worker that waits for a free slot: what {@link #queued} reports. */
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean closed;

    MicroBatcher(Predictor predictor, String name, ServingSettings settings, IntConsumer batchRows) {
        this.predictor = requireNonNull(predictor, "predictor is null");
        this.maxBatchRows = settings.maxBatchRows();
        this.maxWaitNanos = settings.maxBatchWait().toNanos();
        this.slots = new Semaphore(settings.workers());
        this.queue = new ArrayBlockingQueue<>(settings.maxQueuedRequests());
        this.batchRows = requireNonNull(batchRows, "batchRows is null");
        for (int i = 0; i < settings.workers(); i++) {
            Thread worker = new Thread(this::work, "slipway-batch-" + name + "-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
    }

    /** The predictions for {@code frame}'s rows, alone or as part of a batch. */
    Predictions predict(Frame frame) {
        if (queue.isEmpty() && slots.tryAcquire()) {
            try {
                batchRows.accept(frame.rowCount());
                return predictor.predict(frame);
            } finally {
                slots.release();
            }
        }
        Pending pending = new Pending(frame);
        waiting.incrementAndGet();
        if (closed || !queue.offer(pending)) {
            waiting.decrementAndGet();
            throw new SlipwayException(ErrorCode.TEMPORARILY_UNAVAILABLE, "The model is busy: " + queue.size()
                    + " requests are waiting for it, as many as it queues. Retry shortly, or add replicas.");
        }
        try {
            return pending.result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Requests waiting for a worker. */
    int queued() {
        return waiting.get();
    }

    private void work() {
        Pending carried = null;
        List<Pending> batch = new ArrayList<>();
        while (!closed) {
            Pending first = carried;
            carried = null;
            try {
                if (first == null) {
                    first = queue.take();
                }
                slots.acquire();
            } catch (InterruptedException e) {
                if (first != null) {
                    refuse(first);
                }
                break;
            }
            try {
                batch.clear();
                batch.add(first);
                int rows = first.frame.rowCount();
                long deadline = System.nanoTime() + maxWaitNanos;
                while (rows < maxBatchRows) {
                    Pending next = maxWaitNanos == 0 ? queue.poll() : queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    if (rows + next.frame.rowCount() > maxBatchRows
                            || !next.frame.columns().keySet().equals(first.frame.columns().keySet())) {
                        carried = next;
                        break;
                    }
                    batch.add(next);
                    rows += next.frame.rowCount();
                }
                run(batch, rows);
            } catch (InterruptedException e) {
                batch.forEach(this::refuse);
                break;
            } catch (RuntimeException | Error e) {
                LOG.error("A batch worker failed unexpectedly; it goes on", e);
                batch.forEach(pending -> pending.result.completeExceptionally(e));
            } finally {
                slots.release();
            }
        }
        if (carried != null) {
            refuse(carried);
        }
    }

    private void refuse(Pending pending) {
        if (pending.result.completeExceptionally(closedError())) {
            waiting.decrementAndGet();
        }
    }

    private void run(List<Pending> batch, int rows) {
        waiting.addAndGet(-batch.size());
        batchRows.accept(rows);
        if (batch.size() == 1) {
            complete(batch.get(0));
            return;
        }
        List<Frame> frames = new ArrayList<>(batch.size());
        batch.forEach(pending -> frames.add(pending.frame));
        Predictions all;
        try {
            all = predictor.predict(Frame.concat(frames));
        } catch (RuntimeException e) {
            // one request's rows may be what the model refuses: answer each on its own
            batch.forEach(this::complete);
            return;
        }
        int at = 0;
        for (Pending pending : batch) {
            int count = pending.frame.rowCount();
            pending.result.complete(all.slice(at, at + count));
            at += count;
        }
    }

    private void complete(Pending pending) {
        try {
            pending.result.complete(predictor.predict(pending.frame));
        } catch (RuntimeException e) {
            pending.result.completeExceptionally(e);
        }
    }

    /** Stops the workers; requests still queued are refused. The predictor is the caller's to close. */
    @Override
    public void close() {
        closed = true;
        workers.forEach(Thread::interrupt);
        Pending pending;
        while ((pending = queue.poll()) != null) {
            refuse(pending);
        }
    }

    private static SlipwayException closedError() {
        return new SlipwayException(ErrorCode.TEMPORARILY_UNAVAILABLE, "The model version was unloaded while the request waited; retry.");
    }

    private record Pending(Frame frame, CompletableFuture<Predictions> result) {
        Pending(Frame frame) {
            this(frame, new CompletableFuture<>());
        }
    }
}
