package io.slipway.cli.demo;

import io.slipway.cli.data.CardTransactions.Transaction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The demo's training table: the numeric columns of {@link io.slipway.cli.data.CardTransactions}
 * rows, as a logistic regression takes them. A missing value is kept as NaN and becomes the
 * training mean (0 once standardised). Demo workload, not a product feature pipeline.
 */
public final class FraudFeatures {
    /** The columns used, as named in the dataset; {@code card_present} is 1 or 0. */
    public static final List<String> FEATURES = List.of(
            "amount", "amount_vs_avg_30d", "distance_from_home_km", "velocity_1h", "velocity_24h", "hour", "card_present");
    public static final String LABEL = "is_fraud";

    private final double[][] rows;
    private final boolean[] fraud;

    private FraudFeatures(double[][] rows, boolean[] fraud) {
        this.rows = rows;
        this.fraud = fraud;
    }

    public static FraudFeatures of(Iterable<Transaction> transactions) {
        List<double[]> rows = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        for (Transaction t : transactions) {
            rows.add(new double[] {
                    t.amount(),
                    t.amountVsAvg30d() == null ? Double.NaN : t.amountVsAvg30d(),
                    t.distanceFromHomeKm() == null ? Double.NaN : t.distanceFromHomeKm(),
                    t.velocity1h(),
                    t.velocity24h(),
                    t.hour(),
                    t.cardPresent() ? 1 : 0,
            });
            labels.add(t.fraud());
        }
        boolean[] fraud = new boolean[labels.size()];
        for (int i = 0; i < fraud.length; i++) {
            fraud[i] = labels.get(i);
        }
        return new FraudFeatures(rows.toArray(double[][]::new), fraud);
    }

    public int rowCount() {
        return rows.length;
    }

    public int fraudCount() {
        int count = 0;
        for (boolean f : fraud) {
            count += f ? 1 : 0;
        }
        return count;
    }

    /** Training and validation rows, standardised with the training rows' mean and standard deviation. */
    public record Split(double[][] train, boolean[] trainLabels, double[][] validation, boolean[] validationLabels,
            double[] mean, double[] std) {}

    /** A stratified split: {@code validationFraction} of the frauds and of the others go to validation. */
    public Split split(double validationFraction, long seed) {
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (boolean label : new boolean[] {true, false}) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < rows.length; i++) {
                if (fraud[i] == label) {
                    members.add(i);
                }
            }
            Collections.shuffle(members, random);
            int validationSize = (int) Math.round(members.size() * validationFraction);
            validation.addAll(members.subList(0, validationSize));
            train.addAll(members.subList(validationSize, members.size()));
        }
        double[] mean = new double[FEATURES.size()];
        double[] std = new double[FEATURES.size()];
        for (int j = 0; j < mean.length; j++) {
            int present = 0;
            for (int i : train) {
                if (!Double.isNaN(rows[i][j])) {
                    mean[j] += rows[i][j];
                    present++;
                }
            }
            mean[j] = present == 0 ? 0 : mean[j] / present;
            for (int i : train) {
                if (!Double.isNaN(rows[i][j])) {
                    std[j] += Math.pow(rows[i][j] - mean[j], 2);
                }
            }
            std[j] = present > 0 && std[j] > 0 ? Math.sqrt(std[j] / present) : 1;
        }
        return new Split(standardised(train, mean, std), labels(train), standardised(validation, mean, std), labels(validation), mean, std);
    }

    private double[][] standardised(List<Integer> indices, double[] mean, double[] std) {
        double[][] x = new double[indices.size()][mean.length];
        for (int k = 0; k < indices.size(); k++) {
            for (int j = 0; j < mean.length; j++) {
                double value = rows[indices.get(k)][j];
                x[k][j] = Double.isNaN(value) ? 0 : (value - mean[j]) / std[j];
            }
        }
        return x;
    }

    private boolean[] labels(List<Integer> indices) {
        boolean[] y = new boolean[indices.size()];
        for (int k = 0; k < indices.size(); k++) {
            y[k] = fraud[indices.get(k)];
        }
        return y;
    }
}
