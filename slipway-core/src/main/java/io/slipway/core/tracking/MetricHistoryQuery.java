package io.slipway.core.tracking;

/**
 * A checked, ready-to-run read of one page of a metric's history. Everything that can be wrong
 * with the request (unknown run, bad page token) has been found when this exists, so a caller
 * can start answering before the first point arrives.
 */
@FunctionalInterface
public interface MetricHistoryQuery {
    /**
     * Sends the page's points to {@code sink}, in order of step, timestamp and value; returns the
     * next page's token, or null. An {@link java.io.IOException} from the sink ends the read and
     * is rethrown as {@link java.io.UncheckedIOException}.
     */
    String streamTo(MetricPointSink sink);
}
