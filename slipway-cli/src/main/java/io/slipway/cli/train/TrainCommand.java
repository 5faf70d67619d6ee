package io.slipway.cli.train;

import io.slipway.cli.tracking.TrackingCommand;
import io.slipway.client.data.HashCache;
import io.slipway.core.registry.ModelVersion;
import io.slipway.ml.job.TrainingJob;
import io.slipway.server.Slipway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway train SPEC.yaml}: trains an XGBoost model as a tracked run ({@link TrainingJob}),
 * and with {@code --register} adds it to the registry. A bad spec or bad data leaves no run; a
 * failure during training leaves the run FAILED.
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

    @Override
    public void run() {
        String specText;
        try {
            specText = Files.readString(specFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TrainingJob job = new TrainingJob(new ClientWorkspace(client(), cacheDir), Slipway.VERSION);
        print(job.run(specText, "slipway train " + specFile.getFileName(), registerAs));
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
        StringBuilder text = new StringBuilder("Run " + result.runId() + " finished: best round " + result.model().bestRound() + " of "
                + result.model().iterations().size() + " trained.\n");
        result.model().metrics().forEach((key, value) -> text.append(String.format(Locale.ROOT, "  %-28s %.4f%n", key, value)));
        text.append("Model: ").append(result.modelUri());
        if (result.evaluation() != null) {
            text.append("\n\n");
            if (result.championNotFound() != null) {
                text.append(result.championNotFound()).append(" does not exist yet: evaluated without a comparison.\n");
            }
            text.append(EvaluateCommand.render(result.evaluation()));
        }
        ModelVersion registered = result.registered();
        if (registered != null) {
            text.append(result.evaluation() == null ? "\n" : "\n\n").append(String.format(Locale.ROOT, "Registered as '%s' version %s"
                    + " (models:/%s/%s)", registered.name(), registered.version(), registered.name(), registered.version()));
        }
        return text.toString();
    }
}
