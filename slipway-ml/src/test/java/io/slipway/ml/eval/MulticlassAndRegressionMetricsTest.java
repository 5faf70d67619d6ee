package io.slipway.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MulticlassAndRegressionMetricsTest {
    @Test
    void oneVsRestAucIsUndefinedWhenAClassIsAbsentButTheOtherMetricsAreNot() {
        double[][] probabilities = {{0.7, 0.2, 0.1}, {0.2, 0.7, 0.1}};

        MulticlassMetrics metrics = MulticlassMetrics.of(new int[] {0, 1}, probabilities);

        assertThat(metrics.rocAucOvrMacro()).isNull();
        assertThat(metrics.accuracy()).isEqualTo(1.0);
        assertThat(metrics.scalars()).containsEntry("roc_auc_ovr_macro", null).containsEntry("accuracy", 1.0);
    }

    @Test
    void multiclassRowsMustBeProbabilities() {
        assertThatThrownBy(() -> MulticlassMetrics.of(new int[] {0, 1}, new double[][] {{0.7, 0.2}, {0.2, 0.7}}))
                .hasMessageContaining("probabilities[0] sum to");
        assertThatThrownBy(() -> MulticlassMetrics.of(new int[] {0, 3}, new double[][] {{0.5, 0.5}, {0.5, 0.5}}))
                .hasMessageContaining("labels[1] is 3");
        assertThatThrownBy(() -> MulticlassMetrics.of(new int[] {0}, new double[][] {{0.5, 0.5}, {0.5, 0.5}}))
                .hasMessageContaining("labels has 1 rows but probabilities has 2");
    }

    @Test
    void constantTargetScoresOneOnlyWhenExact() {
        assertThat(RegressionMetrics.of(new double[] {2, 2}, new double[] {2, 2}).r2()).isEqualTo(1.0);
        assertThat(RegressionMetrics.of(new double[] {2, 2}, new double[] {2, 3}).r2()).isEqualTo(0.0);
    }

    @Test
    void mapeDividesAZeroTargetByEpsilon() {
        RegressionMetrics m = RegressionMetrics.of(new double[] {0.0}, new double[] {1.0});

        assertThat(m.mape()).isEqualTo(1 / RegressionMetrics.MAPE_EPS);
    }

    @Test
    void regressionRejectsNaNAndEmptyInput() {
        assertThatThrownBy(() -> RegressionMetrics.of(new double[] {1, Double.NaN}, new double[] {1, 2}))
                .hasMessageContaining("actual[1] is NaN");
        assertThatThrownBy(() -> RegressionMetrics.of(new double[0], new double[0])).hasMessageContaining("actual is empty");
    }
}
