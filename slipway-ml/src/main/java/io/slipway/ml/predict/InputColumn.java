package io.slipway.ml.predict;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * One input a model takes, as its MLflow signature names it: a column name, an MLflow data type
 * ({@code double}, {@code float}, {@code long}, {@code integer}, {@code boolean}, {@code string})
 * and whether it may be missing.
 */
public record InputColumn(String name, String type, boolean required) {
    public static final Set<String> NUMERIC_TYPES = Set.of("double", "float", "long", "integer", "boolean");
    public static final Set<String> TYPES = Set.of("double", "float", "long", "integer", "boolean", "string");

    public InputColumn {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unsupported input type '" + type + "' of column '" + name + "'; one of " + TYPES);
        }
    }

    public boolean isNumeric() {
        return NUMERIC_TYPES.contains(type);
    }
}
