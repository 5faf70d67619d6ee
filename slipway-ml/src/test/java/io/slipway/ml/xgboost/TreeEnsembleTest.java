package io.slipway.ml.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.Test;

class TreeEnsembleTest {
    private static final Synthetic DATA = Synthetic.data(3000, 12, 2, 7);
    private static final Synthetic MULTICLASS = Synthetic.data(3000, 12, 4, 8);
    private static final Synthetic REGRESSION = Synthetic.data(3000, 12, 0, 9);
    /** One split on feature 0 at 0.5, missing values going left, as XGBoost writes a tree (numbers in tree_param as strings). */
    private static final String STUMP = """
            {"tree_param": {"num_nodes": "3", "size_leaf_vector": "1"}, "id": 0, "base_weights": [0, -0.25, 0.75],
             "parents": [2147483647, 0, 0], "left_children": [1, -1, -1], "right_children": [2, -1, -1],
             "split_indices": [0, 0, 0], "split_conditions": [0.5, -0.25, 0.75], "default_left": [1, 0, 0],
             "split_type": [0, 0, 0], "categories": []}""";

    @Test
    void binaryLogisticMatchesXgboost() throws Exception {
        assertMatchesXgboost(DATA, Map.of("objective", "binary:logistic", "max_depth", 6, "eta", 0.3, "seed", 1), 60);
    }

    @Test
    void multiclassSoftprobMatchesXgboost() throws Exception {
        assertMatchesXgboost(MULTICLASS, Map.of("objective", "multi:softprob", "num_class", 4, "max_depth", 6, "seed", 1), 30);
    }

    @Test
    void multiclassSoftmaxPredictsXgboostsClass() throws Exception {
        assertMatchesXgboost(MULTICLASS, Map.of("objective", "multi:softmax", "num_class", 4, "max_depth", 6, "seed", 1), 20);
    }

    @Test
    void regressionMatchesXgboost() throws Exception {
        assertMatchesXgboost(REGRESSION, Map.of("objective", "reg:squarederror", "max_depth", 6, "seed", 1), 60);
    }

    @Test
    void fixedBaseScoreAndSubsamplingMatchXgboost() throws Exception {
        assertMatchesXgboost(DATA, Map.of("objective", "binary:logistic", "max_depth", 6, "base_score", 0.3, "subsample", 0.7,
                "colsample_bytree", 0.5, "seed", 3), 40);
    }

    @Test
    void poissonMatchesXgboost() throws Exception {
        Synthetic counts = Synthetic.data(2000, 8, 5, 10);
        assertMatchesXgboost(counts, Map.of("objective", "count:poisson", "max_depth", 6, "seed", 1), 30);
    }

    @Test
    void marginsMatchXgboostsOutputMargin() throws Exception {
        Booster booster = DATA.train(Map.of("objective", "binary:logistic", "max_depth", 6, "seed", 1), 30);
        TreeEnsemble ensemble = TreeEnsemble.parse(booster.toByteArray("json"));
        float[] expected = DATA.predictions(booster, true);

        for (int row = 0; row < DATA.rows; row++) {
            assertThat(ensemble.margin(DATA.x, row * DATA.features)).isEqualTo(expected[row]);
        }
    }

    @Test
    void refusesWhatIsNotJson() {
        assertThatThrownBy(() -> TreeEnsemble.parse("{\"learner\": [".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not valid JSON");
    }

    @Test
    void refusesJsonThatIsNotAnXgboostModel() {
        assertThatThrownBy(() -> TreeEnsemble.parse("{\"weights\": [1, 2]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no 'learner' object");
    }

    @Test
    void refusesAnObjectiveItCannotReproduce() throws Exception {
        Booster booster = DATA.train(Map.of("objective", "binary:hinge", "max_depth", 2), 2);

        assertThatThrownBy(() -> TreeEnsemble.parse(booster.toByteArray("json"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("objective 'binary:hinge' is not supported");
    }

    @Test
    void readsAHandWrittenModel() {
        TreeEnsemble ensemble = parse(model(STUMP));

        assertThat(ensemble.margin(new float[] {0.2f, 0}, 0)).isEqualTo(-0.25f);
        assertThat(ensemble.margin(new float[] {0.5f, 0}, 0)).isEqualTo(0.75f);
        assertThat(ensemble.margin(new float[] {Float.NaN, 0}, 0)).isEqualTo(-0.25f);
    }

    @Test
    void readsNumbersWrittenAsStringsAndFlagsWrittenAsBooleans() {
        TreeEnsemble ensemble = parse(model(STUMP.replace("[0.5, -0.25, 0.75]", "[\"5E-1\", \"-0.25\", 0.75]")
                .replace("[1, -1, -1]", "[\"1\", -1, -1]").replace("[1, 0, 0]", "[false, true, true]")));

        assertThat(ensemble.margin(new float[] {0.2f, 0}, 0)).isEqualTo(-0.25f);
        assertThat(ensemble.margin(new float[] {Float.NaN, 0}, 0)).isEqualTo(0.75f);
    }

    @Test
    void refusesABoosterOtherThanGbtree() {
        assertRefused(model(STUMP).replace("gbtree", "dart"), "booster 'dart' is not supported");
    }

    @Test
    void refusesAMultiTargetModel() {
        assertRefused(model(STUMP).replace("\"num_target\": \"1\"", "\"num_target\": \"2\""), "multi-target models are not supported");
    }

    @Test
    void refusesVectorLeaves() {
        assertRefused(model(STUMP.replace("\"size_leaf_vector\": \"1\"", "\"size_leaf_vector\": \"2\"")),
                "tree 0 has vector leaves (multi-target trees), not supported");
    }

    @Test
    void refusesCategoricalSplits() {
        assertRefused(model(STUMP.replace("\"split_type\": [0, 0, 0]", "\"split_type\": [1, 0, 0]")), "tree 0 has a categorical split");
    }

    @Test
    void refusesNodeArraysOfDifferentLengths() {
        assertRefused(model(STUMP.replace("[2, -1, -1]", "[2, -1]")), "tree 0 has node arrays of different lengths");
    }

    @Test
    void refusesAMissingNodeArray() {
        assertRefused(model(STUMP.replace("\"split_conditions\"", "\"conditions\"")),
                "not an XGBoost JSON model: 'split_conditions' is missing");
    }

    @Test
    void refusesChildrenOutsideTheTree() {
        assertRefused(model(STUMP.replace("[1, -1, -1]", "[3, -1, -1]")), "tree 0 node 0 has children outside the tree");
    }

    @Test
    void refusesASplitOnAFeatureTheModelHasNot() {
        assertRefused(model(STUMP.replace("\"split_indices\": [0, 0, 0]", "\"split_indices\": [5, 0, 0]")),
                "tree 0 splits on feature 5 of 2");
    }

    @Test
    void refusesATreeForAnOutputGroupTheModelHasNot() {
        assertRefused(model(STUMP).replace("\"tree_info\": [0]", "\"tree_info\": [1]"), "tree 0 adds to output group 1 of 1");
    }

    @Test
    void refusesTreeInfoOfAnotherLength() {
        assertRefused(model(STUMP).replace("\"tree_info\": [0]", "\"tree_info\": [0, 0]"), "1 trees but 2 entries in tree_info");
    }

    @Test
    void refusesABaseScoreThatIsNotANumber() {
        assertRefused(model(STUMP).replace("5E-1", "half"), "base_score 'half' is not 1 number(s)");
    }

    private static String model(String tree) {
        return """
                {"learner": {"objective": {"name": "binary:logistic"},
                 "learner_model_param": {"base_score": "5E-1", "num_class": "0", "num_feature": "2", "num_target": "1"},
                 "gradient_booster": {"name": "gbtree", "model": {"trees": [%s], "tree_info": [0]}}}}""".formatted(tree);
    }

    private static TreeEnsemble parse(String json) {
        return TreeEnsemble.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    /** Every row, one at a time and as a two-thread batch, equals Booster.predict: bit for bit is the aim, 1e-6 the bound. */
    private static void assertMatchesXgboost(Synthetic data, Map<String, Object> params, int rounds) throws Exception {
        Booster booster = data.train(params, rounds);
        TreeEnsemble ensemble = TreeEnsemble.parse(booster.toByteArray("json"));
        float[] expected = data.predictions(booster, false);
        int outputs = ensemble.outputCount();
        assertThat(expected).hasSize(data.rows * outputs);

        float[] single = new float[data.rows * outputs + 8];
        for (int row = 0; row < data.rows; row++) {
            ensemble.predict(data.x, row * data.features, single, row * outputs);
        }
        float[] batch = ensemble.predictBatch(data.x, data.rows, 2);
        int exact = 0;
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) single[i]).as("output %d", i).isCloseTo(expected[i], offset(1e-6));
            assertThat(batch[i]).as("batch output %d", i).isEqualTo(single[i]);
            exact += Float.compare(single[i], expected[i]) == 0 ? 1 : 0;
        }
        System.out.printf("%s: %d of %d outputs bit-for-bit equal to XGBoost%n", params.get("objective"), exact, expected.length);
    }
}
