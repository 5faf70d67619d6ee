package io.slipway.ml.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.api.mlmodel.MlModel;
import io.slipway.core.SlipwayException;
import io.slipway.ml.features.FeatureSpec;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Predictor;
import io.slipway.ml.predict.Predictors;
import io.slipway.ml.predict.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XgboostPredictorFactoryTest {
    private static final String[] COUNTRIES = {"FR", "DE", "US", null, "JP"};

    @TempDir
    Path model;

    @Test
    void aWrittenBinaryModelPredictsAsItsBooster() throws Exception {
        Trained trained = train(Map.of("objective", "binary:logistic", "max_depth", 6, "seed", 1), 2);
        XgboostPackage.write(model, trained.booster, trained.features, Task.BINARY, List.of("legit", "fraud"));

        try (Predictor predictor = Predictors.load(model)) {
            Predictions predictions = predictor.predict(trained.frame);
            float[][] expected = trained.booster.predict(new DMatrix(trained.encoded, trained.frame.rowCount(), 5, Float.NaN));
            for (int row = 0; row < expected.length; row++) {
                assertThat(predictions.values()[row]).isCloseTo(expected[row][0], Offset.offset(1e-6));
                assertThat(predictions.probability(row, 0)).isCloseTo(1 - expected[row][0], Offset.offset(1e-6));
            }
            assertThat(predictor.flavor()).isEqualTo("slipway_xgboost");
            assertThat(predictor.classes()).containsExactly("legit", "fraud");
            assertThat(predictor.predict(oneRow(trained.frame, 17)).values()[0]).isEqualTo(predictions.values()[17]);
        }
    }

    @Test
    void aWrittenMulticlassModelPredictsAsItsBooster() throws Exception {
        Trained trained = train(Map.of("objective", "multi:softprob", "num_class", 3, "max_depth", 6, "seed", 1), 3);
        XgboostPackage.write(model, trained.booster, trained.features, Task.MULTICLASS, List.of("a", "b", "c"));

        try (Predictor predictor = Predictors.load(model)) {
            Predictions predictions = predictor.predict(trained.frame);
            float[][] expected = trained.booster.predict(new DMatrix(trained.encoded, trained.frame.rowCount(), 5, Float.NaN));
            for (int row = 0; row < expected.length; row++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(predictions.probability(row, c)).isCloseTo(expected[row][c], Offset.offset(1e-6));
                }
            }
            assertThat(predictions.label(0)).isIn("a", "b", "c");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMlModelCarriesMlflowsXgboostFlavorAndTheSignature() throws Exception {
        Trained trained = train(Map.of("objective", "reg:squarederror", "max_depth", 3), 0);
        XgboostPackage.write(model, trained.booster, trained.features, Task.REGRESSION, List.of());

        MlModel descriptor = MlModel.parse(Files.readAllBytes(model.resolve("MLmodel")), "MLmodel");
        assertThat((Map<String, Object>) descriptor.flavors().get("xgboost")).containsEntry("code", null).containsEntry("data", "model.json")
                .containsEntry("model_class", "xgboost.core.Booster").containsEntry("model_format", "json")
                .containsEntry("xgb_version", "3.4.0").hasSize(5);
        assertThat(((Map<?, ?>) descriptor.fields().get("signature")).get("inputs")).isEqualTo("[{\"type\":\"double\",\"name\":"
                + "\"amount\",\"required\":false},{\"type\":\"double\",\"name\":\"age\",\"required\":false},{\"type\":\"double\","
                + "\"name\":\"score\",\"required\":false},{\"type\":\"double\",\"name\":\"hour\",\"required\":false},{\"type\":"
                + "\"string\",\"name\":\"country\",\"required\":false}]");
    }

    @Test
    void aCorruptModelFileIsA400NamingIt() throws Exception {
        writeBinary();
        Files.writeString(model.resolve("model.json"), "{\"learner\": {\"objective\"");

        assertThatThrownBy(() -> Predictors.load(model)).isInstanceOf(SlipwayException.class)
                .hasMessageContaining("Invalid XGBoost model file " + model.resolve("model.json") + ": not valid JSON");
    }

    @Test
    void aMissingPreprocessingFileIsA400NamingIt() throws Exception {
        writeBinary();
        Files.delete(model.resolve("preprocessing.json"));

        assertThatThrownBy(() -> Predictors.load(model)).isInstanceOf(SlipwayException.class)
                .hasMessage("Invalid XGBoost model file " + model.resolve("preprocessing.json") + ": the file is missing.");
    }

    @Test
    void preprocessingOfAnotherFeatureCountIsA400() throws Exception {
        writeBinary();
        Files.writeString(model.resolve("preprocessing.json"), "{\"features\": [{\"name\": \"amount\", \"kind\": \"numeric\"}]}");

        assertThatThrownBy(() -> Predictors.load(model)).isInstanceOf(SlipwayException.class)
                .hasMessageContaining("model.json: the model takes 5 features but the preprocessing makes 1");
    }

    @Test
    void aTaskTheObjectiveDoesNotFitIsA400() throws Exception {
        writeBinary();
        Path mlmodel = model.resolve("MLmodel");
        Files.writeString(mlmodel, Files.readString(mlmodel).replace("task: binary", "task: regression"));

        assertThatThrownBy(() -> Predictors.load(model)).isInstanceOf(SlipwayException.class)
                .hasMessageContaining("objective binary:logistic with 1 output(s), which does not fit task regression");
    }

    @Test
    void aFeatureSpecThatIsNotOneIsA400() throws Exception {
        writeBinary();
        Files.writeString(model.resolve("preprocessing.json"), "{\"features\": [{\"name\": \"a\", \"kind\": \"ordinal\"}]}");

        assertThatThrownBy(() -> Predictors.load(model)).isInstanceOf(SlipwayException.class)
                .hasMessageContaining("preprocessing.json: not a feature spec");
    }

    private void writeBinary() throws Exception {
        Trained trained = train(Map.of("objective", "binary:logistic", "max_depth", 3), 2);
        XgboostPackage.write(model, trained.booster, trained.features, Task.BINARY, List.of("0", "1"));
    }

    private record Trained(Frame frame, FeatureSpec features, float[] encoded, Booster booster) {
    }

    /** 2,000 rows of four numbers and a country (some missing), labelled in {@code classes} classes (a number for 0). */
    private static Trained train(Map<String, Object> params, int classes) throws Exception {
        Synthetic data = Synthetic.data(2000, 4, Math.max(classes, 2), 5);
        Map<String, Column> columns = new LinkedHashMap<>();
        List<String> names = List.of("amount", "age", "score", "hour");
        for (int f = 0; f < 4; f++) {
            double[] values = new double[data.rows];
            for (int row = 0; row < data.rows; row++) {
                values[row] = data.x[row * 4 + f];
            }
            columns.put(names.get(f), new Column.Numbers(values));
        }
        String[] countries = new String[data.rows];
        for (int row = 0; row < data.rows; row++) {
            countries[row] = COUNTRIES[(row * 7 + (int) data.y[row]) % COUNTRIES.length];
        }
        columns.put("country", new Column.Texts(countries));
        Frame frame = Frame.of(columns);
        List<String> features = new ArrayList<>(names);
        features.add("country");
        FeatureSpec spec = FeatureSpec.fit(frame, features);
        float[] encoded = spec.encode(frame);
        DMatrix matrix = new DMatrix(encoded, data.rows, 5, Float.NaN);
        matrix.setLabel(data.y);
        return new Trained(frame, spec, encoded, XGBoost.train(matrix, params, 30, Map.of(), null, null));
    }

    private static Frame oneRow(Frame frame, int row) {
        Map<String, Column> columns = new LinkedHashMap<>();
        frame.columns().forEach((name, column) -> columns.put(name, column instanceof Column.Numbers numbers
                ? new Column.Numbers(new double[] {numbers.values()[row]})
                : new Column.Texts(new String[] {column.text(row)})));
        return Frame.of(columns);
    }
}
