package io.slipway.core.tracking.search;

import java.util.Locale;
import java.util.Optional;

/** The comparison operators of MLflow's filter grammar. */
public enum Comparator {
    EQ("="),
    NE("!="),
    GT(">"),
    GE(">="),
    LT("<"),
    LE("<="),
    LIKE("LIKE"),
    ILIKE("ILIKE"),
    IN("IN"),
    NOT_IN("NOT IN");

    private final String symbol;

    Comparator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean isNumeric() {
        return this == EQ || this == NE || this == GT || this == GE || this == LT || this == LE;
    }

    public boolean isStringEquality() {
        return this == EQ || this == NE || this == LIKE || this == ILIKE;
    }

    static Optional<Comparator> fromSymbol(String symbol) {
        String upper = symbol.toUpperCase(Locale.ROOT);
        for (Comparator comparator : values()) {
            if (comparator.symbol.equals(upper)) {
                return Optional.of(comparator);
            }
        }
        return upper.equals("<>") ? Optional.of(NE) : Optional.empty();
    }
}
