package io.slipway.ml.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Predictor;
import io.slipway.ml.predict.Predictors;
import io.slipway.ml.predict.Task;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The models in {@code src/test/resources/onnx} were made by {@code make_models.py} with
 * scikit-learn and onnx; {@code expected.json} holds what scikit-learn predicts (in float64),
 * which ONNX Runtime, computing in float32, must match to 1e-5.
 */
class OnnxPredictorTest {
    private static final double FLOAT32_TOLERANCE = 1e-5;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void scoresTheBinaryLogisticRegressionAsScikitLearnDoes() throws Exception {
        Map<String, Object> expected = expected("logistic_binary");
        try (Predictor predictor = Predictors.load(shipped("logistic_binary"))) {
            assertThat(predictor.flavor()).isEqualTo("onnx");
            assertThat(predictor.task()).isEqualTo(Task.BINARY);
            assertThat(predictor.classes()).containsExactly("0", "1");
            assertThat(predictor.inputs()).extracting(c -> c.name())
                    .containsExactly("tenure_months", "monthly_spend", "support_calls", "discount_rate", "sessions_per_week");

            Predictions predictions = predictor.predict(Frame.fromRecords(records(expected)));

            assertMatchesScikitLearn(predictions, expected);
            List<List<Double>> probabilities = probabilities(expected);
            for (int row = 0; row < predictions.rowCount(); row++) {
                assertThat(predictions.values()[row]).isCloseTo(probabilities.get(row).get(1), within(FLOAT32_TOLERANCE));
            }
        }
    }

    @Test
    void scoresTheMulticlassModelWithTheClassesItsMlModelNames() throws Exception {
        Map<String, Object> expected = expected("logistic_multiclass");
        try (Predictor predictor = Predictors.load(shipped("logistic_multiclass"))) {
            assertThat(predictor.task()).isEqualTo(Task.MULTICLASS);
            assertThat(predictor.classes()).containsExactly("small", "medium", "large");

            assertMatchesScikitLearn(predictor.predict(Frame.fromRecords(records(expected))), expected);
        }
    }

    @Test
    void scoresTheLinearRegressionAsScikitLearnDoes() throws Exception {
        Map<String, Object> expected = expected("linear_regression");
        try (Predictor predictor = Predictors.load(shipped("linear_regression"))) {
            assertThat(predictor.task()).isEqualTo(Task.REGRESSION);
            assertThat(predictor.classes()).isEmpty();

            Predictions predictions = predictor.predict(Frame.fromRecords(records(expected)));

            @SuppressWarnings("unchecked")
            List<Double> values = (List<Double>) expected.get("predictions");
            assertThat(predictions.rowCount()).isEqualTo(values.size());
            for (int row = 0; row < values.size(); row++) {
                assertThat(predictions.values()[row]).as("row %d", row).isCloseTo(values.get(row), within(FLOAT32_TOLERANCE));
            }
        }
    }

    @Test
    void feedsAModelOfOneInputPerColumnByName() throws Exception {
        Map<String, Object> expected = expected("linear_regression_by_column");
        try (Predictor predictor = Predictors.load(shipped("linear_regression_by_column"))) {
            Predictions predictions = predictor.predict(Frame.fromRecords(records(expected)));

            @SuppressWarnings("unchecked")
            List<Double> values = (List<Double>) expected.get("predictions");
            for (int row = 0; row < values.size(); row++) {
                assertThat(predictions.values()[row]).as("row %d", row).isCloseTo(values.get(row), within(FLOAT32_TOLERANCE));
            }
        }
    }

    @Test
    void takesColumnsByNameInAnyOrderAndIgnoresExtraOnes() throws Exception {
        Map<String, Object> expected = expected("logistic_binary");
        List<Map<String, Object>> shuffled = new ArrayList<>();
        for (Map<String, Object> record : records(expected)) {
            Map<String, Object> reordered = new LinkedHashMap<>();
            reordered.put("customer_id", "c-1");
            List<String> keys = new ArrayList<>(record.keySet());
            Collections.reverse(keys);
            keys.forEach(key -> reordered.put(key, record.get(key)));
            shuffled.add(reordered);
        }
        try (Predictor predictor = Predictors.load(shipped("logistic_binary"))) {
            assertMatchesScikitLearn(predictor.predict(Frame.fromRecords(shuffled)), expected);
        }
    }

    @Test
    void concurrentPredictionsGiveTheSameAnswers() throws Exception {
        Map<String, Object> expected = expected("logistic_multiclass");
        Frame frame = Frame.fromRecords(records(expected));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (Predictor predictor = Predictors.load(shipped("logistic_multiclass"))) {
            double[] alone = predictor.predict(frame).probabilities();
            List<Future<double[]>> answers = new ArrayList<>();
            for (int call = 0; call < 64; call++) {
                answers.add(threads.submit(() -> predictor.predict(frame).probabilities()));
            }
            for (Future<double[]> answer : answers) {
                assertThat(answer.get()).containsExactly(alone);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFrameOfNoRowsHasNoPredictions() throws Exception {
        try (Predictor predictor = Predictors.load(shipped("logistic_binary"))) {
            Map<String, Column> columns = new LinkedHashMap<>();
            predictor.inputs().forEach(input -> columns.put(input.name(), new Column.Numbers(new double[0])));

            Predictions predictions = predictor.predict(Frame.of(columns));

            assertThat(predictions.rowCount()).isZero();
            assertThat(predictions.classes()).containsExactly("0", "1");
        }
    }

    @Test
    void aMissingRequiredColumnIsA400NamingIt() throws Exception {
        List<Map<String, Object>> records = records(expected("linear_regression"));
        records.forEach(record -> record.remove("area"));
        try (Predictor predictor = Predictors.load(shipped("linear_regression"))) {
            assertInvalid(() -> predictor.predict(Frame.fromRecords(records)), "Missing column 'area'");
        }
    }

    @Test
    void textForANumberColumnIsA400NamingIt() throws Exception {
        List<Map<String, Object>> records = records(expected("linear_regression"));
        records.forEach(record -> record.put("rooms", "three"));
        try (Predictor predictor = Predictors.load(shipped("linear_regression"))) {
            assertInvalid(() -> predictor.predict(Frame.fromRecords(records)), "Invalid column 'rooms'", "'three' at row 0");
        }
    }

    @Test
    void aCorruptModelFileIsA400NamingItAtLoad() throws Exception {
        Path model = copy("logistic_binary");
        Files.write(model.resolve("model.onnx"), "not a protobuf \u0000\u0001\u0002".getBytes());

        assertInvalid(() -> Predictors.load(model), model.resolve("model.onnx").toString(), "cannot be loaded");
    }

    @Test
    void aMissingModelFileIsA400NamingIt() throws Exception {
        Path model = copy("logistic_binary");
        Files.delete(model.resolve("model.onnx"));

        assertInvalid(() -> Predictors.load(model), "model.onnx is missing");
    }

    @Test
    void aSignatureOfMoreColumnsThanTheModelTakesIsA400AtLoad() throws Exception {
        Path model = copy("linear_regression");
        rewriteMlModel(model, "{\"type\": \"double\", \"name\": \"floor\", \"required\": true}",
                "{\"type\": \"double\", \"name\": \"floor\", \"required\": true}, {\"type\": \"double\", \"name\": \"garden\"}");

        assertInvalid(() -> Predictors.load(model), "does not fit its signature", "float_input float[-1, 5]", "the signature has 6 columns");
    }

    @Test
    void aModelOfAFixedBatchSizeIsA400AtLoad() throws Exception {
        Path model = copy("linear_regression");
        Files.copy(shipped("unfit/fixed_batch").resolve("model.onnx"), model.resolve("model.onnx"), StandardCopyOption.REPLACE_EXISTING);

        assertInvalid(() -> Predictors.load(model), "takes batches of exactly 1 rows", "dynamic_axes");
    }

    @Test
    void probabilitiesOnlyAsAZipMapAreA400AtLoad() throws Exception {
        Path model = copy("linear_regression");
        Files.copy(shipped("unfit/zipmap").resolve("model.onnx"), model.resolve("model.onnx"), StandardCopyOption.REPLACE_EXISTING);

        assertInvalid(() -> Predictors.load(model), "output_probability sequence<map<int64, float>>", "'zipmap': False");
    }

    @Test
    void classesThatDoNotMatchTheProbabilitiesAreA400AtLoad() throws Exception {
        Path model = copy("logistic_multiclass");
        rewriteMlModel(model, "    - large\n", "");

        assertInvalid(() -> Predictors.load(model), "names 2 classes (small, medium)", "are for 3");
    }

    @Test
    void aTextColumnInTheSignatureIsA400AtLoad() throws Exception {
        Path model = copy("linear_regression");
        rewriteMlModel(model, "{\"type\": \"double\", \"name\": \"floor\"", "{\"type\": \"string\", \"name\": \"floor\"");

        assertInvalid(() -> Predictors.load(model), "string column 'floor'");
    }

    // ---- helpers ----

    private static void assertMatchesScikitLearn(Predictions predictions, Map<String, Object> expected) {
        List<List<Double>> probabilities = probabilities(expected);
        @SuppressWarnings("unchecked")
        List<String> labels = (List<String>) expected.get("labels");
        assertThat(predictions.classes()).isEqualTo(expected.get("classes"));
        assertThat(predictions.rowCount()).isEqualTo(probabilities.size());
        for (int row = 0; row < probabilities.size(); row++) {
            for (int c = 0; c < predictions.classes().size(); c++) {
                assertThat(predictions.probability(row, c)).as("row %d, class %d", row, c)
                        .isCloseTo(probabilities.get(row).get(c), within(FLOAT32_TOLERANCE));
            }
            assertThat(predictions.label(row)).as("row %d", row).isEqualTo(labels.get(row));
        }
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String... fragments) {
        assertThatThrownBy(call).isInstanceOf(SlipwayException.class)
                .satisfies(e -> assertThat(((SlipwayException) e).errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageContainingAll(fragments);
    }

    private static Path shipped(String name) throws URISyntaxException {
        return Path.of(OnnxPredictorTest.class.getResource("/onnx/" + name + "/model.onnx").toURI()).getParent();
    }

    private Path copy(String name) throws IOException, URISyntaxException {
        Path target = Files.createDirectories(temp.resolve(name));
        for (String file : List.of("MLmodel", "model.onnx")) {
            Files.copy(shipped(name).resolve(file), target.resolve(file));
        }
        return target;
    }

    private static void rewriteMlModel(Path model, String from, String to) throws IOException {
        Path file = model.resolve("MLmodel");
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> expected(String name) throws IOException, URISyntaxException {
        return JSON.readValue(shipped(name).resolve("expected.json").toFile(), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> records(Map<String, Object> expected) {
        List<Map<String, Object>> records = new ArrayList<>();
        ((List<Map<String, Object>>) expected.get("records")).forEach(record -> records.add(new LinkedHashMap<>(record)));
        return records;
    }

    @SuppressWarnings("unchecked")
    private static List<List<Double>> probabilities(Map<String, Object> expected) {
        return (List<List<Double>>) expected.get("probabilities");
    }
}
