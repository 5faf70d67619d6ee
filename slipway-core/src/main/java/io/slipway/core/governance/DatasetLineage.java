package io.slipway.core.governance;

import static java.util.Objects.requireNonNull;

import io.slipway.core.registry.ModelVersion;
import io.slipway.core.tracking.RunInfo;
import java.util.List;

/**
 * What a dataset flowed into: the datasets matching the query (one per distinct source, across
 * experiments), the runs that logged one of them as an input (newest first), and the model
 * versions registered from those runs. {@code truncated} says the runs were cut at
 * {@link LineageService#MAX_RUNS}: the newest are kept.
 */
public record DatasetLineage(List<DatasetRef> datasets, List<RunInfo> runs, List<ModelVersion> modelVersions, boolean truncated) {
    public DatasetLineage {
        datasets = List.copyOf(requireNonNull(datasets, "datasets is null"));
        runs = List.copyOf(requireNonNull(runs, "runs is null"));
        modelVersions = List.copyOf(requireNonNull(modelVersions, "modelVersions is null"));
    }
}
