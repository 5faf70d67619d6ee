package io.slipway.server.serving;

import java.time.Clock;
import java.time.Duration;
import java.nio.file.Path;

/**
 * The asynchronous prediction log. {@link #offer} never blocks the request path: records go to a
 * bounded queue ({@code capacity} records) and a writer thread turns them into Parquet segments
 * (one per deployment, model version and date, at most {@code segmentRows} rows, or whatever
 * arrived within {@code flushInterval}) handed to the {@link SegmentSink} under
 * {@code predictions/deployment=NAME/date=YYYY-MM-DD/}; feedback goes the same way under
 * {@code feedback/deployment=NAME/date=YYYY-MM-DD/}. When the queue is full a record is dropped
 * and counted, never buffered without bound.
 */
public final class PredictionLog implements AutoCloseable {
    public record Settings(int capacity, int segmentRows, Duration flushInterval) {}

    public PredictionLog(SegmentSink sink, Settings settings, Path workDir, Clock clock) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Queues the record; false (and counted as dropped) when the queue is full. */
    public boolean offer(PredictionRecord record) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Queues ground truth; false (and counted as dropped) when the queue is full. */
    public boolean offerFeedback(FeedbackRecord record) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Prediction rows and feedback records dropped because the queue was full, since start. */
    public long dropped() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Records waiting to be written. */
    public int queued() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Prediction rows written to segments, since start. */
    public long written() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Writes everything queued before the call and returns when it is stored. */
    public void flush() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Flushes and stops the writer. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("skeleton");
    }
}
