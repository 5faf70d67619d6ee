package io.slipway.core.data.profile;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a column's values are, coarsely: decides which statistics its profile carries and which
 * drift test applies to it (numeric: histogram, quantiles; categorical and boolean: frequencies).
 * The wire name is lower case.
 */
public enum ColumnKind {
    NUMERIC("numeric"),
    CATEGORICAL("categorical"),
    BOOLEAN("boolean"),
    TEMPORAL("temporal"),
    OTHER("other");

    private final String wireName;

    ColumnKind(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
