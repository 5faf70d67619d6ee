package io.slipway.core.tracking;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether an experiment or run is live or in the trash; lower-case on the wire, as in MLflow. */
public enum LifecycleStage {
    ACTIVE("active"),
    DELETED("deleted");

    private final String wireName;

    LifecycleStage(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static LifecycleStage fromWireName(String name) {
        for (LifecycleStage stage : values()) {
            if (stage.wireName.equalsIgnoreCase(name)) {
                return stage;
            }
        }
        throw new IllegalArgumentException("unknown lifecycle stage: " + name);
    }
}
