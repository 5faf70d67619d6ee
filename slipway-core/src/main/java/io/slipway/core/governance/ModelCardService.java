package io.slipway.core.governance;

import static java.util.Objects.requireNonNull;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.registry.AliasEvent;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.RegistryService;
import io.slipway.core.registry.RegistryTag;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunData;
import io.slipway.core.tracking.TrackingService;
import io.slipway.core.tracking.TrackingValidation;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Model cards: assembled on each read from what Slipway already knows about a version (registry,
 * run, MLmodel descriptor, promotions, alias history), so a card is never stale. The two parts
 * only a person can write, intended use and limitations, are kept as version tags
 * ({@value #INTENDED_USE_TAG}, {@value #LIMITATIONS_TAG}), so MLflow clients see them too.
 */
public final class ModelCardService {
    public static final String INTENDED_USE_TAG = "slipway.card.intended_use";
    public static final String LIMITATIONS_TAG = "slipway.card.limitations";

    private final RegistryService registry;
    private final TrackingService tracking;
    private final PromotionService promotions;
    private final MlModelSummaries summaries;

    public ModelCardService(RegistryService registry, TrackingService tracking, PromotionService promotions, MlModelSummaries summaries) {
        this.registry = requireNonNull(registry, "registry is null");
        this.tracking = requireNonNull(tracking, "tracking is null");
        this.promotions = requireNonNull(promotions, "promotions is null");
        this.summaries = requireNonNull(summaries, "summaries is null");
    }

    public ModelCard card(String name, String version) {
        ModelVersion modelVersion = registry.getModelVersion(name, version);
        String modelDescription = registry.getRegisteredModel(name).description();
        Optional<Run> run = modelVersion.runId().isEmpty() ? Optional.empty() : tracking.findRun(modelVersion.runId());
        Optional<RunData> data = run.map(Run::data);
        return new ModelCard(
                modelVersion.name(),
                modelVersion.version(),
                modelVersion.description(),
                modelDescription,
                modelVersion.userId(),
                modelVersion.creationTimestamp(),
                modelVersion.source(),
                modelVersion.currentStage(),
                modelVersion.aliases(),
                tag(modelVersion, INTENDED_USE_TAG),
                tag(modelVersion, LIMITATIONS_TAG),
                run.map(LineageService::datasetsOf).orElse(List.of()),
                data.map(RunData::params).orElse(List.of()),
                data.map(RunData::metrics).orElse(List.of()),
                mlmodel(modelVersion),
                approvals(modelVersion),
                aliasHistory(modelVersion),
                run.map(Run::info).orElse(null));
    }

    /**
     * Sets the card's intended use and limitations: null leaves a part as it is, an empty string
     * clears it. At least one must be given. Returns the updated card.
     */
    public ModelCard updateCard(String name, String version, String intendedUse, String limitations) {
        if (intendedUse == null && limitations == null) {
            throw SlipwayException.invalidParameter(
                    "Nothing to update: give 'intended_use', 'limitations' or both (an empty string clears one).");
        }
        validateText(intendedUse, "intended_use");
        validateText(limitations, "limitations");
        ModelVersion modelVersion = registry.getModelVersion(name, version);
        write(modelVersion, INTENDED_USE_TAG, intendedUse);
        write(modelVersion, LIMITATIONS_TAG, limitations);
        return card(name, version);
    }

    private void write(ModelVersion modelVersion, String key, String text) {
        if (text == null) {
            return;
        }
        if (!text.isEmpty()) {
            registry.setModelVersionTag(modelVersion.name(), modelVersion.version(), key, text);
        } else if (modelVersion.tags().stream().anyMatch(t -> t.key().equals(key))) {
            registry.deleteModelVersionTag(modelVersion.name(), modelVersion.version(), key);
        }
    }

    private MlModelSummary mlmodel(ModelVersion modelVersion) {
        try {
            return summaries.summarize(registry.getMlModel(modelVersion.name(), modelVersion.version()));
        } catch (SlipwayException e) {
            if (e.errorCode() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                return null;
            }
            throw e;
        }
    }

    private List<PromotionRequest> approvals(ModelVersion modelVersion) {
        return promotions.list(modelVersion.name(), null, PromotionService.MAX_LIST_LIMIT).stream()
                .filter(request -> request.version().equals(modelVersion.version()))
                .sorted(Comparator.comparingLong(PromotionRequest::creationTimestamp))
                .toList();
    }

    private List<AliasEvent> aliasHistory(ModelVersion modelVersion) {
        return registry.aliasHistory(modelVersion.name()).stream()
                .filter(event -> event.version().equals(modelVersion.version()) || event.previousVersion().equals(modelVersion.version()))
                .toList();
    }

    private static String tag(ModelVersion modelVersion, String key) {
        return modelVersion.tags().stream().filter(t -> t.key().equals(key)).map(RegistryTag::value).findFirst().orElse("");
    }

    private static void validateText(String text, String field) {
        if (text != null && text.length() > TrackingValidation.MAX_TAG_VALUE_LENGTH) {
            throw SlipwayException.invalidParameter("'%s' had length %d, which exceeded length limit of %d.",
                    field, text.length(), TrackingValidation.MAX_TAG_VALUE_LENGTH);
        }
    }
}
