package io.slipway.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Predictor;
import io.slipway.ml.predict.Predictors;
import io.slipway.ml.predict.Task;
import io.slipway.ml.train.TrainSpec;
import io.slipway.ml.train.Training;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluation and comparison of real XGBoost models (trained here) on labelled frames. */
class EvaluationTest {
    @TempDir
    Path dir;

    @Test
    void aBinaryEvaluationIsTheMetricsOfTheModelsOwnPredictions() {
        Frame data = frame(600, 1);
        try (Predictor model = train("flag", "binary", 2, "a")) {
            Evaluation evaluation = Evaluation.of(model, data, "flag", 0.4, "test rows");

            Predictions predictions = model.predict(data);
            boolean[] positive = new boolean[data.rowCount()];
            for (int i = 0; i < positive.length; i++) {
                positive[i] = data.require("flag").text(i).equals("1");
            }
            assertThat(evaluation.metrics()).isEqualTo(BinaryMetrics.of(positive, predictions.values(), 0.4).scalars());
            assertThat(evaluation.task()).isEqualTo(Task.BINARY);
            assertThat(evaluation.rows()).isEqualTo(600);
            assertThat(evaluation.threshold()).isEqualTo(0.4);
            long[][] c = evaluation.confusion();
            assertThat(c[0][0] + c[0][1] + c[1][0] + c[1][1]).isEqualTo(600);
            assertThat((double) c[1][1]).isEqualTo(evaluation.metrics().get("true_positives"));
            assertThat(evaluation.plots()).containsOnlyKeys("roc.svg", "precision_recall.svg", "calibration.svg");
            assertThat(evaluation.plots().get("roc.svg")).contains("ROC (test rows)");
        }
    }

    @Test
    void rowsOfOneClassHaveNoAucsButTheOtherMetrics() {
        Frame data = frame(600, 1);
        int[] negatives = java.util.stream.IntStream.range(0, data.rowCount())
                .filter(i -> data.require("flag").text(i).equals("0")).toArray();
        try (Predictor model = train("flag", "binary", 2, "b")) {
            Evaluation evaluation = Evaluation.of(model, data.select(negatives), "flag", 0.5, "negatives");

            assertThat(evaluation.metrics()).containsEntry("roc_auc", null).containsEntry("pr_auc", null);
            assertThat(evaluation.definedMetrics()).doesNotContainKeys("roc_auc", "pr_auc").containsKeys("accuracy", "log_loss");
            assertThat(evaluation.plots()).containsOnlyKeys("calibration.svg");
        }
    }

    @Test
    void aComparisonScoresBothModelsOnTheSameRowsBySegment() {
        Frame data = frame(900, 2);
        try (Predictor strong = train("flag", "binary", 4, "strong"); Predictor weak = train("flag", "binary", 1, "weak")) {
            Comparison comparison = Comparison.of(strong, weak, data, "flag", 0.5, "colour");

            assertThat(comparison.candidate()).isEqualTo(Evaluation.of(strong, data, "flag", 0.5, "x").metrics());
            assertThat(comparison.champion()).isEqualTo(Evaluation.of(weak, data, "flag", 0.5, "x").metrics());
            assertThat(comparison.delta().get("log_loss"))
                    .isEqualTo(comparison.candidate().get("log_loss") - comparison.champion().get("log_loss"));
            assertThat(comparison.segments()).extracting(Comparison.Segment::value).containsExactly("blue", "green", "red");
            assertThat(comparison.segments().stream().mapToInt(Comparison.Segment::rows).sum()).isEqualTo(900);
        }
    }

    @Test
    void aMulticlassAndARegressionModelAreEvaluatedAndCompared() {
        Frame data = frame(600, 3);
        try (Predictor colours = train("colour", "multiclass", 3, "m"); Predictor values = train("y", "regression", 3, "r")) {
            Evaluation multiclass = Evaluation.of(colours, data, "colour", 0.5, "x");
            assertThat(multiclass.metrics()).containsKeys("accuracy", "roc_auc_ovr_macro");
            assertThat(multiclass.confusion()).hasDimensions(3, 3);
            assertThat(multiclass.threshold()).isNull();
            assertThat(Comparison.of(colours, colours, data, "colour", 0.5, "flag").delta().get("accuracy")).isZero();

            Evaluation regression = Evaluation.of(values, data, "y", 0.5, "x");
            assertThat(regression.metrics()).containsOnlyKeys("rmse", "mae", "r2", "mape");
            assertThat(regression.confusion()).isNull();
        }
    }

    @Test
    void badTargetsSegmentsAndChampionsAreRefusedNamingTheField() {
        Frame data = frame(300, 4);
        try (Predictor binary = train("flag", "binary", 2, "c"); Predictor regression = train("y", "regression", 2, "d")) {
            assertThatThrownBy(() -> Evaluation.of(binary, data, "nope", 0.5, "x")).isInstanceOf(SlipwayException.class)
                    .hasMessageStartingWith("target: unknown column 'nope'");
            assertThatThrownBy(() -> Evaluation.of(binary, data, "colour", 0.5, "x"))
                    .hasMessageStartingWith("target: column 'colour' has 'blue' at row 0").hasMessageContaining("model's classes [0, 1]");
            assertThatThrownBy(() -> Evaluation.of(regression, data, "colour", 0.5, "x"))
                    .hasMessageStartingWith("target: column 'colour' holds text");
            assertThatThrownBy(() -> Evaluation.of(binary, data, "flag", 1.0, "x")).hasMessageStartingWith("threshold: 1.0");
            Frame missing = Frame.of(Map.of("x", new Column.Numbers(new double[] {0.5}), "colour", new Column.Texts(new String[] {"red"}),
                    "flag", new Column.Numbers(new double[] {Double.NaN})));
            assertThatThrownBy(() -> Evaluation.of(binary, missing, "flag", 0.5, "x")).hasMessageContaining("no value at row 0");
            assertThatThrownBy(() -> Evaluation.of(binary, data.select(new int[0]), "flag", 0.5, "x"))
                    .hasMessageStartingWith("data: there are no rows");
            assertThatThrownBy(() -> Comparison.of(binary, regression, data, "flag", 0.5, null))
                    .hasMessageStartingWith("champion: it is a regression model and the candidate a binary model");
            assertThatThrownBy(() -> Comparison.of(binary, binary, data, "flag", 0.5, "nope"))
                    .hasMessageStartingWith("segment: unknown column 'nope'");
        }
    }

    private Predictor train(String target, String task, int depth, String name) {
        String exclude = switch (target) {
            case "flag" -> "[y]";
            case "colour" -> "[y, flag]";
            default -> "[flag]";
        };
        TrainSpec spec = TrainSpec.parse("experiment: e\ndata: {train: rows@1}\ntarget: " + target + "\nexclude: " + exclude
                + "\ntask: " + task + "\nxgboost: {params: {max_depth: " + depth + "}, rounds: 8}\n");
        Path model = dir.resolve(name);
        Training.prepare(spec, frame(500, 99), null).fit(model, iteration -> { });
        return Predictors.load(model);
    }

    /** flag = x + noise > 0.5; colour depends on x; y = 3x + colour's offset + noise. */
    private static Frame frame(int rows, long seed) {
        Random random = new Random(seed);
        String[] colours = {"red", "green", "blue"};
        double[] x = new double[rows];
        String[] colour = new String[rows];
        double[] y = new double[rows];
        double[] flag = new double[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = random.nextDouble();
            colour[i] = colours[Math.max(0, Math.min(2, (int) (x[i] * 3 + random.nextGaussian() * 0.3)))];
            y[i] = 3 * x[i] + colour[i].length() + random.nextGaussian() * 0.1;
            flag[i] = x[i] + random.nextGaussian() * 0.2 > 0.5 ? 1 : 0;
        }
        Map<String, Column> columns = new LinkedHashMap<>();
        columns.put("x", new Column.Numbers(x));
        columns.put("colour", new Column.Texts(colour));
        columns.put("y", new Column.Numbers(y));
        columns.put("flag", new Column.Numbers(flag));
        return Frame.of(columns);
    }
}
