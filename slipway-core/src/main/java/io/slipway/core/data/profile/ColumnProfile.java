package io.slipway.core.data.profile;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one column of a tabular dataset version holds; the reference a drift check compares live
 * values against. Which statistics are present depends on {@link #kind()}:
 * <ul>
 *   <li>every kind: {@code count} (non-null values), {@code nullCount}, and, except
 *       {@code other}, {@code approxDistinct} (DuckDB's HyperLogLog: an estimate, seen 30 % off
 *       on 20,000 distinct values) and {@code min}/{@code max} (as text, as the engine renders the value);</li>
 *   <li>numeric: {@code mean}, {@code std} (sample standard deviation, n − 1), {@code quantiles}
 *       and {@code histogram}: 20 equal-width bins from min to max (one bin when min = max; none
 *       when min or max is not finite). Equal-width bins keep the edges meaningful in the
 *       column's units and are what most PSI implementations start from;</li>
 *   <li>categorical and boolean: {@code topValues}, the (up to) 20 most frequent values, most
 *       frequent first, with exact counts, and {@code otherCount}, the non-null values not
 *       among them.</li>
 * </ul>
 * Statistics a kind does not have are null (lists: empty), never absent-but-zero.
 *
 * @param type the engine's type name, e.g. {@code BIGINT}, {@code DOUBLE}, {@code VARCHAR}
 */
public record ColumnProfile(
        String name,
        String type,
        ColumnKind kind,
        long count,
        long nullCount,
        Long approxDistinct,
        String min,
        String max,
        Double mean,
        Double std,
        Quantiles quantiles,
        Histogram histogram,
        List<ValueCount> topValues,
        Long otherCount) {
    public static final int HISTOGRAM_BINS = 20;
    public static final int TOP_K = 20;

    public ColumnProfile {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(kind, "kind is null");
        topValues = topValues == null ? List.of() : List.copyOf(topValues);
        if (count < 0 || nullCount < 0) {
            throw new IllegalArgumentException("column '" + name + "': negative count " + count + " or null count " + nullCount);
        }
        if (histogram != null && histogram.total() != count) {
            throw new IllegalArgumentException("column '" + name + "': histogram holds " + histogram.total() + " values, the column "
                    + count);
        }
        if (topValues.size() > TOP_K) {
            throw new IllegalArgumentException("column '" + name + "': more than " + TOP_K + " top values");
        }
        if (!topValues.isEmpty()) {
            long top = topValues.stream().mapToLong(ValueCount::count).sum();
            if (otherCount == null || top + otherCount != count) {
                throw new IllegalArgumentException("column '" + name + "': top values (" + top + ") and other (" + otherCount
                        + ") do not add up to the count " + count);
            }
        }
    }

    /** The total rows this column spans, null or not. */
    public long rows() {
        return count + nullCount;
    }
}
