package io.slipway.cli.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.slipway.cli.data.CardTransactions.Spec;
import io.slipway.cli.data.CardTransactions.Transaction;
import io.slipway.ml.eval.BinaryMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class CardTransactionsTest {
    private static final int SAMPLE_ROWS = 200_000;
    private static List<Transaction> reference;
    private static List<Transaction> drifted;

    @Test
    void sameSpecGivesTheSameBytes() {
        assertThat(csv(Spec.of(20_000, 7, 0.3))).isEqualTo(csv(Spec.of(20_000, 7, 0.3)));
    }

    @Test
    void anotherSeedGivesOtherRows() {
        assertThat(csv(Spec.of(1_000, 7, 0))).isNotEqualTo(csv(Spec.of(1_000, 8, 0)));
    }

    /** A dataset version is reproducible only while the generator is: changing its output must be a deliberate act. */
    @Test
    void outputIsPinned() throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(csv(Spec.of(1_000, 42, 0)));

        assertThat(HexFormat.of().formatHex(digest)).isEqualTo("69dde197eea14fb5e003c25e914f01208fe2116e13b1fd19f83a3a501a5f1504");
    }

    @Test
    void fraudIsAboutOnePercentAtTheReference() {
        assertThat(rate(reference(), Transaction::fraud)).isCloseTo(0.01, within(0.003));
    }

    @Test
    void driftRaisesTheFraudRateToAboutTwoPercent() {
        assertThat(rate(drifted(), Transaction::fraud)).isBetween(0.015, 0.03);
    }

    /** The label follows the features: a crude hand-made score finds most frauds, yet not all of them. */
    @Test
    void fraudIsLearnableButNotPerfectly() {
        List<Transaction> rows = reference();
        double[] scores = rows.stream().mapToDouble(CardTransactionsTest::riskScore).toArray();
        boolean[] fraud = new boolean[rows.size()];
        for (int i = 0; i < fraud.length; i++) {
            fraud[i] = rows.get(i).fraud();
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double riskiestDecile = sorted[(int) (sorted.length * 0.9)];

        assertThat(rate(rows.stream().filter(row -> riskScore(row) > riskiestDecile).toList(), Transaction::fraud))
                .isGreaterThan(4 * rate(rows, Transaction::fraud));
        assertThat(BinaryMetrics.rocAuc(fraud, scores)).isBetween(0.8, 0.97);
    }

    @Test
    void driftRaisesAmounts() {
        assertThat(mean(drifted(), Transaction::amount)).isGreaterThan(1.3 * mean(reference(), Transaction::amount));
    }

    @Test
    void driftMovesTheCountryDeviceAndCategoryMix() {
        Predicate<Transaction> foreign = row -> !row.country().equals(CardTransactions.HOME_COUNTRY);
        Predicate<Transaction> pointOfSale = row -> row.device().equals("pos");
        Predicate<Transaction> onlineRetail = row -> row.merchantCategory().equals("online_retail");

        assertThat(rate(drifted(), foreign)).isGreaterThan(2 * rate(reference(), foreign));
        assertThat(rate(drifted(), pointOfSale)).isLessThan(rate(reference(), pointOfSale) - 0.2);
        assertThat(rate(drifted(), onlineRetail)).isGreaterThan(rate(reference(), onlineRetail) + 0.05);
    }

    @Test
    void driftMovesTransactionsIntoTheNight() {
        Predicate<Transaction> night = row -> row.hour() < 6;

        assertThat(rate(drifted(), night)).isGreaterThan(1.5 * rate(reference(), night));
    }

    @Test
    void homeCountryDominates() {
        assertThat(rate(reference(), row -> row.country().equals(CardTransactions.HOME_COUNTRY))).isGreaterThan(0.9);
    }

    @Test
    void nullFractionIsRespected() {
        List<Transaction> rows = rows(Spec.of(100_000, 3, 0).withNullFraction(0.05));

        assertThat(rate(rows, row -> row.distanceFromHomeKm() == null)).isCloseTo(0.05, within(0.005));
        assertThat(rate(rows, row -> row.amountVsAvg30d() == null)).isCloseTo(0.05, within(0.005));
        assertThat(rows(Spec.of(10_000, 3, 0).withNullFraction(0))).allSatisfy(row -> {
            assertThat(row.distanceFromHomeKm()).isNotNull();
            assertThat(row.amountVsAvg30d()).isNotNull();
        });
    }

    @Test
    void timestampsIncreaseWithinTheSpanAndGiveTheHour() {
        Instant start = Instant.parse("2023-06-01T10:30:00Z");
        List<Transaction> rows = rows(new Spec(50_000, 1, start, Duration.ofDays(7), 0, 0));

        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).timestamp()).isAfterOrEqualTo(rows.get(i - 1).timestamp());
        }
        assertThat(rows.get(0).timestamp()).isAfterOrEqualTo(start);
        assertThat(rows.get(rows.size() - 1).timestamp()).isBefore(start.plus(Duration.ofDays(7)));
        assertThat(rows).allSatisfy(row -> assertThat(row.hour()).isEqualTo(row.timestamp().atZone(ZoneOffset.UTC).getHour()));
    }

    @Test
    void busiestHoursAreInTheDayAndQuietestAtNight() {
        long[] perHour = new long[24];
        reference().forEach(row -> perHour[row.hour()]++);

        assertThat(perHour[18]).isGreaterThan(10 * perHour[3]);
    }

    @Test
    void transactionIdsAreUnique() {
        Set<String> ids = new HashSet<>();
        reference().forEach(row -> ids.add(row.transactionId()));

        assertThat(ids).hasSize(SAMPLE_ROWS);
    }

    @Test
    void valuesStayInTheirDomains() {
        Set<String> devices = Set.of("web", "ios", "android", "pos");
        assertThat(drifted()).allSatisfy(row -> {
            assertThat(row.amount()).isBetween(0.5, 25_000.0);
            assertThat(row.hour()).isBetween(0, 23);
            assertThat(devices).contains(row.device());
            assertThat(row.country()).matches("[A-Z]{2}");
            assertThat(row.customerId()).matches("C\\d{6}");
            assertThat(row.velocity24h()).isGreaterThanOrEqualTo(row.velocity1h()).isGreaterThanOrEqualTo(0);
            assertThat(!row.cardPresent() || row.device().equals("pos")).as("a present card is at a till").isTrue();
        });
        assertThat(drifted().stream().map(Transaction::merchantCategory).distinct()).hasSize(11);
    }

    @Test
    void rejectsSpecsOutOfRange() {
        assertThatThrownBy(() -> Spec.of(-1, 1, 0)).hasMessage("rows must be 0 or more, was -1");
        assertThatThrownBy(() -> Spec.of(10, 1, 1.5)).hasMessage("drift must be between 0.0 and 1.0, was 1.5");
        assertThatThrownBy(() -> Spec.of(10, 1, Double.NaN)).hasMessageStartingWith("drift must be");
        assertThatThrownBy(() -> Spec.of(10, 1, 0).withNullFraction(-0.1)).hasMessageStartingWith("null fraction must be");
        assertThatThrownBy(() -> new Spec(10, 1, Spec.DEFAULT_START, Duration.ofMinutes(5), 0, 0)).hasMessageStartingWith("span must be");
    }

    @Test
    void zeroRowsIsAnEmptyStream() {
        assertThat(new CardTransactions(Spec.of(0, 1, 0))).isEmpty();
    }

    /** Risky signs a fraud analyst would name first, added up. */
    private static double riskScore(Transaction row) {
        double ratio = row.amountVsAvg30d() != null ? row.amountVsAvg30d() : 1;
        return Math.max(0, Math.log(ratio)) + (row.country().equals(CardTransactions.HOME_COUNTRY) ? 0 : 1) + (row.hour() < 6 ? 1 : 0)
                + 0.5 * Math.min(row.velocity1h(), 8) + (row.cardPresent() ? 0 : 1);
    }

    private static synchronized List<Transaction> reference() {
        if (reference == null) {
            reference = rows(Spec.of(SAMPLE_ROWS, 11, 0));
        }
        return reference;
    }

    private static synchronized List<Transaction> drifted() {
        if (drifted == null) {
            drifted = rows(Spec.of(SAMPLE_ROWS, 12, 1));
        }
        return drifted;
    }

    private static List<Transaction> rows(Spec spec) {
        List<Transaction> rows = new ArrayList<>();
        new CardTransactions(spec).forEach(rows::add);
        return rows;
    }

    static byte[] csv(Spec spec) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TransactionWriter writer = TransactionFormat.CSV.open(bytes)) {
            for (Transaction row : new CardTransactions(spec)) {
                writer.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static double rate(List<Transaction> rows, Predicate<Transaction> condition) {
        return rows.stream().filter(condition).count() / (double) rows.size();
    }

    private static double mean(List<Transaction> rows, ToDoubleFunction<Transaction> value) {
        return rows.stream().mapToDouble(value).average().orElseThrow();
    }
}
