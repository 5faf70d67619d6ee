package io.slipway.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every metric against scikit-learn's answers in {@code eval/vectors.json}, written by
 * {@code eval/make_vectors.py}. Values agree within 1e-12, relative to the value when it exceeds 1
 * (a MAPE over a zero target is about 1e14); curves agree in length exactly.
 */
class KnownVectorsTest {
    private static final double TOLERANCE = 1e-12;
    private static final JsonNode VECTORS = load();

    static Stream<Named<JsonNode>> binaryCases() {
        return stream(VECTORS.get("binary"));
    }

    static Stream<Named<JsonNode>> multiclassCases() {
        return stream(VECTORS.get("multiclass"));
    }

    static Stream<Named<JsonNode>> regressionCases() {
        return stream(VECTORS.get("regression"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryCases")
    void binaryMetricsMatchSklearn(JsonNode c) {
        BinaryMetrics m = BinaryMetrics.of(ints(c.get("labels")), doubles(c.get("scores")), c.get("threshold").asDouble());

        assertClose("roc_auc", m.rocAuc(), c.get("roc_auc"));
        assertClose("average_precision", m.prAuc(), c.get("average_precision"));
        assertClose("log_loss", m.logLoss(), c.get("log_loss"));
        assertClose("accuracy", m.accuracy(), c.get("accuracy"));
        assertClose("precision", m.precision(), c.get("precision"));
        assertClose("recall", m.recall(), c.get("recall"));
        assertClose("f1", m.f1(), c.get("f1"));
        assertClose("ece", m.expectedCalibrationError(), c.get("ece"));
        JsonNode confusion = c.get("confusion");
        assertThat(m.confusion()).isEqualTo(new ConfusionMatrix(confusion.get("tn").asLong(), confusion.get("fp").asLong(),
                confusion.get("fn").asLong(), confusion.get("tp").asLong()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryCases")
    void binaryCurvesMatchSklearn(JsonNode c) {
        boolean[] labels = Inputs.binaryLabels("labels", ints(c.get("labels")));
        double[] scores = doubles(c.get("scores"));

        RocCurve roc = BinaryCurves.roc(labels, scores);
        JsonNode expectedRoc = c.get("roc_curve");
        assertCurve("fpr", roc.falsePositiveRate(), expectedRoc.get("fpr"));
        assertCurve("tpr", roc.truePositiveRate(), expectedRoc.get("tpr"));
        assertCurve("roc thresholds", roc.thresholds(), expectedRoc.get("thresholds"));

        PrecisionRecallCurve pr = BinaryCurves.precisionRecall(labels, scores);
        JsonNode expectedPr = c.get("pr_curve");
        assertCurve("precision", pr.precision(), expectedPr.get("precision"));
        assertCurve("recall", pr.recall(), expectedPr.get("recall"));
        assertCurve("pr thresholds", pr.thresholds(), expectedPr.get("thresholds"));

        CalibrationCurve calibration = BinaryCurves.calibration(labels, scores, BinaryCurves.CALIBRATION_BINS);
        JsonNode expectedCalibration = c.get("calibration_curve");
        assertCurve("prob_true", calibration.fractionPositive(), expectedCalibration.get("prob_true"));
        assertCurve("prob_pred", calibration.meanPredicted(), expectedCalibration.get("prob_pred"));
        assertThat(calibration.counts()).containsExactly(longs(expectedCalibration.get("counts")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("multiclassCases")
    void multiclassMetricsMatchSklearn(JsonNode c) {
        JsonNode rows = c.get("probabilities");
        double[][] probabilities = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            probabilities[i] = doubles(rows.get(i));
        }
        MulticlassMetrics m = MulticlassMetrics.of(ints(c.get("labels")), probabilities);

        assertClose("accuracy", m.accuracy(), c.get("accuracy"));
        assertClose("log_loss", m.logLoss(), c.get("log_loss"));
        assertClose("macro_precision", m.macroPrecision(), c.get("macro_precision"));
        assertClose("macro_recall", m.macroRecall(), c.get("macro_recall"));
        assertClose("macro_f1", m.macroF1(), c.get("macro_f1"));
        assertClose("roc_auc_ovr_macro", m.rocAucOvrMacro(), c.get("roc_auc_ovr_macro"));
        JsonNode confusion = c.get("confusion");
        for (int t = 0; t < confusion.size(); t++) {
            assertThat(m.confusion()[t]).as("confusion row %d", t).containsExactly(longs(confusion.get(t)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regressionCases")
    void regressionMetricsMatchSklearn(JsonNode c) {
        RegressionMetrics m = RegressionMetrics.of(doubles(c.get("y_true")), doubles(c.get("y_pred")));

        assertClose("rmse", m.rmse(), c.get("rmse"));
        assertClose("mae", m.mae(), c.get("mae"));
        assertClose("r2", m.r2(), c.get("r2"));
        assertClose("mape", m.mape(), c.get("mape"));
    }

    private static void assertClose(String metric, double actual, JsonNode expected) {
        double e = expected.asDouble();
        assertThat(actual).as(metric).isCloseTo(e, Offset.offset(TOLERANCE * Math.max(1, Math.abs(e))));
    }

    private static void assertCurve(String name, double[] actual, JsonNode expected) {
        assertThat(actual).as(name + " length").hasSize(expected.size());
        for (int i = 0; i < actual.length; i++) {
            assertClose(name + "[" + i + "]", actual[i], expected.get(i));
        }
    }

    private static JsonNode load() {
        try (InputStream in = KnownVectorsTest.class.getResourceAsStream("/eval/vectors.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read eval/vectors.json", e);
        }
    }

    private static Stream<Named<JsonNode>> stream(JsonNode array) {
        List<JsonNode> cases = new ArrayList<>();
        array.forEach(cases::add);
        return cases.stream().map(c -> Named.of(c.get("name").asText(), c));
    }

    private static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }

    private static long[] longs(JsonNode array) {
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asLong();
        }
        return values;
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }
}
