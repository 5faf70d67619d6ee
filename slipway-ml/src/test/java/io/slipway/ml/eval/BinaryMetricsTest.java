package io.slipway.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.api.ApiJson;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest {
    private static final boolean[] LABELS = {false, false, true, true};
    private static final double[] SCORES = {0.1, 0.4, 0.35, 0.8};

    @Test
    void tiedScoresCountHalfInTheRocAuc() {
        assertThat(BinaryMetrics.rocAuc(new boolean[] {false, true}, new double[] {0.5, 0.5})).isEqualTo(0.5);
    }

    @Test
    void theSklearnDocExampleGivesItsAnswers() {
        assertThat(BinaryMetrics.rocAuc(LABELS, SCORES)).isEqualTo(0.75);
        assertThat(BinaryMetrics.averagePrecision(LABELS, SCORES)).isCloseTo(0.8333333333333333, Offset.offset(1e-15));
    }

    @Test
    void noPositivePredictionMeansZeroPrecisionAndF1() {
        BinaryMetrics m = BinaryMetrics.of(LABELS, SCORES, 0.9);

        assertThat(m.precision()).isZero();
        assertThat(m.recall()).isZero();
        assertThat(m.f1()).isZero();
        assertThat(m.confusion()).isEqualTo(new ConfusionMatrix(2, 0, 2, 0));
    }

    @Test
    void logLossClipsCertainMistakesToAFiniteValue() {
        double loss = BinaryMetrics.logLoss(new boolean[] {true}, new double[] {0.0});

        assertThat(loss).isEqualTo(-Math.log(BinaryMetrics.LOG_LOSS_EPS));
    }

    @Test
    void aucsNeedBothClasses() {
        boolean[] negatives = {false, false, false};
        double[] scores = {0.1, 0.2, 0.3};

        assertThatThrownBy(() -> BinaryMetrics.rocAuc(negatives, scores))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only one class").hasMessageContaining("all negative");
        assertThatThrownBy(() -> BinaryMetrics.of(negatives, scores, 0.5)).isInstanceOf(IllegalArgumentException.class);
        BinaryMetrics m = BinaryMetrics.allowingOneClass(negatives, scores, 0.5);
        assertThat(m.rocAuc()).isNull();
        assertThat(m.prAuc()).isNull();
        assertThat(m.accuracy()).isEqualTo(1.0);
    }

    @Test
    void rejectsEmptyMismatchedAndNonFiniteInput() {
        assertThatThrownBy(() -> BinaryMetrics.of(new boolean[0], new double[0], 0.5)).hasMessageContaining("labels is empty");
        assertThatThrownBy(() -> BinaryMetrics.of(LABELS, new double[] {0.1}, 0.5))
                .hasMessageContaining("labels has 4 rows but probabilities has 1");
        assertThatThrownBy(() -> BinaryMetrics.rocAuc(LABELS, new double[] {0.1, Double.NaN, 0.2, 0.3}))
                .hasMessageContaining("scores[1] is NaN");
        assertThatThrownBy(() -> BinaryMetrics.of(LABELS, new double[] {0.1, 1.5, 0.2, 0.3}, 0.5))
                .hasMessageContaining("probabilities[1] is 1.5");
        assertThatThrownBy(() -> BinaryMetrics.of(new int[] {0, 2}, new double[] {0.1, 0.2}, 0.5))
                .hasMessageContaining("labels[1] is 2");
        assertThatThrownBy(() -> BinaryMetrics.of(LABELS, SCORES, Double.NaN)).hasMessageContaining("threshold is NaN");
    }

    @Test
    void calibrationBinsIncludeTheirUpperEdge() {
        CalibrationCurve curve = BinaryCurves.calibration(new boolean[] {false, true, true}, new double[] {0.0, 0.1, 0.15}, 10);

        assertThat(curve.counts()).containsExactly(2, 1);
        assertThat(curve.fractionPositive()).containsExactly(0.5, 1.0);
    }

    @Test
    void serializesWithTheApiMapper() throws Exception {
        ObjectMapper mapper = ApiJson.newMapper();
        JsonNode json = mapper.readTree(mapper.writeValueAsString(BinaryMetrics.of(LABELS, SCORES, 0.5)));

        assertThat(json.get("roc_auc").asDouble()).isEqualTo(0.75);
        assertThat(json.get("confusion").get("true_positives").asLong()).isEqualTo(1);
        assertThat(json.has("expected_calibration_error")).isTrue();
    }
}
