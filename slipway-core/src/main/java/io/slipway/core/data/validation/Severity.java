package io.slipway.core.data.validation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Whether a failed expectation fails the validation ({@code error}) or is only reported ({@code warning}). */
public enum Severity {
    ERROR("error"),
    WARNING("warning");

    private final String wireName;

    Severity(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static Severity ofWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("severity must be error or warning, got '" + name + "'"));
    }
}
