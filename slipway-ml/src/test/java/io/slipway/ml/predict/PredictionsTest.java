package io.slipway.ml.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionsTest {
    @Test
    void binaryLabelsAreTheClassAtHalfOrAbove() {
        Predictions p = new Predictions(Task.BINARY, List.of("legit", "fraud"), new double[] {0.2, 0.5},
                new double[] {0.8, 0.2, 0.5, 0.5});

        assertThat(p.label(0)).isEqualTo("legit");
        assertThat(p.label(1)).isEqualTo("fraud");
        assertThat(p.probability(0, 0)).isEqualTo(0.8);
    }

    @Test
    void multiclassValuesAreClassIndexes() {
        Predictions p = new Predictions(Task.MULTICLASS, List.of("a", "b", "c"), new double[] {2}, new double[] {0.1, 0.2, 0.7});

        assertThat(p.label(0)).isEqualTo("c");
        assertThat(p.probability(0, 2)).isEqualTo(0.7);
    }

    @Test
    void shapesAreChecked() {
        assertThatThrownBy(() -> new Predictions(Task.BINARY, List.of("a", "b"), new double[] {0.1}, new double[] {0.9}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Predictions(Task.REGRESSION, List.of("a"), new double[] {1}, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Predictions(Task.REGRESSION, List.of(), new double[] {1.5}, null).label(0)).isNull();
    }
}
