package io.slipway.ml.job;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.slipway.api.slipway.DatasetInputs;
import io.slipway.core.SlipwayException;
import io.slipway.core.data.DatasetVersion;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Param;
import io.slipway.data.profile.ProfilerSettings;
import io.slipway.ml.eval.Comparison;
import io.slipway.ml.eval.Evaluation;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.frame.FrameReader;
import io.slipway.ml.job.Workspace.FetchedModel;
import io.slipway.ml.predict.Predictor;
import io.slipway.ml.predict.Predictors;
import io.slipway.ml.train.TrainSpec.DatasetRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a model on a dataset version ({@code slipway evaluate}) and, when a champion is named, scores
 * it on the same rows and compares the two. The report goes on a run: the one given, else the run that
 * produced the model (the candidate's), as
 *
 * <pre>
 * metrics    eval.NAME.vN.roc_auc, ...            the candidate's scores (those that have a value)
 *            eval.NAME.vN.vs_champion.roc_auc, ... candidate minus champion, when compared
 * input      the dataset version, context "evaluation"
 * artifacts  evaluations/NAME-vN/evaluation.json, roc.svg, precision_recall.svg, calibration.svg
 *            evaluations/NAME-vN/comparison.json  (both models' metrics, deltas, per-segment deltas)
 * </pre>
 *
 * so a promotion can check {@code eval.NAME.vN.vs_champion.roc_auc >= 0}. Everything that can be wrong
 * (no such model or version, an unknown target or segment column, a target value the model does not
 * know, a champion of another task) fails before anything is logged.
 */
public final class EvaluationJob {
    public static final String EVALUATIONS_DIRECTORY = "evaluations";
    public static final String EVALUATION_FILE = "evaluation.json";
    public static final String COMPARISON_FILE = "comparison.json";

    /** Records (a comparison's segments) in the snake_case of every other Slipway document. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final Workspace workspace;

    public EvaluationJob(Workspace workspace) {
        this.workspace = requireNonNull(workspace, "workspace is null");
    }

    /**
     * What to evaluate.
     *
     * @param modelUri    {@code runs:/RUN_ID/PATH}, {@code models:/NAME/VERSION}, {@code models:/NAME@ALIAS} or a local model directory
     * @param target      the column of true answers; null for the {@code target} param of the model's run (what {@code slipway train} records)
     * @param championUri the model to compare with, e.g. {@code models:/fraud@champion}; null for none
     * @param segment     the column whose values the comparison is broken down by; null for none
     * @param runId       the run to log into; null for the model's own run (none for a local directory)
     */
    public record Request(String modelUri, DatasetRef data, String target, double threshold, String championUri, String segment,
            String runId) {
        public Request {
            requireNonNull(modelUri, "modelUri is null");
            requireNonNull(data, "data is null");
        }
    }

    /**
     * What the evaluation found and where it went.
     *
     * @param runId      the run it was logged on; null when it was logged nowhere
     * @param comparison null without a champion
     * @param champion   null without a champion
     */
    public record Result(FetchedModel candidate, DatasetVersion dataset, String target, Evaluation evaluation, FetchedModel champion,
            Comparison comparison, String runId, String artifactDirectory, String metricPrefix) {}

    public Result run(Request request) {
        requireNonNull(request, "request is null");
        if (request.segment() != null && request.championUri() == null) {
            throw SlipwayException.invalidParameter("segment: segments break down a comparison; name a champion too.");
        }
        DatasetVersion version = workspace.datasetVersion(request.data().name(), request.data().version());
        Path work = RunLog.scratch("slipway-evaluate-");
        try {
            FetchedModel candidate = workspace.fetchModelOrDirectory(request.modelUri(), work.resolve("candidate"));
            FetchedModel champion = request.championUri() == null ? null : workspace.fetchModelOrDirectory(request.championUri(), work.resolve("champion"));
            String runId = request.runId() != null ? request.runId() : candidate.runId();
            if (runId != null) {
                workspace.getRun(runId); // a run that does not exist is found before the long part
            }
            String target = request.target() != null ? request.target() : targetOf(candidate);
            Frame data = new FrameReader(ProfilerSettings.defaults()).read(workspace.datasetFiles(version).toString());

            Evaluation evaluation;
            Comparison comparison = null;
            try (Predictor model = Predictors.load(candidate.directory())) {
                evaluation = Evaluation.of(model, data, target, request.threshold(), version.reference());
                if (champion != null) {
                    try (Predictor championModel = Predictors.load(champion.directory())) {
                        comparison = Comparison.of(model, championModel, data, target, request.threshold(), request.segment());
                    }
                }
            }
            String prefix = "eval." + version.name() + ".v" + version.version() + ".";
            String directory = EVALUATIONS_DIRECTORY + "/" + version.name() + "-v" + version.version();
            if (runId != null) {
                log(runId, version, candidate, champion, evaluation, comparison, prefix, directory, work);
            }
            return new Result(candidate, version, target, evaluation, champion, comparison, runId, runId == null ? null : directory, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            RunLog.deleteQuietly(work);
        }
    }

    /** The target the model was trained for, from its run's {@code target} param. */
    private String targetOf(FetchedModel model) {
        if (model.runId() != null) {
            for (Param param : workspace.getRun(model.runId()).data().params()) {
                if (param.key().equals("target")) {
                    return param.value();
                }
            }
        }
        throw SlipwayException.invalidParameter("target: the model's run records no target param (only slipway train does); name"
                + " the column of true answers.");
    }

    private void log(String runId, DatasetVersion version, FetchedModel candidate, FetchedModel champion, Evaluation evaluation,
            Comparison comparison, String prefix, String directory, Path work) throws IOException {
        long now = System.currentTimeMillis();
        List<Metric> metrics = new ArrayList<>();
        evaluation.definedMetrics().forEach((key, value) -> metrics.add(new Metric(prefix + key, value, now, 0)));
        if (comparison != null) {
            comparison.delta().forEach((key, value) -> {
                if (value != null) {
                    metrics.add(new Metric(prefix + "vs_champion." + key, value, now, 0));
                }
            });
        }
        workspace.logInputs(runId, List.of(DatasetInputs.of(version, "evaluation")));
        RunLog.logAll(workspace, runId, metrics, List.of());

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", candidate.uri());
        report.put("model_version", candidate.version() == null ? null : candidate.version().version());
        report.put("dataset", version.reference());
        report.put("dataset_digest", version.digest());
        report.put("target", evaluation.target());
        report.put("task", evaluation.task().wireName());
        report.put("classes", evaluation.classes());
        report.put("rows", evaluation.rows());
        report.put("threshold", evaluation.threshold());
        report.put("metrics", evaluation.metrics());
        report.put("confusion_matrix", evaluation.confusion());
        upload(runId, directory + "/" + EVALUATION_FILE, JSON.writeValueAsString(report), work);
        for (Map.Entry<String, String> plot : evaluation.plots().entrySet()) {
            upload(runId, directory + "/" + plot.getKey(), plot.getValue(), work);
        }
        if (comparison != null) {
            Map<String, Object> compared = new LinkedHashMap<>();
            compared.put("candidate", candidate.uri());
            compared.put("candidate_version", candidate.version() == null ? null : candidate.version().version());
            compared.put("champion", champion.uri());
            compared.put("champion_version", champion.version() == null ? null : champion.version().version());
            compared.put("dataset", version.reference());
            compared.put("dataset_digest", version.digest());
            compared.put("target", evaluation.target());
            compared.put("task", comparison.task().wireName());
            compared.put("rows", comparison.rows());
            compared.put("threshold", comparison.threshold());
            Map<String, Object> both = new LinkedHashMap<>();
            both.put("candidate", comparison.candidate());
            both.put("champion", comparison.champion());
            both.put("delta", comparison.delta());
            compared.put("metrics", both);
            compared.put("segment_column", comparison.segmentColumn());
            compared.put("segments", comparison.segments());
            upload(runId, directory + "/" + COMPARISON_FILE, JSON.writeValueAsString(compared), work);
        }
    }

    private void upload(String runId, String artifactPath, String content, Path work) throws IOException {
        Path file = Files.writeString(Files.createTempFile(work, "artifact-", ".tmp"), content);
        workspace.uploadArtifact(runId, artifactPath, file);
    }
}
