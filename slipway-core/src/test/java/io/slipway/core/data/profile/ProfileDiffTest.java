package io.slipway.core.data.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.data.profile.ProfileDiff.ColumnChange;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProfileDiffTest {
    private static final long ROWS = 1_000;

    @Test
    void identicalProfilesHaveNoChanges() {
        DatasetProfile profile = new DatasetProfile(ROWS, List.of(amount(10, 50.0, 20.0, 500.0), device(600, 400, 0)));

        assertThat(ProfileDiff.between(profile, profile)).isEmpty();
    }

    @Test
    void reportsMovedNumericStatisticsAndLeavesOutThoseBelowOnePercent() {
        DatasetProfile before = new DatasetProfile(ROWS, List.of(amount(10, 50.0, 20.0, 500.0)));
        DatasetProfile after = new DatasetProfile(ROWS, List.of(amount(10, 60.0, 20.1, 500.0)));

        assertThat(ProfileDiff.between(before, after)).containsExactly(
                new ColumnChange("amount", "p50", "40", "48"),
                new ColumnChange("amount", "mean", "50", "60"));
    }

    @Test
    void reportsANullFractionThatMovedByAPercentagePoint() {
        DatasetProfile before = new DatasetProfile(ROWS, List.of(amount(10, 50.0, 20.0, 500.0)));
        DatasetProfile slightly = new DatasetProfile(ROWS, List.of(amount(19, 50.0, 20.0, 500.0)));
        DatasetProfile clearly = new DatasetProfile(ROWS, List.of(amount(20, 50.0, 20.0, 500.0)));

        assertThat(ProfileDiff.between(before, slightly)).isEmpty();
        assertThat(ProfileDiff.between(before, clearly)).containsExactly(new ColumnChange("amount", "null_fraction", "1.00%", "2.00%"));
    }

    @Test
    void reportsCategorySharesIncludingANewValueWhenTheListIsComplete() {
        DatasetProfile before = new DatasetProfile(ROWS, List.of(device(600, 400, 0)));
        DatasetProfile after = new DatasetProfile(ROWS, List.of(device(500, 400, 100)));

        assertThat(ProfileDiff.between(before, after)).containsExactly(
                new ColumnChange("device", "share of 'pos'", "60.00%", "50.00%"),
                new ColumnChange("device", "share of 'web'", "0.00%", "10.00%"));
    }

    @Test
    void reportsAddedRemovedAndRetypedColumns() {
        DatasetProfile before = new DatasetProfile(ROWS, List.of(amount(0, 50.0, 20.0, 500.0), device(600, 400, 0)));
        ColumnProfile amountAsText = new ColumnProfile("amount", "VARCHAR", ColumnKind.CATEGORICAL, ROWS, 0, 900L, "0.5", "99.0", null,
                null, null, null, List.of(), null);
        ColumnProfile hour = new ColumnProfile("hour", "BIGINT", ColumnKind.NUMERIC, ROWS, 0, 24L, "0", "23", 11.5, 6.9,
                null, null, List.of(), null);
        DatasetProfile after = new DatasetProfile(ROWS, List.of(amountAsText, hour));

        assertThat(ProfileDiff.between(before, after)).containsExactly(
                new ColumnChange("amount", "type", "DOUBLE", "VARCHAR"),
                new ColumnChange("hour", "column", "", "added (BIGINT)"),
                new ColumnChange("device", "column", "VARCHAR", "removed"));
    }

    @Test
    void noChangesWithoutTwoReadableProfiles() {
        DatasetProfile profile = new DatasetProfile(ROWS, List.of(amount(0, 50.0, 20.0, 500.0)));

        assertThat(ProfileDiff.between(null, "{}", json -> Optional.of(profile))).isEmpty();
        assertThat(ProfileDiff.between("{}", "not json", json -> json.equals("{}") ? Optional.of(profile) : Optional.empty())).isEmpty();
    }

    @Test
    void formatsNumbersWithSixSignificantDigits() {
        assertThat(NumberText.of(123456789.0)).isEqualTo("123457000");
        assertThat(NumberText.of(0.000123456789)).isEqualTo("0.000123457");
        assertThat(NumberText.of(82.5)).isEqualTo("82.5");
        assertThat(NumberText.of(30.0)).isEqualTo("30");
        assertThat(NumberText.of(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    }

    /** A numeric column with {@code nulls} missing values; its median is 0.8 of its mean. */
    private static ColumnProfile amount(long nulls, double mean, double std, double max) {
        Quantiles quantiles = new Quantiles(1, 2, 20, mean * 0.8, 70, 150, 300);
        return new ColumnProfile("amount", "DOUBLE", ColumnKind.NUMERIC, ROWS - nulls, nulls, 900L, "0.5", Double.toString(max), mean,
                std, quantiles, null, List.of(), null);
    }

    private static ColumnProfile device(long pos, long ios, long web) {
        List<ValueCount> top = web == 0 ? List.of(new ValueCount("pos", pos), new ValueCount("ios", ios))
                : List.of(new ValueCount("pos", pos), new ValueCount("ios", ios), new ValueCount("web", web));
        return new ColumnProfile("device", "VARCHAR", ColumnKind.CATEGORICAL, pos + ios + web, ROWS - pos - ios - web, (long) top.size(),
                "ios", "web", null, null, null, null, top, 0L);
    }
}
