package io.slipway.cli.train;

import io.slipway.cli.tracking.TrackingCommand;
import io.slipway.data.profile.ProfilerSettings;
import io.slipway.ml.job.BatchPredictionJob;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway predict MODEL_URI --input FILE --out FILE}: scores a CSV, Parquet or JSON-lines file of
 * any size a batch of rows at a time ({@link BatchPredictionJob}) and writes the input's rows with the
 * model's answers. The output's own option is {@code --out}, as for {@code data generate}: {@code -o/--output}
 * is every command's output format.
 */
@Command(name = "predict", description = "Scores a CSV, Parquet or JSON-lines file of any size with a model, a batch of rows at a "
        + "time, and writes its rows with the predictions to a .csv, .parquet or .jsonl file.")
public final class PredictCommand extends TrackingCommand {
    @Parameters(paramLabel = "MODEL_URI", description = "runs:/RUN_ID/PATH, models:/NAME/VERSION, models:/NAME@ALIAS or a local "
            + "model directory.")
    String modelUri;

    @Option(names = "--input", paramLabel = "FILE", required = true,
            description = "The rows to score: a .csv, .tsv, .parquet or .jsonl file, or a directory or glob of them.")
    Path input;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "Where the scored rows go, as .csv, .parquet or .jsonl by its extension; replaced if it exists, and only "
                    + "once every row is scored.")
    Path out;

    @Option(names = "--batch-rows", paramLabel = "N", defaultValue = "" + BatchPredictionJob.DEFAULT_BATCH_ROWS,
            description = "Rows read, scored and written at a time (default: ${DEFAULT-VALUE}).")
    int batchRows;

    @Option(names = "--keep-columns", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Write the input's columns before the predictions (default); --no-keep-columns writes the predictions only.")
    boolean keepColumns;

    @Override
    public void run() {
        BatchPredictionJob job = new BatchPredictionJob(new ClientWorkspace(client(), null), ProfilerSettings.defaults());
        BatchPredictionJob.Result result = job.run(new BatchPredictionJob.Request(modelUri, input, out, batchRows, keepColumns));
        output().print(view(result), () -> render(result));
    }

    /** What {@code -o json} prints. */
    record Predicted(String model, String input, String output, long rows, int batches, double seconds, double rowsPerSecond) {}

    static Predicted view(BatchPredictionJob.Result result) {
        return new Predicted(result.model().uri(), result.input().toString(), result.output().toString(), result.rows(), result.batches(),
                result.elapsed().toNanos() / 1e9, result.rowsPerSecond());
    }

    static String render(BatchPredictionJob.Result result) {
        return String.format(Locale.ROOT, "Scored %,d rows with %s in %.1f s (%,.0f rows/s) into %s.", result.rows(), result.model().uri(),
                result.elapsed().toNanos() / 1e9, result.rowsPerSecond(), result.output());
    }
}
