package io.slipway.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import io.slipway.ml.predict.Task;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainSpecTest {
    private static final String MINIMAL = """
            experiment: fraud
            data: {train: cards@3}
            target: is_fraud
            task: binary
            """;

    @Test
    void readsAFullSpec() {
        TrainSpec spec = TrainSpec.parse("""
                experiment: fraud
                run_name: depth-4
                data: {train: cards@3}
                target: is_fraud
                features: [amount, hour]
                exclude: [hour]
                task: binary
                split: {method: time, validation_fraction: 0.3, seed: 7, column: timestamp}
                xgboost: {params: {max_depth: 4, eta: 0.1, tree_method: hist}, rounds: 200, early_stopping_rounds: 20}
                """);

        assertThat(spec.runName()).isEqualTo("depth-4");
        assertThat(spec.train()).isEqualTo(new TrainSpec.DatasetRef("cards", 3));
        assertThat(spec.features()).containsExactly("amount", "hour");
        assertThat(spec.split()).isEqualTo(new Split.Spec(Split.Method.TIME, 0.3, 7, "timestamp"));
        assertThat(spec.params()).isEqualTo(Map.of("max_depth", 4L, "eta", 0.1, "tree_method", "hist"));
        assertThat(spec.rounds()).isEqualTo(200);
        assertThat(spec.earlyStoppingRounds()).isEqualTo(20);
    }

    @Test
    void defaultsToAStratifiedSplitForAClassification() {
        TrainSpec spec = TrainSpec.parse(MINIMAL);

        assertThat(spec.task()).isEqualTo(Task.BINARY);
        assertThat(spec.split()).isEqualTo(new Split.Spec(Split.Method.STRATIFIED, 0.2, 42, null));
        assertThat(spec.rounds()).isEqualTo(TrainSpec.DEFAULT_ROUNDS);
        assertThat(spec.validation()).isNull();
    }

    @Test
    void readsAnEvaluationStepAfterTraining() {
        TrainSpec spec = TrainSpec.parse(MINIMAL + "evaluate: {data: cards@4, champion: models:/fraud@champion, segment: country}\n");

        assertThat(spec.evaluate()).isEqualTo(new TrainSpec.Evaluate(new TrainSpec.DatasetRef("cards", 4), 0.5, "models:/fraud@champion",
                "country"));
        assertThat(TrainSpec.parse(MINIMAL + "evaluate: {data: cards@4, threshold: 0.1}\n").evaluate().threshold()).isEqualTo(0.1);
        assertThat(TrainSpec.parse(MINIMAL).evaluate()).isNull();
    }

    @Test
    void rejectsABadEvaluationStepByItsPath() {
        assertRejected(MINIMAL + "evaluate: {data: cards}\n", "evaluate.data: expected a dataset version NAME@VERSION");
        assertRejected(MINIMAL + "evaluate: {data: cards@4, threshold: 1}\n", "evaluate.threshold: expected a probability");
        assertRejected(MINIMAL + "evaluate: {data: cards@4, champion: fraud}\n", "evaluate.champion: expected a models:/ URI");
        assertRejected(MINIMAL + "evaluate: {data: cards@4, segment: country}\n", "evaluate.segment: segments break down a comparison");
        assertRejected(MINIMAL + "evaluate: {data: cards@4, champoin: models:/f@c}\n", "evaluate.champoin: unknown key");
    }

    @Test
    void rejectsAnUnknownKeyByItsPath() {
        assertRejected(MINIMAL + "xgboost: {rounds: 5, early_stoping_rounds: 3}\n", "xgboost.early_stoping_rounds: unknown key");
        assertRejected(MINIMAL + "colour: red\n", "colour: unknown key");
    }

    @Test
    void rejectsAKeyGivenTwice() {
        assertRejected(MINIMAL + "target: amount\n", "Duplicate field 'target'");
    }

    @Test
    void rejectsAnUnknownSplitMethod() {
        assertRejected(MINIMAL + "split: {method: shuffled}\n", "split.method: expected random, stratified or time, got 'shuffled'");
    }

    @Test
    void rejectsAnUnknownTask() {
        assertRejected(MINIMAL.replace("task: binary", "task: ranking"), "task: expected binary, multiclass or regression");
    }

    @Test
    void rejectsZeroRounds() {
        assertRejected(MINIMAL + "xgboost: {rounds: 0}\n", "xgboost.rounds: expected a whole number of at least 1, got 0");
    }

    @Test
    void requiresAVersionedDataset() {
        assertRejected(MINIMAL.replace("cards@3", "cards"), "data.train: expected a dataset version NAME@VERSION");
    }

    @Test
    void rejectsASplitBesideAValidationDataset() {
        assertRejected(MINIMAL.replace("{train: cards@3}", "{train: cards@3, validation: cards@4}") + "split: {method: random}\n",
                "split: give either split or data.validation, not both");
    }

    @Test
    void requiresTheTarget() {
        assertRejected(MINIMAL.replace("target: is_fraud\n", ""), "target: missing");
    }

    private static void assertRejected(String yaml, String message) {
        assertThatThrownBy(() -> TrainSpec.parse(yaml)).isInstanceOf(SlipwayException.class).hasMessageContaining(message);
    }
}
