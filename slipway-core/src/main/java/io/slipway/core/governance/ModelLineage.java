package io.slipway.core.governance;

import static java.util.Objects.requireNonNull;

import io.slipway.core.registry.ModelVersion;
import io.slipway.core.tracking.RunInfo;
import java.util.List;

/**
 * Where a model version comes from: the run it was registered from ({@code run} is null when it
 * names none, or the run no longer exists) and the datasets that run logged as inputs.
 */
public record ModelLineage(ModelVersion modelVersion, RunInfo run, List<DatasetRef> datasets) {
    public ModelLineage {
        requireNonNull(modelVersion, "modelVersion is null");
        datasets = List.copyOf(requireNonNull(datasets, "datasets is null"));
    }
}
