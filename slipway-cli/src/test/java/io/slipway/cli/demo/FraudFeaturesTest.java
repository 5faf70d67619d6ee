package io.slipway.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.cli.data.CardTransactions;
import org.junit.jupiter.api.Test;

class FraudFeaturesTest {
    @Test
    void takesOneRowPerTransactionWithItsLabel() {
        CardTransactions transactions = new CardTransactions(CardTransactions.Spec.of(5_000, 42, 0));
        long frauds = 0;
        for (CardTransactions.Transaction t : transactions) {
            frauds += t.fraud() ? 1 : 0;
        }

        FraudFeatures data = FraudFeatures.of(transactions);

        assertThat(data.rowCount()).isEqualTo(5_000);
        assertThat(data.fraudCount()).isEqualTo((int) frauds).isPositive();
    }

    @Test
    void splitIsStratifiedAndStandardisedOnTrainingRowsWithMissingValuesAtTheMean() {
        FraudFeatures data = FraudFeatures.of(new CardTransactions(CardTransactions.Spec.of(5_000, 42, 0).withNullFraction(0.2)));

        FraudFeatures.Split split = data.split(0.2, 42);

        assertThat(split.train().length + split.validation().length).isEqualTo(5_000);
        assertThat(split.validation().length).isBetween(999, 1_001);
        assertThat(count(split.validationLabels())).isEqualTo(Math.round(data.fraudCount() * 0.2f));
        for (int j = 0; j < FraudFeatures.FEATURES.size(); j++) {
            double mean = 0;
            for (double[] row : split.train()) {
                assertThat(row[j]).isFinite();
                mean += row[j] / split.train().length;
            }
            assertThat(mean).as(FraudFeatures.FEATURES.get(j)).isBetween(-1e-9, 1e-9);
        }
    }

    private static int count(boolean[] labels) {
        int n = 0;
        for (boolean label : labels) {
            n += label ? 1 : 0;
        }
        return n;
    }
}
