package io.slipway.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricTest {
    private static Metric point(long step, long timestamp, double value) {
        return new Metric("loss", value, timestamp, step);
    }

    @Test
    void higherStepIsLaterWhateverItsTimestampAndValue() {
        assertThat(point(2, 100, 0.1).isLaterThan(point(1, 999, 9.9))).isTrue();
        assertThat(point(1, 999, 9.9).isLaterThan(point(2, 100, 0.1))).isFalse();
    }

    @Test
    void onSameStepLaterTimestampIsLater() {
        assertThat(point(1, 200, 0.1).isLaterThan(point(1, 100, 9.9))).isTrue();
        assertThat(point(1, 100, 9.9).isLaterThan(point(1, 200, 0.1))).isFalse();
    }

    @Test
    void onSameStepAndTimestampGreaterValueIsLater() {
        assertThat(point(1, 100, 0.9).isLaterThan(point(1, 100, 0.1))).isTrue();
        assertThat(point(1, 100, 0.1).isLaterThan(point(1, 100, 0.9))).isFalse();
    }

    @Test
    void identicalPointIsNotLater() {
        assertThat(point(1, 100, 0.5).isLaterThan(point(1, 100, 0.5))).isFalse();
    }

    @Test
    void negativeStepsCompareNumerically() {
        assertThat(point(-1, 100, 0).isLaterThan(point(-2, 100, 0))).isTrue();
    }
}
