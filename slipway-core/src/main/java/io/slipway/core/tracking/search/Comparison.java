package io.slipway.core.tracking.search;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One clause of a parsed filter. The value is a {@code Double} for numeric comparisons, a
 * {@code String} for string comparisons and a {@code List<String>} for IN / NOT IN.
 */
public record Comparison(SearchEntity entity, String key, Comparator comparator, Object value) {
    public Comparison {
        requireNonNull(entity, "entity is null");
        requireNonNull(key, "key is null");
        requireNonNull(comparator, "comparator is null");
        requireNonNull(value, "value is null");
        if (value instanceof List<?> list) {
            value = List.copyOf(list);
        } else if (!(value instanceof Double) && !(value instanceof String)) {
            throw new IllegalArgumentException("unsupported comparison value: " + value.getClass());
        }
    }

    public double numberValue() {
        return (Double) value;
    }

    public String stringValue() {
        return (String) value;
    }

    @SuppressWarnings("unchecked")
    public List<String> listValue() {
        return (List<String>) value;
    }
}
