package io.slipway.ml.xgboost;

import static java.util.Objects.requireNonNull;

import io.slipway.ml.features.FeatureSpec;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.InputColumn;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Predictor;
import io.slipway.ml.predict.Task;
import java.util.List;

/**
 * Scores frames with an XGBoost model on the JVM: {@link FeatureSpec} encodes the raw columns,
 * {@link TreeEnsemble} walks the trees. Holds no native resources; immutable, so thread-safe.
 */
public final class XgboostPredictor implements Predictor {
    /** Batches smaller than this are scored on the calling thread: starting threads costs more than it saves. */
    private static final int PARALLEL_ROWS = 4096;

    private final TreeEnsemble ensemble;
    private final FeatureSpec features;
    private final Task task;
    private final List<String> classes;
    private final List<InputColumn> inputs;
    private final int threads;

    public XgboostPredictor(TreeEnsemble ensemble, FeatureSpec features, Task task, List<String> classes) {
        this.ensemble = requireNonNull(ensemble, "ensemble is null");
        this.features = requireNonNull(features, "features is null");
        this.task = requireNonNull(task, "task is null");
        this.classes = List.copyOf(requireNonNull(classes, "classes is null"));
        check(ensemble, features, task, this.classes, "the model");
        this.inputs = features.inputs();
        this.threads = Runtime.getRuntime().availableProcessors();
    }

    /** Whether the model, its preprocessing and its task fit together; an IllegalArgumentException saying how not. */
    static void check(TreeEnsemble ensemble, FeatureSpec features, Task task, List<String> classes, String model) {
        if (ensemble.featureCount() != features.size()) {
            throw new IllegalArgumentException(model + " takes " + ensemble.featureCount() + " features but the preprocessing makes "
                    + features.size());
        }
        TreeEnsemble.Objective objective = ensemble.objective();
        boolean fits = switch (task) {
            case BINARY -> (objective == TreeEnsemble.Objective.BINARY_LOGISTIC || objective == TreeEnsemble.Objective.REG_LOGISTIC)
                    && classes.size() == 2;
            case MULTICLASS -> objective == TreeEnsemble.Objective.MULTI_SOFTPROB && ensemble.outputCount() == classes.size();
            case REGRESSION -> !objective.isMulticlass() && classes.isEmpty();
        };
        if (!fits) {
            throw new IllegalArgumentException(model + " has objective " + objective.xgboostName() + " with " + ensemble.outputCount()
                    + " output(s), which does not fit task " + task.wireName() + " with " + classes.size() + " classes"
                    + " (binary needs binary:logistic and 2 classes, multiclass multi:softprob with a class per output)");
        }
    }

    public TreeEnsemble ensemble() {
        return ensemble;
    }

    public FeatureSpec features() {
        return features;
    }

    @Override
    public String flavor() {
        return XgboostPackage.FLAVOR;
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public List<InputColumn> inputs() {
        return inputs;
    }

    @Override
    public Predictions predict(Frame frame) {
        FeatureSpec.Encoder encoder = features.encoder(frame);
        int rows = frame.rowCount();
        int width = features.size();
        int outputs = ensemble.outputCount();
        float[] scores;
        if (rows == 1) {
            float[] row = new float[width];
            encoder.encode(0, row, 0);
            scores = new float[outputs];
            ensemble.predict(row, 0, scores, 0);
        } else {
            float[] encoded = new float[Math.multiplyExact(rows, width)];
            for (int row = 0; row < rows; row++) {
                encoder.encode(row, encoded, row * width);
            }
            scores = ensemble.predictBatch(encoded, rows, rows < PARALLEL_ROWS ? 1 : threads);
        }
        return predictions(scores, rows);
    }

    private Predictions predictions(float[] scores, int rows) {
        double[] values = new double[rows];
        return switch (task) {
            case REGRESSION -> {
                for (int row = 0; row < rows; row++) {
                    values[row] = scores[row];
                }
                yield new Predictions(task, classes, values, null);
            }
            case BINARY -> {
                double[] probabilities = new double[rows * 2];
                for (int row = 0; row < rows; row++) {
                    values[row] = scores[row];
                    probabilities[row * 2] = 1.0 - scores[row];
                    probabilities[row * 2 + 1] = scores[row];
                }
                yield new Predictions(task, classes, values, probabilities);
            }
            case MULTICLASS -> {
                int count = classes.size();
                double[] probabilities = new double[rows * count];
                for (int row = 0; row < rows; row++) {
                    int best = 0;
                    for (int c = 0; c < count; c++) {
                        probabilities[row * count + c] = scores[row * count + c];
                        if (scores[row * count + c] > scores[row * count + best]) {
                            best = c;
                        }
                    }
                    values[row] = best;
                }
                yield new Predictions(task, classes, values, probabilities);
            }
        };
    }
}
