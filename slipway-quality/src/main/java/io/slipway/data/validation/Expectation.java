package io.slipway.data.validation;

import static java.util.Objects.requireNonNull;

import io.slipway.core.data.validation.Severity;
import java.util.List;

/**
 * One check of an expectation suite. Row-level expectations ({@code not_null}, {@code between},
 * {@code in_set}, {@code unique}, {@code matches}) are broken by individual rows, which a report
 * shows examples of; the others are about the dataset or a column as a whole.
 */
public sealed interface Expectation {
    /** The name a suite uses for it, e.g. {@code not_null}. */
    String kind();

    /** The column it checks; null for {@code row_count_between}. */
    String column();

    Severity severity();

    /** The column exists and, when {@code type} is given, has that type (or a narrower one). */
    record ColumnExists(String column, ColumnType type, Severity severity) implements Expectation {
        public ColumnExists {
            requireNonNull(column, "column is null");
            requireNonNull(severity, "severity is null");
        }

        @Override
        public String kind() {
            return "column_exists";
        }
    }

    /** At most {@code maxNullFraction} of the rows are null (0: none). */
    record NotNull(String column, double maxNullFraction, Severity severity) implements Expectation {
        public NotNull {
            requireNonNull(column, "column is null");
            requireNonNull(severity, "severity is null");
            if (!(maxNullFraction >= 0 && maxNullFraction <= 1)) {
                throw new IllegalArgumentException("max_null_fraction must be between 0 and 1, got " + maxNullFraction);
            }
        }

        @Override
        public String kind() {
            return "not_null";
        }
    }

    /** Every non-null value lies in [min, max]. */
    record Between(String column, double min, double max, Severity severity) implements Expectation {
        public Between {
            requireNonNull(column, "column is null");
            requireNonNull(severity, "severity is null");
            checkRange(min, max);
        }

        @Override
        public String kind() {
            return "between";
        }
    }

    /** Every non-null value, as text, is one of {@code values}. */
    record InSet(String column, List<String> values, Severity severity) implements Expectation {
        public InSet {
            requireNonNull(column, "column is null");
            values = List.copyOf(values);
            requireNonNull(severity, "severity is null");
            if (values.isEmpty()) {
                throw new IllegalArgumentException("values must not be empty");
            }
        }

        @Override
        public String kind() {
            return "in_set";
        }
    }

    /** No non-null value occurs twice. */
    record Unique(String column, Severity severity) implements Expectation {
        public Unique {
            requireNonNull(column, "column is null");
            requireNonNull(severity, "severity is null");
        }

        @Override
        public String kind() {
            return "unique";
        }
    }

    /** Every non-null value, as text, matches {@code regex} as a whole. */
    record Matches(String column, String regex, Severity severity) implements Expectation {
        public Matches {
            requireNonNull(column, "column is null");
            requireNonNull(regex, "regex is null");
            requireNonNull(severity, "severity is null");
        }

        @Override
        public String kind() {
            return "matches";
        }
    }

    /** The dataset has between min and max rows. */
    record RowCountBetween(long min, long max, Severity severity) implements Expectation {
        public RowCountBetween {
            requireNonNull(severity, "severity is null");
            if (min < 0 || min > max) {
                throw new IllegalArgumentException("row count range [" + min + ", " + max + "] is empty or negative");
            }
        }

        @Override
        public String kind() {
            return "row_count_between";
        }

        @Override
        public String column() {
            return null;
        }
    }

    /** The mean of the non-null values lies in [min, max]. */
    record MeanBetween(String column, double min, double max, Severity severity) implements Expectation {
        public MeanBetween {
            requireNonNull(column, "column is null");
            requireNonNull(severity, "severity is null");
            checkRange(min, max);
        }

        @Override
        public String kind() {
            return "mean_between";
        }
    }

    /** The exact {@code quantile} (interpolated, like numpy's default) of the non-null values lies in [min, max]. */
    record QuantileBetween(String column, double quantile, double min, double max, Severity severity) implements Expectation {
        public QuantileBetween {
            requireNonNull(column, "column is null");
            requireNonNull(severity, "severity is null");
            if (!(quantile >= 0 && quantile <= 1)) {
                throw new IllegalArgumentException("quantile must be between 0 and 1, got " + quantile);
            }
            checkRange(min, max);
        }

        @Override
        public String kind() {
            return "quantile_between";
        }
    }

    private static void checkRange(double min, double max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("min " + min + " is greater than max " + max);
        }
    }
}
