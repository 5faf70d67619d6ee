package io.slipway.ml.predict;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a model predicts: one of two classes, one of several, or a number. */
public enum Task {
    BINARY("binary"),
    MULTICLASS("multiclass"),
    REGRESSION("regression");

    private final String wireName;

    Task(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public boolean isClassification() {
        return this != REGRESSION;
    }
}
