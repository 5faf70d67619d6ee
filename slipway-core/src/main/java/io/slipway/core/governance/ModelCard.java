package io.slipway.core.governance;

import static java.util.Objects.requireNonNull;

import io.slipway.core.registry.AliasEvent;
import io.slipway.core.registry.ModelStage;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.RunInfo;
import java.util.List;

/**
 * A model card for one model version, in the spirit of Mitchell et al. (2019): what the model is,
 * what it is for and not for, what it was trained on, how it performs, who approved it where, and
 * where it came from. Assembled from the registry, the run, the MLmodel descriptor and the
 * promotion requests; only {@code intendedUse} and {@code limitations} are written for it.
 *
 * @param description the version's description
 * @param modelDescription the registered model's description
 * @param trainingData every dataset the run logged as an input, with its context
 * @param mlmodel null when the version has no MLmodel descriptor
 * @param approvals the promotion requests for this version, oldest first, with their decisions
 * @param aliasHistory alias moves onto or away from this version, oldest first
 * @param run the run the version was registered from; null when it names none or it is gone
 */
public record ModelCard(
        String name,
        String version,
        String description,
        String modelDescription,
        String createdBy,
        long creationTimestamp,
        String source,
        ModelStage stage,
        List<String> aliases,
        String intendedUse,
        String limitations,
        List<DatasetRef> trainingData,
        List<Param> params,
        List<Metric> metrics,
        MlModelSummary mlmodel,
        List<PromotionRequest> approvals,
        List<AliasEvent> aliasHistory,
        RunInfo run) {
    public ModelCard {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        description = description == null ? "" : description;
        modelDescription = modelDescription == null ? "" : modelDescription;
        createdBy = createdBy == null ? "" : createdBy;
        requireNonNull(source, "source is null");
        requireNonNull(stage, "stage is null");
        aliases = List.copyOf(requireNonNull(aliases, "aliases is null"));
        intendedUse = intendedUse == null ? "" : intendedUse;
        limitations = limitations == null ? "" : limitations;
        trainingData = List.copyOf(requireNonNull(trainingData, "trainingData is null"));
        params = List.copyOf(requireNonNull(params, "params is null"));
        metrics = List.copyOf(requireNonNull(metrics, "metrics is null"));
        approvals = List.copyOf(requireNonNull(approvals, "approvals is null"));
        aliasHistory = List.copyOf(requireNonNull(aliasHistory, "aliasHistory is null"));
    }
}
