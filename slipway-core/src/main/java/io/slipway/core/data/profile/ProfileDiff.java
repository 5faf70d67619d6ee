package io.slipway.core.data.profile;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The statistics that moved between two profiles of a dataset, column by column: columns added
 * or removed, a changed type, and the summary statistics whose change passes a threshold. It is
 * what a person reads in {@code slipway data diff}, not a drift test: drift monitoring compares
 * distributions with its own methods.
 *
 * <p>Thresholds: a null fraction or a category's share of the values moves at 1 percentage point;
 * a numeric statistic (min, p01, p50, p99, max, mean, std) at 1 % of the larger magnitude; the
 * approximate distinct count, a HyperLogLog estimate that can be 30 % off, only when it halves or
 * doubles.
 */
public final class ProfileDiff {
    public static final double MIN_FRACTION_CHANGE = 0.01;
    public static final double MIN_RELATIVE_CHANGE = 0.01;
    public static final double MIN_DISTINCT_CHANGE = 0.5;

    /** One statistic of one column that moved; {@code from} or {@code to} is empty for a column that was added or removed. */
    public record ColumnChange(String column, String statistic, String from, String to) {
        public ColumnChange {
            requireNonNull(column, "column is null");
            requireNonNull(statistic, "statistic is null");
            from = from == null ? "" : from;
            to = to == null ? "" : to;
        }
    }

    private ProfileDiff() {
    }

    /** The changes, in the newer profile's column order, removed columns last. */
    public static List<ColumnChange> between(DatasetProfile from, DatasetProfile to) {
        List<ColumnChange> changes = new ArrayList<>();
        for (ColumnProfile after : to.columns()) {
            Optional<ColumnProfile> before = from.column(after.name());
            if (before.isEmpty()) {
                changes.add(new ColumnChange(after.name(), "column", "", "added (" + after.type() + ")"));
            } else {
                compare(before.get(), after, changes);
            }
        }
        for (ColumnProfile before : from.columns()) {
            if (to.column(before.name()).isEmpty()) {
                changes.add(new ColumnChange(before.name(), "column", before.type(), "removed"));
            }
        }
        return changes;
    }

    private static void compare(ColumnProfile a, ColumnProfile b, List<ColumnChange> changes) {
        String column = a.name();
        if (!a.type().equals(b.type())) {
            changes.add(new ColumnChange(column, "type", a.type(), b.type()));
        }
        fraction(column, "null_fraction", nullFraction(a), nullFraction(b), changes);
        if (a.approxDistinct() != null && b.approxDistinct() != null
                && moved(a.approxDistinct(), b.approxDistinct(), MIN_DISTINCT_CHANGE)) {
            changes.add(new ColumnChange(column, "approx_distinct", a.approxDistinct().toString(), b.approxDistinct().toString()));
        }
        if (a.kind() == ColumnKind.NUMERIC && b.kind() == ColumnKind.NUMERIC) {
            number(column, "min", parse(a.min()), parse(b.min()), changes);
            if (a.quantiles() != null && b.quantiles() != null) {
                number(column, "p01", a.quantiles().p01(), b.quantiles().p01(), changes);
                number(column, "p50", a.quantiles().p50(), b.quantiles().p50(), changes);
                number(column, "p99", a.quantiles().p99(), b.quantiles().p99(), changes);
            }
            number(column, "max", parse(a.max()), parse(b.max()), changes);
            number(column, "mean", a.mean(), b.mean(), changes);
            number(column, "std", a.std(), b.std(), changes);
        } else if (a.kind() == b.kind() && !a.topValues().isEmpty() && !b.topValues().isEmpty()) {
            shares(a, b, changes);
        }
    }

    /**
     * Each frequent value's share of the non-null values. A value missing from one side's top
     * list has share 0 there when that list holds every value, and is skipped otherwise (its share
     * is unknown, only below the list's last).
     */
    private static void shares(ColumnProfile a, ColumnProfile b, List<ColumnChange> changes) {
        Map<String, Long> before = counts(a);
        Map<String, Long> after = counts(b);
        Set<String> values = new LinkedHashSet<>(after.keySet());
        values.addAll(before.keySet());
        for (String value : values) {
            Double shareBefore = share(a, before, value);
            Double shareAfter = share(b, after, value);
            if (shareBefore != null && shareAfter != null) {
                fraction(a.name(), "share of '" + value + "'", shareBefore, shareAfter, changes);
            }
        }
    }

    private static Map<String, Long> counts(ColumnProfile column) {
        return column.topValues().stream().collect(Collectors.toMap(ValueCount::value, ValueCount::count, Long::sum, LinkedHashMap::new));
    }

    private static Double share(ColumnProfile column, Map<String, Long> counts, String value) {
        if (column.count() == 0) {
            return null;
        }
        Long count = counts.get(value);
        if (count == null) {
            return column.otherCount() != null && column.otherCount() == 0 ? 0.0 : null;
        }
        return (double) count / column.count();
    }

    private static double nullFraction(ColumnProfile column) {
        return column.rows() == 0 ? 0 : (double) column.nullCount() / column.rows();
    }

    private static void fraction(String column, String statistic, double from, double to, List<ColumnChange> changes) {
        if (Math.abs(to - from) >= MIN_FRACTION_CHANGE - 1e-12) {
            changes.add(new ColumnChange(column, statistic, percent(from), percent(to)));
        }
    }

    private static void number(String column, String statistic, Double from, Double to, List<ColumnChange> changes) {
        if (from == null || to == null || from.isNaN() || to.isNaN()) {
            return;
        }
        if (moved(from, to, MIN_RELATIVE_CHANGE)) {
            changes.add(new ColumnChange(column, statistic, NumberText.of(from), NumberText.of(to)));
        }
    }

    private static boolean moved(double from, double to, double threshold) {
        if (from == to) {
            return false;
        }
        if (Double.isInfinite(from) || Double.isInfinite(to)) {
            return true;
        }
        return Math.abs(to - from) >= threshold * Math.max(Math.abs(from), Math.abs(to));
    }

    private static Double parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    /** Reads both sides with {@code reader}; no changes when either has no (readable) profile. */
    public static List<ColumnChange> between(String fromJson, String toJson, Function<String, Optional<DatasetProfile>> reader) {
        if (fromJson == null || toJson == null) {
            return List.of();
        }
        Optional<DatasetProfile> from = reader.apply(fromJson);
        Optional<DatasetProfile> to = reader.apply(toJson);
        return from.isPresent() && to.isPresent() ? between(from.get(), to.get()) : List.of();
    }
}
