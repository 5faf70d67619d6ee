package io.slipway.ml.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A job's requests to the platform that need not hold it up (metric batches during training, artifact
 * uploads during the evaluation), on a few daemon threads. {@link #await} waits for all of them and
 * rethrows the first failure, so nothing a job reports as done is still in flight.
 */
final class Background implements AutoCloseable {
    static final int THREADS = 3;

    private final ExecutorService executor = Executors.newFixedThreadPool(THREADS, runnable -> {
        Thread thread = new Thread(runnable, "slipway-job-io");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Future<?>> submitted = new ArrayList<>();

    synchronized void submit(Runnable task) {
        submitted.add(executor.submit(task));
    }

    /** Waits for everything submitted so far; the first failure is thrown (the others are added to it). */
    void await() {
        List<Future<?>> futures;
        synchronized (this) {
            futures = List.copyOf(submitted);
            submitted.clear();
        }
        RuntimeException failure = null;
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the job's requests", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops the threads; what is still queued is dropped (a job closes after {@link #await}, or after failing). */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
