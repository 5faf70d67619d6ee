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
