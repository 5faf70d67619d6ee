package io.slipway.cli.data;

import io.slipway.cli.data.CardTransactions.Transaction;
import java.io.IOException;
import java.io.OutputStream;

/** The file formats {@code slipway data generate} writes card transactions in. */
public enum TransactionFormat {
    /** RFC 4180: a header row, comma-separated, CRLF line ends; a missing value is an empty field. */
    CSV {
        @Override
        public TransactionWriter open(OutputStream out) throws IOException {
            TransactionWriter writer = new CsvWriter(out);
            writer.writeHeader();
            return writer;
        }
    },
    /** One JSON object per line, keys as the CSV header; a missing value is {@code null}. */
    JSONL {
        @Override
        public TransactionWriter open(OutputStream out) {
            return new JsonLinesWriter(out);
        }
    };

    /** A writer of rows to {@code out}; closing it flushes the rows but leaves {@code out} open. */
    public abstract TransactionWriter open(OutputStream out) throws IOException;

    private static final class CsvWriter extends TransactionWriter {
        CsvWriter(OutputStream out) {
            super(out);
        }

        @Override
        void writeHeader() throws IOException {
            reserve();
            for (int i = 0; i < CardTransactions.COLUMNS.size(); i++) {
                if (i > 0) {
                    ascii(',');
                }
                csvText(CardTransactions.COLUMNS.get(i));
            }
            ascii('\r');
            ascii('\n');
        }

        @Override
        public void write(Transaction row) throws IOException {
            reserve();
            csvText(row.transactionId());
            ascii(',');
            timestamp(row.timestamp());
            ascii(',');
            csvText(row.customerId());
            ascii(',');
            fixed(row.amount(), 2);
            ascii(',');
            csvText(row.merchantCategory());
            ascii(',');
            csvText(row.country());
            ascii(',');
            integer(row.hour());
            ascii(',');
            csvText(row.device());
            ascii(',');
            ascii(row.cardPresent() ? '1' : '0');
            ascii(',');
            integer(row.velocity1h());
            ascii(',');
            integer(row.velocity24h());
            ascii(',');
            if (row.amountVsAvg30d() != null) {
                fixed(row.amountVsAvg30d(), 3);
            }
            ascii(',');
            if (row.distanceFromHomeKm() != null) {
                fixed(row.distanceFromHomeKm(), 1);
            }
            ascii(',');
            ascii(row.fraud() ? '1' : '0');
            ascii('\r');
            ascii('\n');
        }

        /** Quoted only when it has to be; the generator's own values never need it. */
        private void csvText(String value) {
            boolean quote = false;
            for (int i = 0; i < value.length() && !quote; i++) {
                char c = value.charAt(i);
                quote = c == ',' || c == '"' || c == '\r' || c == '\n';
            }
            if (!quote) {
                ascii(value);
                return;
            }
            ascii('"');
            ascii(value.replace("\"", "\"\""));
            ascii('"');
        }
    }

    private static final class JsonLinesWriter extends TransactionWriter {
        JsonLinesWriter(OutputStream out) {
            super(out);
        }

        @Override
        void writeHeader() {}

        @Override
        public void write(Transaction row) throws IOException {
            reserve();
            ascii("{\"transaction_id\":");
            jsonText(row.transactionId());
            ascii(",\"timestamp\":\"");
            timestamp(row.timestamp());
            ascii("\",\"customer_id\":");
            jsonText(row.customerId());
            ascii(",\"amount\":");
            fixed(row.amount(), 2);
            ascii(",\"merchant_category\":");
            jsonText(row.merchantCategory());
            ascii(",\"country\":");
            jsonText(row.country());
            ascii(",\"hour\":");
            integer(row.hour());
            ascii(",\"device\":");
            jsonText(row.device());
            ascii(",\"card_present\":");
            ascii(row.cardPresent() ? '1' : '0');
            ascii(",\"velocity_1h\":");
            integer(row.velocity1h());
            ascii(",\"velocity_24h\":");
            integer(row.velocity24h());
            ascii(",\"amount_vs_avg_30d\":");
            if (row.amountVsAvg30d() != null) {
                fixed(row.amountVsAvg30d(), 3);
            } else {
                ascii("null");
            }
            ascii(",\"distance_from_home_km\":");
            if (row.distanceFromHomeKm() != null) {
                fixed(row.distanceFromHomeKm(), 1);
            } else {
                ascii("null");
            }
            ascii(",\"is_fraud\":");
            ascii(row.fraud() ? '1' : '0');
            ascii("}\n");
        }

        private void jsonText(String value) {
            ascii('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    ascii('\\');
                    ascii(c);
                } else if (c < 0x20 || c > 0x7e) {
                    ascii(String.format("\\u%04x", (int) c));
                } else {
                    ascii(c);
                }
            }
            ascii('"');
        }
    }
}
