package io.slipway.server.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WindowStatsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final WindowStats stats = new WindowStats(10_000, now::get);

    @Test
    void countsRequestsErrorsAndTheP99WithinTenPercent() {
        for (int i = 0; i < 990; i++) {
            stats.record(1_000_000, false); // 1 ms
        }
        for (int i = 0; i < 10; i++) {
            stats.record(50_000_000, true); // 50 ms
        }
        WindowStats.Snapshot window = stats.snapshot();
        assertThat(window.requests()).isEqualTo(1000);
        assertThat(window.errors()).isEqualTo(10);
        assertThat(window.errorRate()).isEqualTo(0.01);
        assertThat(window.p99Millis()).isBetween(1.0, 1.1);

        stats.record(50_000_000, true);
        assertThat(stats.snapshot().p99Millis()).isBetween(50.0, 55.0);
    }

    @Test
    void forgetsWhatFellOutOfTheWindow() {
        stats.record(2_000_000, true);
        now.addAndGet(5_000_000_000L);
        stats.record(2_000_000, false);
        assertThat(stats.snapshot().requests()).isEqualTo(2);
        now.addAndGet(6_000_000_000L);
        assertThat(stats.snapshot().requests()).isEqualTo(1);
        assertThat(stats.snapshot().errors()).isZero();
        now.addAndGet(10_000_000_000L);
        assertThat(stats.snapshot().requests()).isZero();
        assertThat(stats.snapshot().p99Millis()).isZero();
    }

    @Test
    void binsAreTenPercentWide() {
        assertThat(WindowStats.bin(5_000)).isZero();
        for (long nanos : new long[] {20_000, 1_000_000, 7_300_000, 3_000_000_000L}) {
            double upper = WindowStats.upperMillis(WindowStats.bin(nanos));
            assertThat(upper).isGreaterThanOrEqualTo(nanos / 1e6 * 0.999).isLessThanOrEqualTo(nanos / 1e6 * 1.1001);
        }
    }
}
