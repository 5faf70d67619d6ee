package io.slipway.core.tracking;

import java.io.IOException;

/**
 * Receives a metric's history one point at a time, so that a long history (millions of points)
 * can go from the database to the client without a list of objects in between.
 */
@FunctionalInterface
public interface MetricPointSink {
    void accept(long step, long timestamp, double value) throws IOException;
}
