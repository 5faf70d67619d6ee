package io.slipway.core.tracking;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** An experiment: a named group of runs with one artifact location. */
public record Experiment(
        String experimentId,
        String name,
        String artifactLocation,
        LifecycleStage lifecycleStage,
        long lastUpdateTime,
        long creationTime,
        List<ExperimentTag> tags) {
    public Experiment {
        requireNonNull(experimentId, "experimentId is null");
        requireNonNull(name, "name is null");
        requireNonNull(artifactLocation, "artifactLocation is null");
        requireNonNull(lifecycleStage, "lifecycleStage is null");
        tags = List.copyOf(requireNonNull(tags, "tags is null"));
    }
}
