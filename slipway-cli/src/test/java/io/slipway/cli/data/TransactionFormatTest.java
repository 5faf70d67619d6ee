package io.slipway.cli.data;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.cli.data.CardTransactions.Spec;
import io.slipway.cli.data.CardTransactions.Transaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class TransactionFormatTest {
    private static final Spec SPEC = Spec.of(5_000, 5, 0.5).withNullFraction(0.05);

    @Test
    void csvHasTheHeaderThenOneCrlfLinePerRowWithEveryColumn() throws IOException {
        String csv = write(TransactionFormat.CSV, generated());
        String[] lines = csv.split("\r\n", -1);

        assertThat(lines[0]).isEqualTo(String.join(",", CardTransactions.COLUMNS));
        assertThat(lines).hasSize((int) SPEC.rows() + 2); // and an empty string after the last CRLF
        assertThat(lines[lines.length - 1]).isEmpty();
        assertThat(List.of(lines).subList(1, lines.length - 1))
                .allSatisfy(line -> assertThat(line.split(",", -1)).hasSize(CardTransactions.COLUMNS.size()));
        assertThat(csv).doesNotContain("\"").doesNotContain("\n\n");
    }

    @Test
    void csvReadsBackAsGenerated() throws IOException {
        List<Transaction> rows = generated();
        String[] lines = write(TransactionFormat.CSV, rows).split("\r\n");

        for (int i = 0; i < rows.size(); i++) {
            assertThat(parseCsv(lines[i + 1])).isEqualTo(rows.get(i));
        }
    }

    @Test
    void jsonLinesReadBackAsGenerated() throws IOException {
        List<Transaction> rows = generated();
        String[] lines = write(TransactionFormat.JSONL, rows).split("\n");

        assertThat(lines).hasSize(rows.size());
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = json.readTree(lines[i]);
            assertThat(row.fieldNames()).toIterable().containsExactlyElementsOf(CardTransactions.COLUMNS);
            assertThat(parseJson(row)).isEqualTo(rows.get(i));
        }
    }

    @Test
    void numbersUseAPointWhateverTheLocale() throws IOException {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            assertThat(write(TransactionFormat.CSV, List.of(row("retail", 1234.5, 0.07, 12000.0))))
                    .endsWith("\r\ntx_1,2024-02-29T23:05:09Z,C000001,1234.50,retail,US,23,web,0,2,5,0.070,12000.0,1\r\n");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void csvQuotesAValueThatNeedsIt() throws IOException {
        assertThat(write(TransactionFormat.CSV, List.of(row("toys, \"games\"", 1, null, null))))
                .contains(",\"toys, \"\"games\"\"\",").contains(",5,,,1\r\n");
    }

    @Test
    void jsonLinesWriteMissingValuesAsNull() throws IOException {
        assertThat(write(TransactionFormat.JSONL, List.of(row("retail", 1, null, null))))
                .contains("\"amount_vs_avg_30d\":null,\"distance_from_home_km\":null,");
    }

    private static Transaction row(String category, double amount, Double ratio, Double distance) {
        return new Transaction("tx_1", Instant.parse("2024-02-29T23:05:09Z"), "C000001", amount, category, "US", 23, "web", false, 2, 5,
                ratio, distance, true);
    }

    private static Transaction parseCsv(String line) {
        String[] v = line.split(",", -1);
        return new Transaction(v[0], Instant.parse(v[1]), v[2], Double.parseDouble(v[3]), v[4], v[5], Integer.parseInt(v[6]), v[7],
                v[8].equals("1"), Integer.parseInt(v[9]), Integer.parseInt(v[10]), v[11].isEmpty() ? null : Double.valueOf(v[11]),
                v[12].isEmpty() ? null : Double.valueOf(v[12]), v[13].equals("1"));
    }

    private static Transaction parseJson(JsonNode row) {
        return new Transaction(row.get("transaction_id").asText(), Instant.parse(row.get("timestamp").asText()),
                row.get("customer_id").asText(), row.get("amount").asDouble(), row.get("merchant_category").asText(),
                row.get("country").asText(), row.get("hour").asInt(), row.get("device").asText(), row.get("card_present").asInt() == 1,
                row.get("velocity_1h").asInt(), row.get("velocity_24h").asInt(),
                row.get("amount_vs_avg_30d").isNull() ? null : row.get("amount_vs_avg_30d").asDouble(),
                row.get("distance_from_home_km").isNull() ? null : row.get("distance_from_home_km").asDouble(),
                row.get("is_fraud").asInt() == 1);
    }

    private static List<Transaction> generated() {
        List<Transaction> rows = new ArrayList<>();
        new CardTransactions(SPEC).forEach(rows::add);
        return rows;
    }

    private static String write(TransactionFormat format, List<Transaction> rows) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TransactionWriter writer = format.open(bytes)) {
            for (Transaction row : rows) {
                writer.write(row);
            }
        }
        return bytes.toString(US_ASCII);
    }
}
