package io.slipway.cli.data;

import static java.util.Objects.requireNonNull;

import io.slipway.cli.data.CardTransactions.Transaction;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes rows of one {@link TransactionFormat}. Every value is ASCII, so rows are encoded straight
 * into a byte buffer with hand-written number formatting: no per-row String.format, no Locale, and
 * millions of rows a second.
 */
public abstract class TransactionWriter implements Closeable {
    /** More than the longest row in any format. */
    private static final int MAX_ROW_BYTES = 1024;
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1000};

    private final OutputStream out;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private long cachedEpochDay = Long.MIN_VALUE;
    private final byte[] cachedDate = new byte[10];

    TransactionWriter(OutputStream out) {
        this.out = requireNonNull(out, "out is null");
    }

    abstract void writeHeader() throws IOException;

    /** What comes before the value of column {@code index} of {@link CardTransactions#COLUMNS}. */
    abstract void beforeColumn(int index);

    abstract void text(String value);

    /** Around a value that is text without needing escapes (the timestamp). */
    abstract void quote();

    abstract void missing();

    abstract void endRow();

    /** One row; the column order is {@link CardTransactions#COLUMNS}. */
    public final void write(Transaction row) throws IOException {
        reserve();
        beforeColumn(0);
        text(row.transactionId());
        beforeColumn(1);
        quote();
        timestamp(row.timestamp());
        quote();
        beforeColumn(2);
        text(row.customerId());
        beforeColumn(3);
        fixed(row.amount(), 2);
        beforeColumn(4);
        text(row.merchantCategory());
        beforeColumn(5);
        text(row.country());
        beforeColumn(6);
        integer(row.hour());
        beforeColumn(7);
        text(row.device());
        beforeColumn(8);
        ascii(row.cardPresent() ? '1' : '0');
        beforeColumn(9);
        integer(row.velocity1h());
        beforeColumn(10);
        integer(row.velocity24h());
        beforeColumn(11);
        fixedOrMissing(row.amountVsAvg30d(), 3);
        beforeColumn(12);
        fixedOrMissing(row.distanceFromHomeKm(), 1);
        beforeColumn(13);
        ascii(row.fraud() ? '1' : '0');
        endRow();
    }

    private void fixedOrMissing(Double value, int decimals) {
        if (value != null) {
            fixed(value, decimals);
        } else {
            missing();
        }
    }

    /** Flushes what is buffered; {@code out} stays open for its owner to close. */
    @Override
    public void close() throws IOException {
        flushBuffer();
        out.flush();
    }

    /** Makes room for one more row. */
    final void reserve() throws IOException {
        if (position + MAX_ROW_BYTES > buffer.length) {
            flushBuffer();
        }
    }

    final void ascii(char c) {
        buffer[position++] = (byte) c;
    }

    final void ascii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0x7f) {
                throw new IllegalArgumentException("not ASCII: " + value);
            }
            buffer[position++] = (byte) c;
        }
    }

    final void integer(long value) {
        if (value < 0) {
            ascii('-');
            value = -value;
        }
        int end = position + digitCount(value);
        for (int i = end - 1; i >= position; i--, value /= 10) {
            buffer[i] = (byte) ('0' + value % 10);
        }
        position = end;
    }

    /** {@code value} with exactly {@code decimals} (at most 3) digits after the point, rounded half up. */
    final void fixed(double value, int decimals) {
        long scaled = Math.round(Math.abs(value) * POWERS_OF_TEN[decimals]);
        if (value < 0 && scaled != 0) {
            ascii('-');
        }
        integer(scaled / POWERS_OF_TEN[decimals]);
        ascii('.');
        long fraction = scaled % POWERS_OF_TEN[decimals];
        for (int i = decimals - 1; i >= 0; i--) {
            buffer[position + i] = (byte) ('0' + fraction % 10);
            fraction /= 10;
        }
        position += decimals;
    }

    /** ISO-8601 in UTC to the second, e.g. {@code 2024-01-01T13:05:42Z}. */
    final void timestamp(Instant instant) {
        long seconds = instant.getEpochSecond();
        long epochDay = Math.floorDiv(seconds, 86_400L);
        if (epochDay != cachedEpochDay) { // rows come in time order, so the date rarely changes
            LocalDate date = LocalDate.ofEpochDay(epochDay);
            int at = position;
            integerPadded(date.getYear(), 4);
            ascii('-');
            integerPadded(date.getMonthValue(), 2);
            ascii('-');
            integerPadded(date.getDayOfMonth(), 2);
            System.arraycopy(buffer, at, cachedDate, 0, 10);
            position = at;
            cachedEpochDay = epochDay;
        }
        System.arraycopy(cachedDate, 0, buffer, position, 10);
        position += 10;
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        ascii('T');
        integerPadded(secondOfDay / 3600, 2);
        ascii(':');
        integerPadded(secondOfDay / 60 % 60, 2);
        ascii(':');
        integerPadded(secondOfDay % 60, 2);
        ascii('Z');
    }

    private void integerPadded(int value, int width) {
        for (int i = width - 1; i >= 0; i--, value /= 10) {
            buffer[position + i] = (byte) ('0' + value % 10);
        }
        position += width;
    }

    private static int digitCount(long value) {
        int count = 1;
        while (value >= 10) {
            value /= 10;
            count++;
        }
        return count;
    }

    private void flushBuffer() throws IOException {
        out.write(buffer, 0, position);
        position = 0;
    }
}
