package io.slipway.ml.eval;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.Task;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The true answers of labelled rows, read from the target column in the form the task's metrics take:
 * the positive class for a binary model, the class index for a multiclass one, the number for a
 * regression. A value that is not one of the model's classes, a missing value or text where a
 * regression needs a number is a 400 naming {@code target}.
 *
 * @param positive the rows whose value is the model's second class (binary only; else null)
 * @param classes  the index of each row's class in the model's classes (multiclass only; else null)
 * @param actual   the target values (regression only; else null)
 */
public record Labels(Task task, String target, boolean[] positive, int[] classes, double[] actual) {
    public Labels {
        requireNonNull(task, "task is null");
        requireNonNull(target, "target is null");
    }

    /** The labels of {@code frame}'s rows in column {@code target}, for a model of {@code task} over {@code modelClasses}. */
    public static Labels of(Frame frame, String target, Task task, List<String> modelClasses) {
        requireNonNull(frame, "frame is null");
        requireNonNull(task, "task is null");
        if (target == null || target.isBlank()) {
            throw SlipwayException.invalidParameter("target: name the column that holds the true answers.");
        }
        if (frame.rowCount() == 0) {
            throw SlipwayException.invalidParameter("data: there are no rows to evaluate on.");
        }
        Column column = frame.column(target).orElseThrow(() -> SlipwayException.invalidParameter(
                "target: unknown column '%s'; the data has %s.", target, String.join(", ", frame.columnNames())));
        int rows = frame.rowCount();
        if (task == Task.REGRESSION) {
            if (!(column instanceof Column.Numbers numbers)) {
                throw SlipwayException.invalidParameter("target: column '%s' holds text; a regression is scored against numbers.", target);
            }
            for (int row = 0; row < rows; row++) {
                requirePresent(column, target, row);
            }
            return new Labels(task, target, null, null, numbers.values());
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < modelClasses.size(); i++) {
            index.put(modelClasses.get(i), i);
        }
        int[] classes = new int[rows];
        for (int row = 0; row < rows; row++) {
            requirePresent(column, target, row);
            Integer found = index.get(column.text(row));
            if (found == null) {
                throw SlipwayException.invalidParameter("target: column '%s' has '%s' at row %d, which is not one of the model's classes %s.",
                        target, column.text(row), row, modelClasses.size() <= 10 ? modelClasses : modelClasses.subList(0, 10) + "...");
            }
            classes[row] = found;
        }
        if (task == Task.BINARY) {
            boolean[] positive = new boolean[rows];
            for (int row = 0; row < rows; row++) {
                positive[row] = classes[row] == 1;
            }
            return new Labels(task, target, positive, null, null);
        }
        return new Labels(task, target, null, classes, null);
    }

    public int rows() {
        return switch (task) {
            case BINARY -> positive.length;
            case MULTICLASS -> classes.length;
            case REGRESSION -> actual.length;
        };
    }

    private static void requirePresent(Column column, String target, int row) {
        if (column.isMissing(row)) {
            throw SlipwayException.invalidParameter("target: column '%s' has no value at row %d; every evaluated row needs its answer.",
                    target, row);
        }
    }
}
