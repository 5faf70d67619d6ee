package io.slipway.core.identity;

import com.fasterxml.jackson.annotation.JsonValue;
import io.slipway.core.SlipwayException;

/** The kinds of resource permissions are granted on (a dataset by its name); the wire name is lower case. */
public enum ResourceType {
    EXPERIMENT("experiment"),
    REGISTERED_MODEL("registered_model"),
    DATASET("dataset");

    private final String wireName;

    ResourceType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static ResourceType parse(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw SlipwayException.missingParameter(field);
        }
        for (ResourceType type : values()) {
            if (type.wireName.equalsIgnoreCase(value) || type.name().equalsIgnoreCase(value)) {
                return type;
            }
        }
        throw SlipwayException.invalidParameter("Invalid value '%s' for parameter '%s': expected 'experiment', 'registered_model' or 'dataset'.",
                value, field);
    }
}
