package io.slipway.core.data.profile;

import static java.util.Objects.requireNonNull;

/** One of a column's most frequent values, as text, and how many rows hold it. */
public record ValueCount(String value, long count) {
    public ValueCount {
        requireNonNull(value, "value is null");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
    }
}
