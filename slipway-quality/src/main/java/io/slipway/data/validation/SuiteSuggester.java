package io.slipway.data.validation;

import io.slipway.core.data.profile.ColumnKind;
import io.slipway.core.data.profile.ColumnProfile;
import io.slipway.core.data.profile.DatasetProfile;
import io.slipway.core.data.profile.ValueCount;
import io.slipway.core.data.validation.ExpectationResult;
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
 * suggestion: what the data is now, written down, for a person to review and loosen. Some of it rests
 * on estimates (uniqueness on a HyperLogLog count of distinct values), so {@link #suggest(DatasetProfile,
 * String, Validator)} checks the proposal against the profiled data and drops what that data breaks.
 */
public final class SuiteSuggester {
    /** Categorical columns with at most this many distinct values get an {@code in_set}. */
    static final int MAX_SET_SIZE = 20;

    private SuiteSuggester() {
    }

    /** The suggestion for the data at {@code location}, without the expectations that data itself breaks. */
    public static ExpectationSuite suggest(DatasetProfile profile, String location, Validator validator) {
        ExpectationSuite proposed = suggest(profile);
        List<ExpectationResult> results = validator.validate(location, proposed).expectations();
        List<Expectation> kept = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).passed()) {
                kept.add(proposed.expectations().get(i));
            }
        }
        return new ExpectationSuite(kept);
    }

    /** The suggestion from the profile alone; an expectation resting on an estimate may not hold on the data. */
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
        // less a hair, so that 0.1 * 1.1 = 0.11000000000000001 rounds up to 0.11, not 0.1101
        return Math.min(1, Math.ceil(observed * 1.1 * 10_000 - 1e-6) / 10_000);
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
     * The HyperLogLog estimate is within its error of the count: DuckDB's is 25 % over for 1,000
     * distinct integers, so the margin is wide and the proposal checked against the data. Only for a
     * categorical or integer column (a key, an id), not measurements, whose distinct values are a coincidence.
     */
    private static boolean looksUnique(ColumnProfile column) {
        boolean keyLike = column.kind() == ColumnKind.CATEGORICAL || ColumnType.ofDuckDb(column.type())
                .map(t -> t == ColumnType.INTEGER || t == ColumnType.LONG).orElse(false);
        return keyLike && column.count() > 1 && column.approxDistinct() != null
                && Math.abs(column.approxDistinct() - column.count()) <= column.count() * 0.3;
    }
}
