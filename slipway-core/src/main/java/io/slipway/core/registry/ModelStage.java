package io.slipway.core.registry;

import com.fasterxml.jackson.annotation.JsonValue;
import io.slipway.core.SlipwayException;
import java.util.Arrays;
import java.util.Locale;

/**
 * MLflow's model version stages, kept for older clients (aliases replace them). Input is
 * case-insensitive; the wire form is {@code None}, {@code Staging}, {@code Production}, {@code Archived}.
 */
public enum ModelStage {
    NONE("None"),
    STAGING("Staging"),
    PRODUCTION("Production"),
    ARCHIVED("Archived");

    private final String wireName;

    ModelStage(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static ModelStage parse(String stage, String field) {
        if (stage == null || stage.isEmpty()) {
            throw SlipwayException.missingParameter(field);
        }
        for (ModelStage candidate : values()) {
            if (candidate.wireName.equalsIgnoreCase(stage.strip())) {
                return candidate;
            }
        }
        throw SlipwayException.invalidParameter("Invalid Model Version stage: %s. Value must be one of %s.",
                stage, Arrays.stream(values()).map(ModelStage::wireName).toList().toString().toLowerCase(Locale.ROOT));
    }
}
