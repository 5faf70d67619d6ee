package io.slipway.api.slipway;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.slipway.core.SlipwayException;
import io.slipway.core.governance.ModelCard;
import io.slipway.core.registry.AliasEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Slipway's routes for what is known about a model version ({@code /api/2.0/slipway/}): its
 * MLmodel descriptor, its model card, its lineage and its aliases' history. Lineage answers are
 * the core records {@code ModelLineage} and {@code DatasetLineage} as they are.
 */
public final class ModelGovernanceMessages {
    private ModelGovernanceMessages() {}

    /** GET model-versions/mlmodel. */
    public record GetMlModel(String name, String version, String format) {
        public MlModelFormat parsedFormat() {
            return MlModelFormat.parse(format);
        }
    }

    public enum MlModelFormat {
        JSON,
        YAML;

        /** Absent means JSON. */
        public static MlModelFormat parse(String format) {
            return parseFormat(MlModelFormat.class, format, JSON);
        }
    }

    /** The descriptor as stored, null values included (MLflow writes e.g. {@code code: null}). */
    public record MlModelResponse(@JsonInclude(content = JsonInclude.Include.ALWAYS) Map<String, Object> mlmodel) {}

    /** GET model-versions/card. */
    public record GetCard(String name, String version, String format) {
        public CardFormat parsedFormat() {
            return CardFormat.parse(format);
        }
    }

    public enum CardFormat {
        MARKDOWN,
        HTML,
        JSON;

        /** Absent means Markdown. */
        public static CardFormat parse(String format) {
            return parseFormat(CardFormat.class, format, MARKDOWN);
        }
    }

    /** PATCH model-versions/card: an absent part stays as it is, an empty one is cleared. */
    public record UpdateCard(String name, String version, String intendedUse, String limitations) {}

    public record CardResponse(ModelCard card) {}

    /** GET lineage/dataset; without a digest, every version of the dataset. */
    public record DatasetLineageRequest(String name, String digest) {}

    public record AliasHistoryResponse(List<AliasEvent> aliasEvents) {}

    private static <E extends Enum<E>> E parseFormat(Class<E> type, String format, E absent) {
        if (format == null || format.isEmpty()) {
            return absent;
        }
        for (E candidate : type.getEnumConstants()) {
            if (candidate.name().equalsIgnoreCase(format.strip())) {
                return candidate;
            }
        }
        List<String> valid = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        throw SlipwayException.invalidParameter("Invalid value '%s' for parameter 'format': expected one of %s.", format,
                String.join(", ", valid));
    }
}
