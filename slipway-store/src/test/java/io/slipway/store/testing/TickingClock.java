package io.slipway.store.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves one millisecond each time it is read, so every write has its own time. */
public final class TickingClock extends Clock {
    private final AtomicLong millis;

    public TickingClock(long start) {
        this.millis = new AtomicLong(start);
    }

    /** Moves the clock {@code millis} ahead at once, as if that much time had passed. */
    public void advance(long millis) {
        this.millis.addAndGet(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public long millis() {
        return millis.incrementAndGet();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
