package io.slipway.ml.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.slipway.ml.xgboost.XgboostTrainer.Iteration;
import io.slipway.ml.xgboost.XgboostTrainer.Rows;
import io.slipway.ml.xgboost.XgboostTrainer.Trained;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XgboostTrainerTest {
    private static final Synthetic TRAIN = Synthetic.data(3000, 10, 2, 11);
    private static final Synthetic VALIDATION = Synthetic.data(1000, 10, 2, 12);
    private static final Map<String, Object> PARAMS = Map.of("objective", "binary:logistic", "max_depth", 6, "eta", 0.3,
            "subsample", 0.8, "colsample_bytree", 0.8, "eval_metric", "logloss", "seed", 42);

    @Test
    void theSameRowsParamsAndSeedTrainTheSameModelBytes() throws Exception {
        byte[] first = new XgboostTrainer(PARAMS, 40, 0).train(rows(TRAIN), null, iteration -> { }).booster().toByteArray("json");
        byte[] second = new XgboostTrainer(PARAMS, 40, 0).train(rows(TRAIN), null, iteration -> { }).booster().toByteArray("json");

        assertThat(second).isEqualTo(first);
    }

    @Test
    void reportsEachRoundsTrainingAndValidationMetrics() {
        List<Iteration> heard = new ArrayList<>();
        Trained trained = new XgboostTrainer(PARAMS, 5, 0).train(rows(TRAIN), rows(VALIDATION), heard::add);

        assertThat(heard).hasSize(5).isEqualTo(trained.iterations());
        assertThat(heard.get(4).round()).isEqualTo(4);
        assertThat(heard.get(4).train()).containsOnlyKeys("logloss");
        assertThat(heard.get(4).validation().get("logloss")).isBetween(0.0, 1.0);
        assertThat(heard.get(4).train().get("logloss")).isLessThan(heard.get(0).train().get("logloss"));
    }

    @Test
    void stopsEarlyAndKeepsTheRoundsUpToTheBestOne() throws Exception {
        Map<String, Object> overfitting = Map.of("objective", "binary:logistic", "max_depth", 10, "eta", 1.0, "eval_metric", "logloss",
                "seed", 1);
        Trained trained = new XgboostTrainer(overfitting, 200, 3).train(rows(TRAIN), rows(VALIDATION), iteration -> { });

        assertThat(trained.iterations()).hasSize(trained.bestRound() + 4);
        assertThat(trained.booster().getNumBoostedRound()).isEqualTo(trained.bestRound() + 1);
        double best = trained.iterations().get(trained.bestRound()).validation().get("logloss");
        assertThat(trained.iterations()).allSatisfy(iteration -> assertThat(iteration.validation().get("logloss")).isGreaterThanOrEqualTo(best));
        TreeEnsemble ensemble = TreeEnsemble.parse(trained.booster().toByteArray("json"));
        float[] expected = VALIDATION.predictions(trained.booster(), false);
        for (int row = 0; row < VALIDATION.rows; row++) {
            assertThat((double) ensemble.predict(VALIDATION.x, row * VALIDATION.features)).isCloseTo(expected[row],
                    offset(1e-6));
        }
    }

    @Test
    void refusesAMisspeltParameterBeforeTraining() {
        assertThatThrownBy(() -> new XgboostTrainer(Map.of("objective", "binary:logistic", "max_detph", 6), 10, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("unknown XGBoost parameter 'max_detph'");
    }

    @Test
    void refusesAnObjectiveSlipwayCannotServe() {
        assertThatThrownBy(() -> new XgboostTrainer(Map.of("objective", "rank:pairwise"), 10, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("objective 'rank:pairwise' is not supported");
    }

    @Test
    void aValueXgboostRefusesIsAnIllegalArgumentWithItsMessage() {
        XgboostTrainer trainer = new XgboostTrainer(Map.of("objective", "binary:logistic", "max_depth", -2), 10, 0);

        assertThatThrownBy(() -> trainer.train(rows(TRAIN), null, iteration -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("XGBoost refused the parameters").hasMessageContaining("max_depth");
    }

    @Test
    void earlyStoppingNeedsValidationRows() {
        assertThatThrownBy(() -> new XgboostTrainer(PARAMS, 10, 2).train(rows(TRAIN), null, iteration -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("early stopping needs validation rows");
    }

    private static Rows rows(Synthetic data) {
        return new Rows(data.x, data.rows, data.features, data.y);
    }
}
