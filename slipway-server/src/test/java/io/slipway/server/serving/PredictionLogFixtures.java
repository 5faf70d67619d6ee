package io.slipway.server.serving;

import io.slipway.core.serving.ModelRef;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Requests and answers as the serving runtime hands them to the prediction log. */
final class PredictionLogFixtures {
    static final long DAY_ONE = Instant.parse("2026-11-27T23:59:00Z").toEpochMilli();
    static final long DAY_TWO = Instant.parse("2026-11-28T00:01:00Z").toEpochMilli();
    static final ModelRef FRAUD_3 = new ModelRef("fraud", "3");

    private PredictionLogFixtures() {
    }

    static PredictionLog.Settings settings(int capacity) {
        return new PredictionLog.Settings(capacity, 50_000, Duration.ofMinutes(10));
    }

    /** Transactions with an amount (a number, missing when NaN) and a country (text, missing when null). */
    static Frame transactions(double[] amounts, String[] countries) {
        Map<String, Column> columns = new LinkedHashMap<>();
        columns.put("amount", new Column.Numbers(amounts));
        columns.put("country", new Column.Texts(countries));
        return Frame.of(columns);
    }

    static PredictionRecord binary(String requestId, long timestamp, double... fraudProbabilities) {
        double[] amounts = new double[fraudProbabilities.length];
        String[] countries = new String[fraudProbabilities.length];
        double[] probabilities = new double[fraudProbabilities.length * 2];
        for (int i = 0; i < fraudProbabilities.length; i++) {
            amounts[i] = 100 + i;
            countries[i] = "FR";
            probabilities[2 * i] = 1 - fraudProbabilities[i];
            probabilities[2 * i + 1] = fraudProbabilities[i];
        }
        return new PredictionRecord(requestId, timestamp, "fraud", FRAUD_3, PredictionRecord.STABLE, transactions(amounts, countries),
                new Predictions(Task.BINARY, List.of("legit", "fraud"), fraudProbabilities, probabilities), 2_500_000);
    }

    static PredictionRecord regression(String requestId, long timestamp, double value) {
        return new PredictionRecord(requestId, timestamp, "prices", new ModelRef("prices", "1"), PredictionRecord.STABLE,
                transactions(new double[] {Double.NaN}, new String[] {null}), new Predictions(Task.REGRESSION, List.of(), new double[] {value},
                        null), 1_000_000);
    }

    static PredictionRecord multiclass(String requestId, long timestamp) {
        return new PredictionRecord(requestId, timestamp, "species", new ModelRef("species", "2"), PredictionRecord.CANARY,
                transactions(new double[] {5.1}, new String[] {"north"}),
                new Predictions(Task.MULTICLASS, List.of("setosa", "versicolor", "virginica"), new double[] {2}, new double[] {0.1, 0.2, 0.7}),
                3_000_000);
    }
}
