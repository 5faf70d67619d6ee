package io.slipway.cli.data;

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
                beforeColumn(i);
                text(CardTransactions.COLUMNS.get(i));
            }
            endRow();
        }

        @Override
        void beforeColumn(int index) {
            if (index > 0) {
                ascii(',');
            }
        }

        /** Quoted only when it has to be; the generator's own values never need it. */
        @Override
        void text(String value) {
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

        @Override
        void quote() {}

        @Override
        void missing() {}

        @Override
        void endRow() {
            ascii('\r');
            ascii('\n');
        }
    }

    private static final class JsonLinesWriter extends TransactionWriter {
        /** {@code {"transaction_id":}, {@code ,"timestamp":}, ...: what opens each column. */
        private static final String[] KEYS = CardTransactions.COLUMNS.stream()
                .map(column -> (column.equals(CardTransactions.COLUMNS.get(0)) ? "{\"" : ",\"") + column + "\":")
                .toArray(String[]::new);

        JsonLinesWriter(OutputStream out) {
            super(out);
        }

        @Override
        void writeHeader() {}

        @Override
        void beforeColumn(int index) {
            ascii(KEYS[index]);
        }

        @Override
        void text(String value) {
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

        @Override
        void quote() {
            ascii('"');
        }

        @Override
        void missing() {
            ascii("null");
        }

        @Override
        void endRow() {
            ascii("}\n");
        }
    }
}
