package io.slipway.ml.job;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.api.mlflow.TrackingMessages.DatasetInputMessage;
import io.slipway.api.slipway.DatasetInputs;
import io.slipway.core.SlipwayException;
import io.slipway.core.data.DatasetVersion;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.MlflowTags;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.RunStatus;
import io.slipway.core.tracking.TrackingValidation;
import io.slipway.data.profile.ProfilerSettings;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.frame.FrameReader;
import io.slipway.ml.train.TrainSpec;
import io.slipway.ml.train.TrainedModel;
import io.slipway.ml.train.Training;
import io.slipway.ml.xgboost.XgboostPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Trains an XGBoost model from a {@link TrainSpec} as a tracked run, and registers it when asked:
 * what {@code slipway train} runs. Everything that can be wrong with the spec or its data (a missing
 * column, a one-class target, a parameter XGBoost refuses) is found before the run is created, so a
 * bad spec leaves no run; a failure during training leaves the run FAILED and registers nothing.
 *
 * <p>The run records the parameters, each round's train and validation metrics as steps, the dataset
 * versions as inputs (with digests), the validation metrics, feature importance and plots, the spec,
 * the environment (tags {@code slipway.version}, {@code java.version}, {@code xgboost.version}), the
 * durations (data loading separately) and the model directory under {@value #MODEL_ARTIFACT_PATH}.
 * With the spec's {@code evaluate} step, the model is then scored on another version (and compared
 * with the champion when it resolves) by {@link EvaluationJob}, on the same run, before the run is
 * FINISHED and the model registered.
 */
public final class TrainingJob {
    public static final String MODEL_ARTIFACT_PATH = "model";
    /** Where the spec itself is logged, next to the model it trained. */
    public static final String SPEC_ARTIFACT = "train_spec.yaml";
    public static final String IMPORTANCE_ARTIFACT = "feature_importance.json";
    public static final String PLOTS_DIRECTORY = "plots";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Workspace workspace;
    private final String slipwayVersion;

    /** @param slipwayVersion recorded on every run as tag {@code slipway.version} */
    public TrainingJob(Workspace workspace, String slipwayVersion) {
        this.workspace = requireNonNull(workspace, "workspace is null");
        this.slipwayVersion = requireNonNull(slipwayVersion, "slipwayVersion is null");
    }

    /**
     * What a training left behind.
     *
     * @param model             what was trained (its directory is gone once the job returns: the files are the run's artifacts)
     * @param evaluation        the spec's {@code evaluate} step, logged on the run; null without one
     * @param championNotFound  the spec's champion when it did not resolve (no comparison was made); else null
     * @param registered        the new model version, or null when no registration was asked for
     */
    public record Result(String runId, String modelUri, TrainedModel model, double loadingSeconds, EvaluationJob.Result evaluation,
            String championNotFound, ModelVersion registered) {}

    /**
     * Trains as {@code specText} says.
     *
     * @param source     what started it, recorded as the run's {@code mlflow.source.name} (e.g. {@code slipway train fraud.yaml})
     * @param registerAs the registered model to add the trained model to as a new version; null for none
     */
    public Result run(String specText, String source, String registerAs) {
        TrainSpec spec = TrainSpec.parse(specText);
        long loadStart = System.nanoTime();
        DatasetVersion trainVersion = workspace.datasetVersion(spec.train().name(), spec.train().version());
        DatasetVersion validationVersion = spec.validation() == null ? null
                : workspace.datasetVersion(spec.validation().name(), spec.validation().version());
        Frame trainData = read(trainVersion);
        Frame validationData = validationVersion == null ? null : read(validationVersion);
        double loadingSeconds = (System.nanoTime() - loadStart) / 1e9;
        Training training = Training.prepare(spec, trainData, validationData);
        if (spec.evaluate() != null) {
            checkEvaluationData(spec);
        }

        String experimentId = workspace.experimentId(spec.experiment());
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(MlflowTags.SOURCE_NAME, source);
        tags.put("slipway.version", slipwayVersion);
        tags.put("java.version", System.getProperty("java.version"));
        tags.put("xgboost.version", XgboostPackage.XGBOOST_VERSION);
        String runId = workspace.createRun(experimentId, spec.runName(), tags);
        Path work = RunLog.scratch("slipway-train-");
        try (Background background = new Background()) {
            List<DatasetInputMessage> inputs = new ArrayList<>();
            inputs.add(DatasetInputs.of(trainVersion, "training"));
            if (validationVersion != null) {
                inputs.add(DatasetInputs.of(validationVersion, "validation"));
            }
            background.submit(() -> workspace.logInputs(runId, inputs));
            background.submit(() -> RunLog.logAll(workspace, runId, List.of(), params(training)));

            MetricSteps steps = new MetricSteps(workspace, runId, background);
            Training.Packaged packaged = training.trainAndPackage(work.resolve(MODEL_ARTIFACT_PATH), steps::add);
            steps.send();
            uploadModel(runId, packaged.directory(), background); // while the model is scored
            TrainedModel model = training.score(packaged);

            long now = System.currentTimeMillis();
            List<Metric> metrics = new ArrayList<>();
            model.metrics().forEach((key, value) -> metrics.add(new Metric(key, value, now, 0)));
            metrics.add(new Metric("training_duration_s", model.trainingMillis() / 1000.0, now, 0));
            metrics.add(new Metric("data_loading_duration_s", loadingSeconds, now, 0));
            background.submit(() -> RunLog.logAll(workspace, runId, metrics, List.of(
                    new Param("best_round", Integer.toString(model.bestRound())),
                    new Param("rounds_trained", Integer.toString(model.iterations().size())))));
            uploadReports(runId, work, model, specText, background);
            background.await();

            String modelUri = "runs:/" + runId + "/" + MODEL_ARTIFACT_PATH;
            EvaluationJob.Result evaluation = null;
            String championNotFound = null;
            TrainSpec.Evaluate evaluate = spec.evaluate();
            if (evaluate != null) {
                boolean compare = evaluate.champion() != null && workspace.findModelVersion(evaluate.champion()).isPresent();
                if (evaluate.champion() != null && !compare) {
                    championNotFound = evaluate.champion();
                }
                evaluation = new EvaluationJob(workspace).run(new EvaluationJob.Request(modelUri, evaluate.data(), spec.target(),
                        evaluate.threshold(), compare ? evaluate.champion() : null, compare ? evaluate.segment() : null, runId));
            }
            workspace.endRun(runId, RunStatus.FINISHED);
            ModelVersion registered = registerAs == null ? null
                    : workspace.registerModel(registerAs, modelUri, runId, description(spec, model));
            return new Result(runId, modelUri, model, loadingSeconds, evaluation, championNotFound, registered);
        } catch (RuntimeException | IOException e) {
            throw RunLog.failed(workspace, runId, e);
        } finally {
            RunLog.deleteQuietly(work);
        }
    }

    /**
     * The evaluation's data exists and has the target (and segment) column, checked before the run: a typo there should
     * not cost a training. Its files stay in the workspace's cache for the evaluation.
     */
    private void checkEvaluationData(TrainSpec spec) {
        TrainSpec.Evaluate evaluate = spec.evaluate();
        Frame data = read(workspace.datasetVersion(evaluate.data().name(), evaluate.data().version()));
        for (String[] column : new String[][] {{"target", spec.target()}, {"segment", evaluate.segment()}}) {
            if (column[1] != null && data.column(column[1]).isEmpty()) {
                throw SlipwayException.invalidParameter("evaluate.data: %s has no column '%s' (the %s); it has %s.", evaluate.data(),
                        column[1], column[0], String.join(", ", data.columnNames()));
            }
        }
    }

    private Frame read(DatasetVersion version) {
        return new FrameReader(ProfilerSettings.defaults()).read(workspace.datasetFiles(version).toString());
    }

    /** What was trained, as MLflow params: the XGBoost parameters as given to XGBoost, the rounds, features and split. */
    static List<Param> params(Training training) {
        TrainSpec spec = training.spec();
        List<Param> params = new ArrayList<>();
        training.params().forEach((key, value) -> params.add(new Param(key, String.valueOf(value))));
        params.add(new Param("rounds", Integer.toString(spec.rounds())));
        params.add(new Param("early_stopping_rounds", Integer.toString(spec.earlyStoppingRounds())));
        params.add(new Param("task", spec.task().wireName()));
        params.add(new Param("target", spec.target()));
        params.add(new Param("features", cut(String.join(",", training.features().names()))));
        params.add(new Param("n_features", Integer.toString(training.features().size())));
        params.add(new Param("train_rows", Integer.toString(training.train().rows())));
        params.add(new Param("validation_rows", Integer.toString(training.validation().rows())));
        if (spec.validation() == null) {
            params.add(new Param("split.method", spec.split().method().wireName()));
            params.add(new Param("split.validation_fraction", Double.toString(spec.split().validationFraction())));
            params.add(new Param("split.seed", Long.toString(spec.split().seed())));
            if (spec.split().column() != null) {
                params.add(new Param("split.column", spec.split().column()));
            }
        }
        return params;
    }

    /** A long feature list is cut to what a param holds; preprocessing.json has all of it. */
    private static String cut(String value) {
        int max = TrackingValidation.MAX_PARAM_VALUE_LENGTH;
        return value.length() <= max ? value : value.substring(0, max - 3) + "...";
    }

    private void uploadModel(String runId, Path directory, Background background) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                background.submit(() -> workspace.uploadArtifact(runId, MODEL_ARTIFACT_PATH + "/" + file.getFileName(), file));
            }
        }
    }

    /** Feature importance, the plots and the spec, each written to {@code work} and uploaded in the background. */
    private void uploadReports(String runId, Path work, TrainedModel model, String specText, Background background) throws IOException {
        Path importance = work.resolve(IMPORTANCE_ARTIFACT);
        Files.write(importance, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(model.importance()));
        background.submit(() -> workspace.uploadArtifact(runId, IMPORTANCE_ARTIFACT, importance));
        for (Map.Entry<String, String> plot : model.plots().entrySet()) {
            Path file = Files.writeString(work.resolve(plot.getKey()), plot.getValue());
            background.submit(() -> workspace.uploadArtifact(runId, PLOTS_DIRECTORY + "/" + plot.getKey(), file));
        }
        Path spec = Files.writeString(work.resolve(SPEC_ARTIFACT), specText);
        background.submit(() -> workspace.uploadArtifact(runId, SPEC_ARTIFACT, spec));
    }

    /** A version's description: what trained it and how it scored on validation. */
    private static String description(TrainSpec spec, TrainedModel model) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "XGBoost (%s) on %s, %d rounds", spec.task().wireName(),
                spec.train(), model.bestRound() + 1));
        String headline = switch (spec.task()) {
            case BINARY -> "roc_auc";
            case MULTICLASS -> "accuracy";
            case REGRESSION -> "rmse";
        };
        Double value = model.metrics().get(headline);
        if (value != null) {
            text.append(String.format(Locale.ROOT, "; validation %s %.4f", headline, value));
        }
        return text.toString();
    }
}
