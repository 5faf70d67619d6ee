package io.slipway.cli.output;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How values look in tables: local times to the second, numbers to six significant digits. */
public final class Formats {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private static final MathContext SIX_DIGITS = new MathContext(6);

    private Formats() {}

    /** Epoch milliseconds as local time; {@code -} when absent. */
    public static String timestamp(Long epochMillis) {
        return epochMillis == null ? "-" : TIMESTAMP.format(Instant.ofEpochMilli(epochMillis));
    }

    /** A metric value: at most six significant digits, no trailing zeros, NaN and infinities by name. */
    public static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        BigDecimal rounded = new BigDecimal(value).round(SIX_DIGITS).stripTrailingZeros();
        int magnitude = rounded.precision() - rounded.scale() - 1;
        return magnitude < -6 || magnitude >= 15 ? rounded.toString() : rounded.toPlainString();
    }

    /** A byte count as people read it: 512 B, 1.5 KiB, 3.2 MiB. */
    public static String bytes(long size) {
        if (size < 1024) {
            return size + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = size;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Milliseconds as {@code 850ms}, {@code 12.3s}, {@code 4m 05s} or {@code 2h 03m}. */
    public static String duration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
