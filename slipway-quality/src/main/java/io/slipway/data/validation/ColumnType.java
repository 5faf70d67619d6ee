package io.slipway.data.validation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The column types a suite can expect, coarser than the engine's: a suite says {@code double}, not
 * {@code DECIMAL(18,3)}. A wider type accepts the narrower ones ({@code long} an {@code integer}
 * column, {@code double} any number), so a suite does not break when a writer narrows a column.
 */
public enum ColumnType {
    INTEGER("integer"),
    LONG("long"),
    DOUBLE("double"),
    STRING("string"),
    BOOLEAN("boolean"),
    DATETIME("datetime");

    private final String wireName;

    ColumnType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ColumnType> ofWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    /** The type of a DuckDB column; empty for nested types, blobs and the like. */
    public static Optional<ColumnType> ofDuckDb(String duckDbType) {
        String type = duckDbType.toUpperCase(Locale.ROOT);
        if (type.matches("U?(TINYINT|SMALLINT)|INTEGER")) {
            return Optional.of(INTEGER);
        }
        if (type.matches("UINTEGER|U?(BIGINT|HUGEINT)")) {
            return Optional.of(LONG);
        }
        if (type.matches("FLOAT|DOUBLE|DECIMAL\\(.*\\)")) {
            return Optional.of(DOUBLE);
        }
        if (type.equals("VARCHAR") || type.startsWith("ENUM(") || type.equals("UUID")) {
            return Optional.of(STRING);
        }
        if (type.equals("BOOLEAN")) {
            return Optional.of(BOOLEAN);
        }
        if (type.matches("(DATE|TIME|TIMESTAMP)( WITH TIME ZONE|_S|_MS|_NS)?|TIME_NS")) {
            return Optional.of(DATETIME);
        }
        return Optional.empty();
    }

    /** Whether a column of type {@code actual} meets an expectation of this type. */
    public boolean accepts(ColumnType actual) {
        return switch (this) {
            case LONG -> actual == INTEGER || actual == LONG;
            case DOUBLE -> actual == INTEGER || actual == LONG || actual == DOUBLE;
            default -> actual == this;
        };
    }
}
