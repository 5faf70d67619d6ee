package io.slipway.server.training;

import static java.util.Objects.requireNonNull;

import io.slipway.api.slipway.TrainingMessages.TrainingStatus;
import io.slipway.api.slipway.TrainingMessages.TrainingView;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One training as it goes: written by the training thread, read by requests. Each change is one
 * synchronized step, so a reader sees a whole state, never half of one.
 */
final class Training {
    private final String id;
    private final long sequence;
    private final String experiment;
    private final String createdBy;
    private final long createdAt;
    private TrainingStatus status = TrainingStatus.QUEUED;
    private String runId;
    private String modelUri;
    private String registeredModel;
    private String registeredVersion;
    private String errorCode;
    private String errorMessage;
    private Long startedAt;
    private Long finishedAt;
    private Map<String, Double> metrics;
    private Integer bestRound;
    private Integer roundsTrained;
    private String championNotFound;

    /** @param sequence orders trainings by submission: two may share a millisecond */
    Training(String id, long sequence, String experiment, String createdBy, long createdAt) {
        this.id = requireNonNull(id, "id is null");
        this.sequence = sequence;
        this.experiment = requireNonNull(experiment, "experiment is null");
        this.createdBy = requireNonNull(createdBy, "createdBy is null");
        this.createdAt = createdAt;
    }

    String id() {
        return id;
    }

    long sequence() {
        return sequence;
    }

    String createdBy() {
        return createdBy;
    }

    synchronized boolean isFinal() {
        return status.isFinal();
    }

    synchronized void started(long now) {
        status = TrainingStatus.RUNNING;
        startedAt = now;
    }

    synchronized void runCreated(String newRunId) {
        runId = newRunId;
    }

    synchronized void finished(long now, String trainedModelUri, Map<String, Double> validationMetrics, int best, int rounds,
            String registeredName, String registeredNumber, String unresolvedChampion) {
        status = TrainingStatus.FINISHED;
        finishedAt = now;
        modelUri = trainedModelUri;
        metrics = new LinkedHashMap<>(validationMetrics);
        bestRound = best;
        roundsTrained = rounds;
        registeredModel = registeredName;
        registeredVersion = registeredNumber;
        championNotFound = unresolvedChampion;
    }

    synchronized void failed(long now, String code, String message) {
        status = TrainingStatus.FAILED;
        finishedAt = now;
        errorCode = code;
        errorMessage = message;
    }

    synchronized TrainingView view() {
        return new TrainingView(id, status, experiment, runId, modelUri, registeredModel, registeredVersion, errorCode, errorMessage,
                createdBy, createdAt, startedAt, finishedAt, metrics == null ? null : new LinkedHashMap<>(metrics), bestRound,
                roundsTrained, championNotFound);
    }
}
