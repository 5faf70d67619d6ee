package io.slipway.cli.demo;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Demo workload: a synthetic table of card transactions with a rare fraud label. A fraudulent
 * transaction is mostly given away by an amount well above what the customer usually spends (a
 * direction that plain gradient descent finds slowly, so the learning rate shows); it also tends
 * to be farther from home, in a burst, at a riskier merchant and on a younger account. The same seed
 * gives the same rows, and values are rounded when drawn, so the CSV holds exactly what is trained on.
 */
public final class SyntheticFraudData {
    public static final List<String> FEATURES = List.of(
            "amount", "customer_avg_amount", "distance_from_home_km", "transactions_last_24h", "merchant_risk_score", "account_age_days");
    public static final String LABEL = "is_fraud";

    private final double[][] rows;
    private final boolean[] fraud;

    private SyntheticFraudData(double[][] rows, boolean[] fraud) {
        this.rows = rows;
        this.fraud = fraud;
    }

    public static SyntheticFraudData generate(int rowCount, double fraudRate, long seed) {
        Random random = new Random(seed);
        double[][] rows = new double[rowCount][];
        boolean[] fraud = new boolean[rowCount];
        for (int i = 0; i < rowCount; i++) {
            boolean isFraud = random.nextDouble() < fraudRate;
            fraud[i] = isFraud;
            double logTypical = 3.6 + 0.8 * random.nextGaussian();
            rows[i] = new double[] {
                    cents(Math.exp(logTypical + (isFraud ? 0.8 + 0.5 * random.nextGaussian() : 0.3 * random.nextGaussian()))),
                    cents(Math.exp(logTypical)),
                    cents(-Math.log(1 - random.nextDouble()) * (isFraud ? 16 : 12)),
                    poisson(random, isFraud ? 2.5 : 2),
                    cents(Math.min(1, Math.max(0, isFraud ? 0.35 + 0.15 * random.nextGaussian() : 0.3 + 0.15 * random.nextGaussian()))),
                    Math.round(isFraud ? 20 - Math.log(1 - random.nextDouble()) * 1200 : 30 + random.nextDouble() * 3000),
            };
        }
        return new SyntheticFraudData(rows, fraud);
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

    /** Writes the table as CSV with a header row, the label last as 0/1. */
    public Path writeCsv(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.join(",", FEATURES) + "," + LABEL + "\n");
            for (int i = 0; i < rows.length; i++) {
                for (double value : rows[i]) {
                    out.write(csvNumber(value));
                    out.write(',');
                }
                out.write(fraud[i] ? "1\n" : "0\n");
            }
        }
        return file;
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
            for (int i : train) {
                mean[j] += rows[i][j] / train.size();
            }
            for (int i : train) {
                std[j] += Math.pow(rows[i][j] - mean[j], 2) / train.size();
            }
            std[j] = std[j] > 0 ? Math.sqrt(std[j]) : 1;
        }
        return new Split(standardised(train, mean, std), labels(train), standardised(validation, mean, std), labels(validation), mean, std);
    }

    private double[][] standardised(List<Integer> indices, double[] mean, double[] std) {
        double[][] x = new double[indices.size()][mean.length];
        for (int k = 0; k < indices.size(); k++) {
            for (int j = 0; j < mean.length; j++) {
                x[k][j] = (rows[indices.get(k)][j] - mean[j]) / std[j];
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

    private static double cents(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** Knuth's method; fine for the small means used here. */
    private static int poisson(Random random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    private static String csvNumber(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
