package io.slipway.data.validation;

import io.slipway.core.data.profile.ColumnKind;
import io.slipway.core.data.profile.ColumnProfile;
import io.slipway.core.data.profile.DatasetProfile;
import io.slipway.core.data.profile.ValueCount;
import io.slipway.core.data.validation.Severity;
import io.slipway.data.validation.Expectation.Between;
import io.slipway.data.validation.Expectation.ColumnExists;
import io.slipway.data.validation.Expectation.InSet;
import io.slipway.data.validation.Expectation.NotNull;
import io.slipway.data.validation.Expectation.RowCountBetween;
import io.slipway.data.validation.Expectation.Unique;
import java.util.ArrayList;
import java.util.List;

/**
 * Proposes an expectation suite from a dataset's profile, in the spirit of Deequ's constraint
 * suggestion: what the data is now, written down, for a person to review and loosen. The data the
 * profile was taken from passes the suggested suite.
 */
public final class SuiteSuggester {
    /** Categorical columns with at most this many distinct values get an {@code in_set}. */
    static final int MAX_SET_SIZE = 20;

    private SuiteSuggester() {
    }

    public static ExpectationSuite suggest(DatasetProfile profile) {
        List<Expectation> expectations = new ArrayList<>();
        long rows = profile.rowCount();
        expectations.add(new RowCountBetween(rows / 2, (long) Math.ceil(rows * 1.5), Severity.ERROR));
        for (ColumnProfile column : profile.columns()) {
            String name = column.name();
            expectations.add(new ColumnExists(name, ColumnType.ofDuckDb(column.type()).orElse(null), Severity.ERROR));
            expectations.add(new NotNull(name, nullFractionBound(column), Severity.ERROR));
            if (column.kind() == ColumnKind.NUMERIC && column.count() > 0 && finite(column.min()) && finite(column.max())) {
                expectations.add(new Between(name, Double.parseDouble(column.min()), Double.parseDouble(column.max()), Severity.ERROR));
            }
            if (isSmallCategory(column)) {
                expectations.add(new InSet(name, column.topValues().stream().map(ValueCount::value).toList(), Severity.ERROR));
            }
            if (looksUnique(column)) {
                expectations.add(new Unique(name, Severity.ERROR));
            }
        }
        return new ExpectationSuite(expectations);
    }

    /** 0 when there are no nulls; else a little above the observed fraction, rounded up to four decimals. */
    private static double nullFractionBound(ColumnProfile column) {
        if (column.nullCount() == 0) {
            return 0;
        }
        double observed = (double) column.nullCount() / column.rows();
        return Math.min(1, Math.ceil(observed * 1.1 * 10_000) / 10_000);
    }

    private static boolean finite(String number) {
        try {
            return Double.isFinite(Double.parseDouble(number));
        } catch (NumberFormatException | NullPointerException e) {
            return false;
        }
    }

    /** The profile's top values hold every value (nothing "other"), and there are few of them. */
    private static boolean isSmallCategory(ColumnProfile column) {
        return column.kind() == ColumnKind.CATEGORICAL && !column.topValues().isEmpty() && column.topValues().size() <= MAX_SET_SIZE
                && column.otherCount() != null && column.otherCount() == 0;
    }

    /**
     * The HyperLogLog estimate is within 1 % of the count; for a categorical or integer column (a
     * key, an id), not for measurements, whose distinct values are a coincidence.
     */
    private static boolean looksUnique(ColumnProfile column) {
        boolean keyLike = column.kind() == ColumnKind.CATEGORICAL || ColumnType.ofDuckDb(column.type())
                .map(t -> t == ColumnType.INTEGER || t == ColumnType.LONG).orElse(false);
        return keyLike && column.count() > 1 && column.approxDistinct() != null
                && Math.abs(column.approxDistinct() - column.count()) <= column.count() * 0.01;
    }
}
