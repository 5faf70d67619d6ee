package io.slipway.store.jdbc;

import io.slipway.core.SlipwayException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Keyset page token for metric history: the last (step, timestamp, stored value, is_nan) sent.
 * Reading the next page seeks in the primary key instead of skipping rows, so the cost of a
 * page does not grow with its position in a long history.
 */
record MetricHistoryToken(long step, long timestamp, double value, boolean isNan) {
    private static final String PREFIX = "mh1:";

    String encode() {
        String raw = PREFIX + step + ":" + timestamp + ":" + Long.toHexString(Double.doubleToLongBits(value)) + ":" + (isNan ? 1 : 0);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static MetricHistoryToken parse(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!raw.startsWith(PREFIX)) {
                throw invalid(token);
            }
            String[] parts = raw.substring(PREFIX.length()).split(":");
            if (parts.length != 4) {
                throw invalid(token);
            }
            return new MetricHistoryToken(Long.parseLong(parts[0]), Long.parseLong(parts[1]),
                    Double.longBitsToDouble(Long.parseUnsignedLong(parts[2], 16)), parts[3].equals("1"));
        } catch (IllegalArgumentException e) {
            throw invalid(token);
        }
    }

    private static SlipwayException invalid(String token) {
        String shown = token.length() > 64 ? token.substring(0, 61) + "..." : token;
        return SlipwayException.invalidParameter("Invalid page token '%s': it was not issued by this server.", shown);
    }
}
