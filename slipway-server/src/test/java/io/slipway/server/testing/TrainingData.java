package io.slipway.server.testing;

import io.slipway.core.audit.AuditChain;
import io.slipway.core.data.DataService;
import io.slipway.core.data.DatasetFile;
import io.slipway.core.data.DatasetManifest;
import io.slipway.core.data.DatasetVersion;
import io.slipway.core.data.NewDatasetVersion;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Small tables to train on, and dataset versions holding them, arranged through the data service. */
public final class TrainingData {
    private static final String[] COUNTRIES = {"US", "FR", "DE", "RU", "BR"};

    private TrainingData() {}

    /**
     * {@code rows} card payments (amount, hour, country, card_present, is_fraud), the same for the
     * same seed: fraud is likelier for large amounts, at night and abroad, so a model has something to learn.
     */
    public static String payments(int rows, long seed) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("transaction_id,amount,hour,country,card_present,is_fraud\n");
        for (int i = 0; i < rows; i++) {
            double amount = Math.round(Math.exp(3 + 1.5 * random.nextGaussian()) * 100) / 100.0;
            int hour = random.nextInt(24);
            String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
            boolean cardPresent = random.nextDouble() < 0.6;
            double risk = 0.02 + (amount > 200 ? 0.25 : 0) + (hour < 5 ? 0.2 : 0) + (country.equals("RU") ? 0.15 : 0) + (cardPresent ? 0 : 0.1);
            int fraud = random.nextDouble() < risk ? 1 : 0;
            csv.append(String.format(Locale.ROOT, "%d,%.2f,%d,%s,%b,%d%n", i, amount, hour, country, cardPresent, fraud));
        }
        return csv.toString();
    }

    /** Adds {@code csv} as the next version of dataset {@code name}, as one file {@code data.csv}. */
    public static DatasetVersion add(DataService data, String name, String csv) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        String sha256 = AuditChain.sha256(csv);
        String upload = data.beginUpload(new NewDatasetVersion(name, new DatasetManifest(List.of(new DatasetFile("data.csv", sha256,
                bytes.length))), "csv", null, null, null, "", "", List.of(), "root")).upload().id();
        data.putBlob(sha256, new ByteArrayInputStream(bytes), bytes.length);
        return data.commitUpload(upload);
    }
}
