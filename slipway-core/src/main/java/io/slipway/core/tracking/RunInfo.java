package io.slipway.core.tracking;

import static java.util.Objects.requireNonNull;

/**
 * A run's metadata. {@code runUuid} repeats {@code runId} because older MLflow clients read it;
 * {@code endTime} is null (and omitted on the wire) while the run has not ended.
 */
public record RunInfo(
        String runId,
        String runUuid,
        String runName,
        String experimentId,
        String userId,
        RunStatus status,
        long startTime,
        Long endTime,
        String artifactUri,
        LifecycleStage lifecycleStage) {
    public RunInfo {
        requireNonNull(runId, "runId is null");
        runUuid = runId;
        requireNonNull(experimentId, "experimentId is null");
        requireNonNull(status, "status is null");
        requireNonNull(artifactUri, "artifactUri is null");
        requireNonNull(lifecycleStage, "lifecycleStage is null");
        runName = runName == null ? "" : runName;
        userId = userId == null ? "" : userId;
    }

    public static RunInfo of(String runId, String runName, String experimentId, String userId, RunStatus status,
            long startTime, Long endTime, String artifactUri, LifecycleStage lifecycleStage) {
        return new RunInfo(runId, runId, runName, experimentId, userId, status, startTime, endTime, artifactUri, lifecycleStage);
    }
}
