package io.slipway.ml.eval;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Predictor;
import io.slipway.ml.predict.Task;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model scored on labelled rows: the task's metrics (sklearn's definitions, see {@link BinaryMetrics},
 * {@link MulticlassMetrics}, {@link RegressionMetrics}), the confusion matrix of a classifier and its
 * plots. The one evaluation used both after training (on the validation rows) and by
 * {@code slipway evaluate} (on any dataset version).
 *
 * @param metrics   by snake_case name in a fixed order; null where undefined (the AUCs of rows of one class)
 * @param confusion {@code confusion[true][predicted]}, classes in the model's order; null for a regression
 * @param plots     SVG documents by file name: {@code roc.svg}, {@code precision_recall.svg} and
 *                  {@code calibration.svg} for a binary model; none for the others
 */
public record Evaluation(Task task, String target, List<String> classes, int rows, Double threshold, Map<String, Double> metrics,
        long[][] confusion, Map<String, String> plots) {

    /** The probability from which a binary model's answer is the positive class, unless told otherwise. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    public Evaluation {
        requireNonNull(task, "task is null");
        classes = List.copyOf(classes);
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        plots = Collections.unmodifiableMap(new LinkedHashMap<>(plots));
    }

    /**
     * Scores {@code predictor} on {@code data}, whose column {@code target} holds the true answers.
     *
     * @param threshold for a binary model: the probability from which the answer is positive (in (0, 1))
     * @param dataName  what the rows are, for the plots' titles ({@code validation}, {@code transactions@4})
     */
    public static Evaluation of(Predictor predictor, Frame data, String target, double threshold, String dataName) {
        requireNonNull(predictor, "predictor is null");
        checkThreshold(threshold);
        Labels labels = Labels.of(data, target, predictor.task(), predictor.classes());
        Predictions predictions = predictor.predict(data);
        try {
            return of(labels, predictions, threshold, dataName);
        } catch (IllegalArgumentException e) {
            throw SlipwayException.invalidParameter("model: its answers cannot be scored: %s", e.getMessage());
        }
    }

    /** Scores predictions already made against their labels. */
    public static Evaluation of(Labels labels, Predictions predictions, double threshold, String dataName) {
        requireNonNull(labels, "labels is null");
        requireNonNull(predictions, "predictions is null");
        Map<String, String> plots = new LinkedHashMap<>();
        String suffix = " (" + dataName + ")";
        return switch (labels.task()) {
            case BINARY -> {
                double[] scores = predictions.values();
                BinaryMetrics scored = BinaryMetrics.allowingOneClass(labels.positive(), scores, threshold);
                if (scored.rocAuc() != null) {
                    plots.put("roc.svg", Plots.roc("ROC" + suffix, BinaryCurves.roc(labels.positive(), scores), scored.rocAuc()));
                    plots.put("precision_recall.svg", Plots.precisionRecall("Precision-recall" + suffix,
                            BinaryCurves.precisionRecall(labels.positive(), scores), scored.prAuc()));
                }
                plots.put("calibration.svg", Plots.calibration("Calibration" + suffix,
                        BinaryCurves.calibration(labels.positive(), scores, BinaryCurves.CALIBRATION_BINS)));
                ConfusionMatrix c = scored.confusion();
                long[][] confusion = {{c.trueNegatives(), c.falsePositives()}, {c.falseNegatives(), c.truePositives()}};
                yield new Evaluation(labels.task(), labels.target(), predictions.classes(), labels.rows(), threshold, scored.scalars(),
                        confusion, plots);
            }
            case MULTICLASS -> {
                MulticlassMetrics scored = MulticlassMetrics.of(labels.classes(), rows(predictions));
                yield new Evaluation(labels.task(), labels.target(), predictions.classes(), labels.rows(), null, scored.scalars(),
                        scored.confusion(), plots);
            }
            case REGRESSION -> new Evaluation(labels.task(), labels.target(), List.of(), labels.rows(), null,
                    RegressionMetrics.of(labels.actual(), predictions.values()).scalars(), null, plots);
        };
    }

    /** The metrics that have a value (what a run can record: MLflow metrics are numbers). */
    public Map<String, Double> definedMetrics() {
        Map<String, Double> defined = new LinkedHashMap<>();
        metrics.forEach((key, value) -> {
            if (value != null) {
                defined.put(key, value);
            }
        });
        return defined;
    }

    /** A multiclass model's probabilities, one array per row. */
    static double[][] rows(Predictions predictions) {
        int k = predictions.classes().size();
        double[][] rows = new double[predictions.rowCount()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Arrays.copyOfRange(predictions.probabilities(), i * k, (i + 1) * k);
        }
        return rows;
    }

    static void checkThreshold(double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw SlipwayException.invalidParameter("threshold: %s is not a probability strictly between 0 and 1.", threshold);
        }
    }
}
