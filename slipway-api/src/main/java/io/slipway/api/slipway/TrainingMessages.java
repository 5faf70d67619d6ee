package io.slipway.api.slipway;

import java.util.List;
import java.util.Map;

/**
 * Trainings run by the server, under {@code /api/2.0/slipway/trainings/} (see docs/api.md): what
 * {@code slipway train --on-server} submits and follows. A training is the spec of {@code slipway
 * train} (its YAML text) queued on the server and run there as the user who submitted it.
 */
public final class TrainingMessages {
    private TrainingMessages() {}

    /** Where a training is: waiting its turn, training, or done one way or the other. */
    public enum TrainingStatus {
        QUEUED, RUNNING, FINISHED, FAILED;

        public boolean isFinal() {
            return this == FINISHED || this == FAILED;
        }
    }

    /** POST trainings/create: the spec as YAML text and, optionally, the registered model to add the trained model to. */
    public record CreateTraining(String spec, String registerAs) {}

    /** GET trainings/get. */
    public record TrainingRef(String id) {}

    /** GET trainings/list: the caller's trainings (an admin's: everyone's), newest first. */
    public record ListTrainings(Integer maxResults) {}

    /**
     * A training on the wire. {@code runId} is set once the run exists (a spec whose data is wrong
     * fails before that, and leaves none); {@code modelUri}, {@code metrics} (the final validation
     * metrics), {@code bestRound} and {@code roundsTrained} once it finished; {@code registeredModel}
     * and {@code registeredVersion} once it was registered; {@code errorCode} and {@code errorMessage}
     * when it failed; {@code championNotFound}, the champion of the spec's {@code evaluate} step when it
     * did not resolve (the evaluation, logged on the run, made no comparison). Times are epoch milliseconds.
     */
    public record TrainingView(String id, TrainingStatus status, String experiment, String runId, String modelUri,
            String registeredModel, String registeredVersion, String errorCode, String errorMessage, String createdBy,
            long createdAt, Long startedAt, Long finishedAt, Map<String, Double> metrics, Integer bestRound,
            Integer roundsTrained, String championNotFound) {}

    public record TrainingResponse(TrainingView training) {}

    public record TrainingsResponse(List<TrainingView> trainings) {}
}
