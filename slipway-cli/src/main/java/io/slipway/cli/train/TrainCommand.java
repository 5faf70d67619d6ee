package io.slipway.cli.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.api.mlflow.TrackingMessages.DatasetInputMessage;
import io.slipway.api.slipway.DatasetInputs;
import io.slipway.cli.tracking.TrackingCommand;
import io.slipway.client.data.HashCache;
import io.slipway.client.data.TransferProgress;
import io.slipway.core.data.DatasetVersion;
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
import io.slipway.server.Slipway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway train SPEC.yaml}: trains an XGBoost model as a tracked run. Everything that can
 * be wrong with the spec or its data (a missing column, a one-class target, a parameter XGBoost
 * refuses) is found before the run is created, so a bad spec leaves no run; a failure during
 * training leaves the run FAILED.
 */
@Command(name = "train", description = "Trains an XGBoost model from a YAML spec as a tracked run, and logs the packaged model.")
public final class TrainCommand extends TrackingCommand {
    /** Where the spec itself is logged, next to the model it trained. */
    static final String SPEC_ARTIFACT = "train_spec.yaml";
    static final String MODEL_ARTIFACT_PATH = "model";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(paramLabel = "SPEC.yaml", description = "The training spec (docs/ml.md, \"Training\").")
    Path specFile;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where dataset versions are downloaded (default: $" + HashCache.CACHE_DIR_ENV + "/datasets, else "
                    + "~/.slipway/cache/datasets).")
    Path cacheDir;

    @Override
    public void run() {
        String specText = readSpec();
        TrainSpec spec = TrainSpec.parse(specText);

        long loadStart = System.nanoTime();
        DatasetVersion trainVersion = client().getDatasetVersion(spec.train().name(), spec.train().version());
        DatasetVersion validationVersion = spec.validation() == null ? null
                : client().getDatasetVersion(spec.validation().name(), spec.validation().version());
        Frame trainData = load(trainVersion);
        Frame validationData = validationVersion == null ? null : load(validationVersion);
        double loadingSeconds = (System.nanoTime() - loadStart) / 1e9;
        Training training = Training.prepare(spec, trainData, validationData);

        String experimentId = experimentId(spec.experiment());
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(MlflowTags.SOURCE_NAME, "slipway train " + specFile.getFileName());
        tags.put("slipway.version", Slipway.VERSION);
        tags.put("java.version", System.getProperty("java.version"));
        tags.put("xgboost.version", XgboostPackage.XGBOOST_VERSION);
        String runId = client().createRun(experimentId, spec.runName(), tags).info().runId();
        Path work = null;
        try {
            List<DatasetInputMessage> inputs = new ArrayList<>();
            inputs.add(DatasetInputs.of(trainVersion, "training"));
            if (validationVersion != null) {
                inputs.add(DatasetInputs.of(validationVersion, "validation"));
            }
            client().logInputs(runId, inputs);
            logBatched(runId, List.of(), params(training));

            work = Files.createTempDirectory("slipway-train-");
            MetricSteps steps = new MetricSteps(client(), runId);
            TrainedModel model = training.fit(work.resolve(MODEL_ARTIFACT_PATH), steps::add);
            steps.flush();

            long now = System.currentTimeMillis();
            List<Metric> metrics = new ArrayList<>();
            model.metrics().forEach((key, value) -> metrics.add(new Metric(key, value, now, 0)));
            metrics.add(new Metric("training_duration_s", model.trainingMillis() / 1000.0, now, 0));
            metrics.add(new Metric("data_loading_duration_s", loadingSeconds, now, 0));
            logBatched(runId, metrics, List.of(new Param("best_round", Integer.toString(model.bestRound())),
                    new Param("rounds_trained", Integer.toString(model.iterations().size()))));
            uploadArtifacts(runId, work, model, specText);
            client().updateRun(runId, RunStatus.FINISHED, System.currentTimeMillis(), null);
            print(runId, model);
        } catch (RuntimeException | IOException e) {
            RuntimeException failure = e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            try {
                client().updateRun(runId, RunStatus.FAILED, System.currentTimeMillis(), null);
            } catch (RuntimeException unmarked) {
                failure.addSuppressed(unmarked); // the training's own failure is the one to report
            }
            throw failure;
        } finally {
            deleteQuietly(work);
        }
    }

    private String readSpec() {
        try {
            return Files.readString(specFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Downloads the version into the cache (each file checked against its SHA-256) and reads it in file order. */
    private Frame load(DatasetVersion version) {
        Path dir = cacheRoot().resolve("datasets").resolve(version.name()).resolve(Integer.toString(version.version()));
        client().downloadDataset(version.name(), version.version(), dir, TransferProgress.NONE);
        return new FrameReader(ProfilerSettings.defaults()).read(dir.toString());
    }

    private Path cacheRoot() {
        if (cacheDir != null) {
            return cacheDir;
        }
        return HashCache.defaultLocation(System.getenv(), Path.of(System.getProperty("user.home"))).getParent();
    }

    private String experimentId(String name) {
        return client().findExperimentByName(name).map(e -> e.experimentId()).orElseGet(() -> client().createExperiment(name, null, null));
    }

    /** What was trained, as MLflow params: the XGBoost parameters as given to XGBoost, the rounds, features and split. */
    private static List<Param> params(Training training) {
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

    private void logBatched(String runId, List<Metric> metrics, List<Param> params) {
        int batch = TrackingValidation.MAX_ENTITIES_PER_BATCH / 2;
        for (int i = 0; i < Math.max(metrics.size(), params.size()); i += batch) {
            client().logBatch(runId, metrics.subList(Math.min(i, metrics.size()), Math.min(i + batch, metrics.size())),
                    params.subList(Math.min(i, params.size()), Math.min(i + batch, params.size())), List.of());
        }
    }

    private void uploadArtifacts(String runId, Path work, TrainedModel model, String specText) throws IOException {
        try (Stream<Path> files = Files.list(model.directory())) {
            for (Path file : files.sorted().toList()) {
                client().uploadArtifact(runId, MODEL_ARTIFACT_PATH + "/" + file.getFileName(), file);
            }
        }
        Path importance = work.resolve("feature_importance.json");
        Files.write(importance, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(model.importance()));
        client().uploadArtifact(runId, importance.getFileName().toString(), importance);
        for (Map.Entry<String, String> plot : model.plots().entrySet()) {
            Path file = Files.writeString(work.resolve(plot.getKey()), plot.getValue());
            client().uploadArtifact(runId, "plots/" + plot.getKey(), file);
        }
        Path spec = Files.writeString(work.resolve(SPEC_ARTIFACT), specText);
        client().uploadArtifact(runId, SPEC_ARTIFACT, spec);
    }

    /** What {@code -o json} prints. */
    record Trained(String runId, int bestRound, int roundsTrained, Map<String, Double> metrics, String modelUri) {}

    private void print(String runId, TrainedModel model) {
        String modelUri = "runs:/" + runId + "/" + MODEL_ARTIFACT_PATH;
        output().print(new Trained(runId, model.bestRound(), model.iterations().size(), model.metrics(), modelUri), () -> {
            StringBuilder text = new StringBuilder("Run " + runId + " finished: best round " + model.bestRound() + " of "
                    + model.iterations().size() + " trained.\n");
            model.metrics().forEach((key, value) -> text.append(String.format(Locale.ROOT, "  %-10s %.4f%n", key, value)));
            return text.append("Model: ").append(modelUri).toString();
        });
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing a finished training for
        }
    }
}
