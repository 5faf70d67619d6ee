package io.slipway.ml.train;

import static java.util.Objects.requireNonNull;

import io.slipway.ml.eval.Evaluation;
import io.slipway.ml.xgboost.XgboostTrainer.Iteration;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Training#fit} made: the packaged model directory and what a run records about it.
 *
 * @param evaluation the packaged model's scores on the validation rows
 * @param importance XGBoost's gain per feature, by feature name in the model's feature order; 0 for
 *                   a feature no tree splits on
 * @param plots      SVG documents by file name ({@code roc.svg}, {@code feature_importance.svg}, ...)
 */
public record TrainedModel(
        Path directory,
        int bestRound,
        List<Iteration> iterations,
        Evaluation evaluation,
        Map<String, Double> importance,
        Map<String, String> plots,
        long trainingMillis) {

    /** The input example's file in the model directory, as MLflow names it. */
    public static final String INPUT_EXAMPLE_FILE = "input_example.json";

    public TrainedModel {
        requireNonNull(directory, "directory is null");
        iterations = List.copyOf(iterations);
        requireNonNull(evaluation, "evaluation is null");
        importance = Collections.unmodifiableMap(new LinkedHashMap<>(importance));
        plots = Collections.unmodifiableMap(new LinkedHashMap<>(plots));
    }

    /** The validation metrics that have a value, by snake_case name, as the run records them. */
    public Map<String, Double> metrics() {
        return evaluation.definedMetrics();
    }
}
