package io.slipway.cli.train;

import io.slipway.api.slipway.TrainingMessages.TrainingStatus;
import io.slipway.api.slipway.TrainingMessages.TrainingView;
import io.slipway.cli.tracking.TrackingCommand;
import io.slipway.client.SlipwayClientException;
import io.slipway.client.data.HashCache;
import io.slipway.core.registry.ModelVersion;
import io.slipway.ml.job.TrainingJob;
import io.slipway.server.Slipway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway train SPEC.yaml}: trains an XGBoost model as a tracked run ({@link TrainingJob}),
 * and with {@code --register} adds it to the registry. A bad spec or bad data leaves no run; a
 * failure during training leaves the run FAILED. With {@code --on-server} the server trains
 * instead (the same job, next to the data): the spec is submitted, followed until it is done and
 * the result printed as a local training prints it (an {@code evaluate} step's report is on the run).
 */
@Command(name = "train", description = "Trains an XGBoost model from a YAML spec as a tracked run, logs the packaged model and, "
        + "with --register, registers it.")
public final class TrainCommand extends TrackingCommand {
    @Parameters(paramLabel = "SPEC.yaml", description = "The training spec (docs/ml.md, \"Training\").")
    Path specFile;

    @Option(names = "--register", paramLabel = "NAME",
            description = "Register the trained model as a new version of NAME (created if missing) once the run has finished.")
    String registerAs;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where dataset versions are downloaded (default: $" + HashCache.CACHE_DIR_ENV + "/datasets, else "
                    + "~/.slipway/cache/datasets).")
    Path cacheDir;

    @Option(names = "--on-server", description = "Have the server train (it reads the dataset versions where they are stored) and "
            + "wait for it, printing each change of status.")
    boolean onServer;

    @Option(names = "--no-wait", description = "With --on-server: print the training's id once it is queued and return "
            + "(follow it with the REST API, trainings/get).")
    boolean noWait;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "86400",
            description = "With --on-server: how long to wait for the training (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public void run() {
        String specText;
        try {
            specText = Files.readString(specFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (onServer) {
            trainOnServer(specText);
            return;
        }
        if (noWait) {
            throw new IllegalArgumentException("--no-wait goes with --on-server: a local training is done when the command returns.");
        }
        TrainingJob job = new TrainingJob(new ClientWorkspace(client(), cacheDir), Slipway.VERSION);
        print(job.run(specText, "slipway train " + specFile.getFileName(), registerAs));
    }

    private void trainOnServer(String specText) {
        TrainingView submitted = client().submitTraining(specText, registerAs);
        if (noWait) {
            output().print(submitted, submitted::id);
            return;
        }
        TrainingView done = client().awaitTraining(submitted.id(), Duration.ofSeconds(timeoutSeconds), training -> {
            err().println("Training " + training.id() + " " + training.status()
                    + (training.runId() == null ? "" : " (run " + training.runId() + ")"));
            err().flush();
        });
        if (done.status() == TrainingStatus.FAILED) {
            throw new SlipwayClientException(400, done.errorCode(), done.errorMessage());
        }
        Trained trained = new Trained(done.runId(), done.bestRound(), done.roundsTrained(), done.metrics(), done.modelUri(), null,
                done.championNotFound(), done.registeredModel(), done.registeredVersion());
        output().print(trained, () -> {
            StringBuilder text = new StringBuilder(trainedLines(trained.runId(), trained.bestRound(), trained.roundsTrained(),
                    trained.metrics(), trained.modelUri()));
            if (trained.championNotFound() != null) {
                text.append('\n').append(trained.championNotFound()).append(" does not exist yet: evaluated without a comparison.");
            }
            if (trained.registeredModel() != null) {
                text.append('\n').append(registeredLine(trained.registeredModel(), trained.registeredVersion()));
            }
            return text.toString();
        });
    }

    /** What {@code -o json} prints. */
    record Trained(String runId, int bestRound, int roundsTrained, Map<String, Double> metrics, String modelUri,
            EvaluateCommand.Evaluated evaluation, String championNotFound, String registeredModel, String registeredVersion) {}

    private void print(TrainingJob.Result result) {
        ModelVersion registered = result.registered();
        Trained trained = new Trained(result.runId(), result.model().bestRound(), result.model().iterations().size(),
                result.model().metrics(), result.modelUri(), result.evaluation() == null ? null : EvaluateCommand.view(result.evaluation()),
                result.championNotFound(), registered == null ? null : registered.name(), registered == null ? null : registered.version());
        output().print(trained, () -> render(result));
    }

    private static String render(TrainingJob.Result result) {
        StringBuilder text = new StringBuilder(trainedLines(result.runId(), result.model().bestRound(),
                result.model().iterations().size(), result.model().metrics(), result.modelUri()));
        if (result.evaluation() != null) {
            text.append("\n\n");
            if (result.championNotFound() != null) {
                text.append(result.championNotFound()).append(" does not exist yet: evaluated without a comparison.\n");
            }
            text.append(EvaluateCommand.render(result.evaluation()));
        }
        ModelVersion registered = result.registered();
        if (registered != null) {
            text.append(result.evaluation() == null ? "\n" : "\n\n").append(registeredLine(registered.name(), registered.version()));
        }
        return text.toString();
    }

    private static String trainedLines(String runId, int bestRound, int roundsTrained, Map<String, Double> metrics, String modelUri) {
        StringBuilder text = new StringBuilder("Run " + runId + " finished: best round " + bestRound + " of " + roundsTrained
                + " trained.\n");
        metrics.forEach((key, value) -> text.append(String.format(Locale.ROOT, "  %-28s %.4f%n", key, value)));
        return text.append("Model: ").append(modelUri).toString();
    }

    private static String registeredLine(String name, String version) {
        return String.format(Locale.ROOT, "Registered as '%s' version %s (models:/%s/%s)", name, version, name, version);
    }
}
