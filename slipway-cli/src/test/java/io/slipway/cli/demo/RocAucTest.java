package io.slipway.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RocAucTest {
    @Test
    void perfectRankingIsOne() {
        assertThat(RocAuc.of(new double[] {0.1, 0.2, 0.8, 0.9}, new boolean[] {false, false, true, true})).isEqualTo(1.0);
    }

    @Test
    void reversedRankingIsZero() {
        assertThat(RocAuc.of(new double[] {0.9, 0.8, 0.2, 0.1}, new boolean[] {false, false, true, true})).isEqualTo(0.0);
    }

    @Test
    void tiesCountHalf() {
        assertThat(RocAuc.of(new double[] {0.5, 0.5, 0.5, 0.5}, new boolean[] {true, false, true, false})).isEqualTo(0.5);
    }

    @Test
    void countsCorrectlyOrderedPairs() {
        // pairs (positive, negative): (0.8>0.7) (0.8>0.1) (0.4<0.7) (0.4>0.1) (0.7=0.7 tie) (0.7>0.1) -> 4.5 of 6
        double auc = RocAuc.of(new double[] {0.8, 0.4, 0.7, 0.7, 0.1}, new boolean[] {true, true, true, false, false});

        assertThat(auc).isCloseTo(4.5 / 6, within(1e-12));
    }

    @Test
    void needsBothClasses() {
        assertThatThrownBy(() -> RocAuc.of(new double[] {0.1, 0.2}, new boolean[] {true, true}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both classes");
    }
}
