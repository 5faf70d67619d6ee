package io.slipway.ml.predict;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A model's answers for the rows of a frame, in row order.
 *
 * <ul>
 *   <li>{@link Task#REGRESSION}: {@code values[i]} is the prediction; no classes, no probabilities.</li>
 *   <li>{@link Task#BINARY}: {@code classes} are the two labels, negative first; {@code values[i]}
 *       is the probability of {@code classes[1]}, and {@code probabilities} holds both, row-major.</li>
 *   <li>{@link Task#MULTICLASS}: {@code values[i]} is the index of the likeliest class;
 *       {@code probabilities} holds {@code classes.size()} per row, row-major.</li>
 * </ul>
 */
public record Predictions(Task task, List<String> classes, double[] values, double[] probabilities) {
    public Predictions {
        requireNonNull(task, "task is null");
        classes = List.copyOf(requireNonNull(classes, "classes is null"));
        requireNonNull(values, "values is null");
        probabilities = probabilities == null ? new double[0] : probabilities;
        if (task == Task.REGRESSION) {
            if (!classes.isEmpty() || probabilities.length != 0) {
                throw new IllegalArgumentException("a regression has no classes or probabilities");
            }
        } else {
            if (classes.size() < 2 || (task == Task.BINARY && classes.size() != 2)) {
                throw new IllegalArgumentException(task.wireName() + " with " + classes.size() + " classes");
            }
            if (probabilities.length != (long) values.length * classes.size()) {
                throw new IllegalArgumentException(values.length + " rows need " + values.length * classes.size() + " probabilities, got "
                        + probabilities.length);
            }
        }
    }

    public int rowCount() {
        return values.length;
    }

    /** The predicted class of {@code row} (a probability of at least 0.5 is positive for binary); null for a regression. */
    public String label(int row) {
        return switch (task) {
            case REGRESSION -> null;
            case BINARY -> classes.get(values[row] >= 0.5 ? 1 : 0);
            case MULTICLASS -> classes.get((int) values[row]);
        };
    }

    public double probability(int row, int classIndex) {
        if (task == Task.REGRESSION) {
            throw new IllegalStateException("a regression has no probabilities");
        }
        return probabilities[row * classes.size() + classIndex];
    }
    /** Rows {@code from} (inclusive) to {@code to} (exclusive) as predictions of their own. */
    public Predictions slice(int from, int to) {
        int width = classes.size();
        return new Predictions(task, classes, java.util.Arrays.copyOfRange(values, from, to),
                task == Task.REGRESSION ? null : java.util.Arrays.copyOfRange(probabilities, from * width, to * width));
    }
}
