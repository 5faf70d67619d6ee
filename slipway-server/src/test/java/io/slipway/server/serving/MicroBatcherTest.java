package io.slipway.server.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.InputColumn;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Predictor;
import io.slipway.ml.predict.Task;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final List<Integer> batches = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void anIdleModelPredictsOnTheCallersThreadAtOnce() {
        Echo echo = new Echo();
        try (MicroBatcher batcher = new MicroBatcher(echo, "t", settings(2, 8), batches::add)) {
            Predictions predictions = batcher.predict(frame(3, 4));
            assertThat(predictions.values()).containsExactly(3, 4);
            assertThat(batches).containsExactly(2);
            assertThat(echo.threads).containsExactly(Thread.currentThread().getName());
        }
    }

    @Test
    void requestsThatFindTheModelBusyWaitInOneBatchAndEachGetsItsOwnRows() throws Exception {
        Echo echo = new Echo();
        echo.gate = new CountDownLatch(1);
        try (MicroBatcher batcher = new MicroBatcher(echo, "t", settings(1, 8), batches::add)) {
            Future<Predictions> first = callers.submit(() -> batcher.predict(frame(1)));
            echo.entered.await(5, TimeUnit.SECONDS);
            Future<Predictions> second = callers.submit(() -> batcher.predict(frame(2, 3)));
            Future<Predictions> third = callers.submit(() -> batcher.predict(frame(4)));
            waitUntil(() -> batcher.queued() == 2);
            echo.gate.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS).values()).containsExactly(1);
            assertThat(second.get(5, TimeUnit.SECONDS).values()).containsExactly(2, 3);
            assertThat(third.get(5, TimeUnit.SECONDS).values()).containsExactly(4);
            assertThat(batches).containsExactly(1, 3);
            assertThat(batcher.queued()).isZero();
        }
    }

    @Test
    void aFullQueueRefusesWith503InsteadOfHoldingMoreAndTheAcceptedOnesAreAnswered() throws Exception {
        Echo echo = new Echo();
        echo.gate = new CountDownLatch(1);
        try (MicroBatcher batcher = new MicroBatcher(echo, "t", settings(1, 2), batches::add)) {
            Future<Predictions> first = callers.submit(() -> batcher.predict(frame(1)));
            echo.entered.await(5, TimeUnit.SECONDS);
            List<Future<Predictions>> accepted = new java.util.ArrayList<>();
            SlipwayException refused = null;
            for (int i = 0; i < 10 && refused == null; i++) {
                int expected = accepted.size() + 1;
                double value = 10 + i;
                Future<Predictions> next = callers.submit(() -> batcher.predict(frame(value)));
                try {
                    waitUntil(() -> batcher.queued() == expected || next.isDone());
                    if (next.isDone()) {
                        next.get();
                    }
                    accepted.add(next);
                } catch (java.util.concurrent.ExecutionException e) {
                    refused = (SlipwayException) e.getCause();
                }
            }
            assertThat(refused).isNotNull();
            assertThat(refused.errorCode()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE);
            assertThat(refused).hasMessageContaining("busy");
            // the queue holds 2, and the one worker may hold one more while it waits for the slot
            assertThat(accepted).hasSizeBetween(2, 3);
            echo.gate.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS).values()).containsExactly(1);
            for (int i = 0; i < accepted.size(); i++) {
                assertThat(accepted.get(i).get(5, TimeUnit.SECONDS).values()).containsExactly(10 + i);
            }
        }
    }

    @Test
    void aBatchTheModelRefusesIsAnsweredRequestByRequestSoOnlyTheBadOneFails() throws Exception {
        Echo echo = new Echo();
        echo.gate = new CountDownLatch(1);
        try (MicroBatcher batcher = new MicroBatcher(echo, "t", settings(1, 4), batches::add)) {
            Future<Predictions> blocker = callers.submit(() -> batcher.predict(frame(1)));
            echo.entered.await(5, TimeUnit.SECONDS);
            Future<Predictions> good = callers.submit(() -> batcher.predict(frame(7)));
            Future<Predictions> bad = callers.submit(() -> batcher.predict(frame(-1)));
            waitUntil(() -> batcher.queued() == 2);
            echo.gate.countDown();

            assertThat(blocker.get(5, TimeUnit.SECONDS).values()).containsExactly(1);
            assertThat(good.get(5, TimeUnit.SECONDS).values()).containsExactly(7);
            assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(SlipwayException.class)
                    .hasMessageContaining("negative");
        }
    }

    @Test
    void closingRefusesWhatIsStillQueued() throws Exception {
        Echo echo = new Echo();
        echo.gate = new CountDownLatch(1);
        MicroBatcher batcher = new MicroBatcher(echo, "t", settings(1, 4), batches::add);
        Future<Predictions> blocker = callers.submit(() -> batcher.predict(frame(1)));
        echo.entered.await(5, TimeUnit.SECONDS);
        Future<Predictions> queued = callers.submit(() -> batcher.predict(frame(2)));
        Future<Predictions> queuedToo = callers.submit(() -> batcher.predict(frame(3)));
        waitUntil(() -> batcher.queued() == 2);
        batcher.close();
        assertThatThrownBy(() -> queuedToo.get(5, TimeUnit.SECONDS)).hasMessageContaining("unloaded");
        assertThatThrownBy(() -> queued.get(5, TimeUnit.SECONDS)).hasMessageContaining("unloaded");
        echo.gate.countDown();
        assertThat(blocker.get(5, TimeUnit.SECONDS).values()).containsExactly(1);
    }

    private static ServingSettings settings(int workers, int queue) {
        return new ServingSettings(64, Duration.ZERO, queue, workers, Duration.ofSeconds(1), 8);
    }

    private static Frame frame(double... values) {
        return Frame.of(Map.of("x", new Column.Numbers(values)));
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(2);
        }
    }

    /** A regression "model" answering its input, blocking on a gate when one is set; refuses negative inputs. */
    private static final class Echo implements Predictor {
        volatile CountDownLatch gate;
        final CountDownLatch entered = new CountDownLatch(1);
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public String flavor() {
            return "test";
        }

        @Override
        public Task task() {
            return Task.REGRESSION;
        }

        @Override
        public List<String> classes() {
            return List.of();
        }

        @Override
        public List<InputColumn> inputs() {
            return List.of(new InputColumn("x", "double", true));
        }

        @Override
        public Predictions predict(Frame frame) {
            threads.add(Thread.currentThread().getName());
            entered.countDown();
            CountDownLatch wait = gate;
            if (wait != null) {
                try {
                    wait.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            double[] values = ((Column.Numbers) frame.require("x")).values().clone();
            for (double value : values) {
                if (value < 0) {
                    throw SlipwayException.invalidParameter("Invalid value %s of column 'x': negative.", value);
                }
            }
            return new Predictions(Task.REGRESSION, List.of(), values, null);
        }
    }
}
