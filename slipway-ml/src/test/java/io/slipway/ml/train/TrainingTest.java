package io.slipway.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingTest {
    @TempDir
    Path dir;

    @Test
    void trainsARegressionAndScoresItsValidationRows() throws Exception {
        TrainSpec spec = spec("target: y\nexclude: [flag]\ntask: regression\n");

        TrainedModel model = Training.prepare(spec, frame(400), null).fit(dir.resolve("model"), iteration -> { });

        assertThat(model.metrics()).containsOnlyKeys("rmse", "mae", "r2", "mape");
        assertThat(model.metrics().get("r2")).isGreaterThan(0.5);
        assertThat(model.importance()).containsOnlyKeys("x", "colour");
        assertThat(model.plots()).containsOnlyKeys("feature_importance.svg");
        assertThat(Files.readString(dir.resolve("model").resolve(TrainedModel.INPUT_EXAMPLE_FILE))).startsWith("{\"columns\":[\"x\",\"colour\"]");
    }

    @Test
    void trainsAMulticlassModelWithItsClassesSorted() {
        TrainSpec spec = spec("target: colour\nexclude: [y, flag]\ntask: multiclass\n");

        Training training = Training.prepare(spec, frame(300), null);
        TrainedModel model = training.fit(dir.resolve("model"), iteration -> { });

        assertThat(training.classes()).containsExactly("blue", "green", "red");
        assertThat(training.params()).containsEntry("objective", "multi:softprob").containsEntry("num_class", 3L);
        assertThat(model.metrics()).containsKeys("accuracy", "log_loss", "macro_f1", "macro_precision", "macro_recall");
        assertThat(model.evaluation().confusion()).hasDimensions(3, 3);
    }

    @Test
    void refusesAMulticlassTargetWithTwoClasses() {
        TrainSpec spec = spec("target: flag\ntask: multiclass\n");

        assertThatThrownBy(() -> Training.prepare(spec, frame(50), null)).isInstanceOf(SlipwayException.class)
                .hasMessageContaining("target: column 'flag' has 2 class(es) [0, 1]; task multiclass needs 3 or more");
    }

    @Test
    void refusesAnObjectiveThatDoesNotFitTheTask() {
        TrainSpec spec = spec("target: flag\ntask: binary\nxgboost: {params: {objective: 'reg:squarederror'}}\n");

        assertThatThrownBy(() -> Training.prepare(spec, frame(50), null)).isInstanceOf(SlipwayException.class)
                .hasMessageContaining("xgboost.params.objective: 'reg:squarederror' does not fit task binary");
    }

    @Test
    void refusesAnEmptyDataset() {
        TrainSpec spec = spec("target: y\ntask: regression\n");

        assertThatThrownBy(() -> Training.prepare(spec, frame(0), null)).isInstanceOf(SlipwayException.class)
                .hasMessageContaining("data.train: dataset rows@1 has no rows");
    }

    private static TrainSpec spec(String rest) {
        return TrainSpec.parse("experiment: e\ndata: {train: rows@1}\n" + (rest.contains("xgboost:") ? "" : "xgboost: {rounds: 10}\n")
                + rest);
    }

    /** y = 3x + colour's offset + noise; flag = x > 0.5. */
    private static Frame frame(int rows) {
        Random random = new Random(1);
        String[] colours = {"red", "green", "blue"};
        double[] x = new double[rows];
        String[] colour = new String[rows];
        double[] y = new double[rows];
        double[] flag = new double[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = random.nextDouble();
            colour[i] = colours[random.nextInt(3)];
            y[i] = 3 * x[i] + colour[i].length() + random.nextGaussian() * 0.1;
            flag[i] = x[i] > 0.5 ? 1 : 0;
        }
        Map<String, Column> columns = new LinkedHashMap<>();
        columns.put("x", new Column.Numbers(x));
        columns.put("colour", new Column.Texts(colour));
        columns.put("y", new Column.Numbers(y));
        columns.put("flag", new Column.Numbers(flag));
        return Frame.of(columns);
    }
}
