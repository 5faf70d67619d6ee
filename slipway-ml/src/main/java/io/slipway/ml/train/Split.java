package io.slipway.ml.train;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonValue;
import io.slipway.core.SlipwayException;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Which rows train and which validate (early stopping and the reported metrics use the
 * validation rows). Reproducible: the same frame, spec and seed give the same rows; each side
 * keeps the frame's row order.
 *
 * <ul>
 *   <li>{@code random}: a seeded shuffle, the first {@code validation_fraction} validate;</li>
 *   <li>{@code stratified}: the same within each value of the target, so a 1 % fraud rate is 1 %
 *       on both sides;</li>
 *   <li>{@code time}: the latest {@code validation_fraction} of the rows by {@code column} (a date,
 *       timestamp or number) validate, as a model is used on data newer than it learned from.</li>
 * </ul>
 */
public record Split(int[] train, int[] validation) {
    public enum Method {
        RANDOM("random"),
        STRATIFIED("stratified"),
        TIME("time");

        private final String wireName;

        Method(String wireName) {
            this.wireName = wireName;
        }

        @JsonValue
        public String wireName() {
            return wireName;
        }
    }

    /** How to split; {@code column} only for {@code time}. */
    public record Spec(Method method, double validationFraction, long seed, String column) {
        public Spec {
            requireNonNull(method, "method is null");
            if (!(validationFraction > 0 && validationFraction < 1)) {
                throw SlipwayException.invalidParameter("Invalid value %s for 'split.validation_fraction': between 0 and 1, exclusive.",
                        validationFraction);
            }
            if (method == Method.TIME && (column == null || column.isEmpty())) {
                throw SlipwayException.missingParameter("split.column");
            }
        }
    }

    public static Split of(Frame frame, Spec spec, String target) {
        int rows = frame.rowCount();
        List<Integer> validation = switch (spec.method()) {
            case RANDOM -> firstOfShuffled(range(rows), spec);
            case STRATIFIED -> stratified(frame.require(target), spec);
            case TIME -> latest(frame.require(spec.column()), spec);
        };
        boolean[] validates = new boolean[rows];
        validation.forEach(row -> validates[row] = true);
        int[] validationRows = new int[validation.size()];
        int[] trainRows = new int[rows - validation.size()];
        for (int row = 0, t = 0, v = 0; row < rows; row++) {
            if (validates[row]) {
                validationRows[v++] = row;
            } else {
                trainRows[t++] = row;
            }
        }
        if (trainRows.length == 0 || validationRows.length == 0) {
            throw SlipwayException.invalidParameter("Cannot split %d rows into training and validation with 'split.validation_fraction' %s:"
                    + " one side would be empty.", rows, spec.validationFraction());
        }
        return new Split(trainRows, validationRows);
    }

    private static List<Integer> range(int rows) {
        List<Integer> all = new ArrayList<>(rows);
        for (int row = 0; row < rows; row++) {
            all.add(row);
        }
        return all;
    }

    private static List<Integer> firstOfShuffled(List<Integer> rows, Spec spec) {
        List<Integer> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(spec.seed()));
        return shuffled.subList(0, (int) Math.round(rows.size() * spec.validationFraction()));
    }

    private static List<Integer> stratified(Column target, Spec spec) {
        Map<String, List<Integer>> byValue = new LinkedHashMap<>();
        for (int row = 0; row < target.size(); row++) {
            String value = target.text(row);
            if (value == null) {
                throw SlipwayException.invalidParameter("The target has no value at row %d: every training row needs one.", row);
            }
            byValue.computeIfAbsent(value, v -> new ArrayList<>()).add(row);
        }
        List<String> values = new ArrayList<>(byValue.keySet());
        Collections.sort(values);
        List<Integer> validation = new ArrayList<>();
        for (String value : values) {
            validation.addAll(firstOfShuffled(byValue.get(value), spec));
        }
        return validation;
    }

    private static List<Integer> latest(Column time, Spec spec) {
        if (!(time instanceof Column.Numbers numbers)) {
            throw SlipwayException.invalidParameter("Column '%s' of 'split.column' holds text; a time split needs dates, timestamps or"
                    + " numbers.", spec.column());
        }
        Integer[] order = new Integer[numbers.size()];
        for (int row = 0; row < order.length; row++) {
            if (Double.isNaN(numbers.values()[row])) {
                throw SlipwayException.invalidParameter("Column '%s' of 'split.column' has no value at row %d.", spec.column(), row);
            }
            order[row] = row;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer row) -> numbers.values()[row]).thenComparingInt(row -> row));
        int count = (int) Math.round(order.length * spec.validationFraction());
        return Arrays.asList(order).subList(order.length - count, order.length);
    }
}
