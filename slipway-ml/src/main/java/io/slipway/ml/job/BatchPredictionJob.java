package io.slipway.ml.job;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import io.slipway.data.profile.ProfilerSettings;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.frame.FrameBatches;
import io.slipway.ml.frame.FrameReader;
import io.slipway.ml.frame.FrameWriter;
import io.slipway.ml.job.Workspace.FetchedModel;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Predictor;
import io.slipway.ml.predict.Predictors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores a table of any size with a model: rows are read, scored and written a batch at a time
 * ({@link FrameBatches}, {@link FrameWriter}), so memory holds one batch whatever the file's size. The
 * output has the input's columns (unless dropped) followed by the predictions: {@code prediction} for a
 * regression; {@code probability} (of the positive class) and {@code label} for a binary model;
 * {@code label} and {@code probability_<class>} per class for a multiclass one. Everything that can be
 * wrong with the input is found on the first batch, before anything is written, and a failure later
 * leaves no output file.
 */
public final class BatchPredictionJob {
    public static final int DEFAULT_BATCH_ROWS = 100_000;

    private final Workspace workspace;
    private final ProfilerSettings settings;

    public BatchPredictionJob(Workspace workspace, ProfilerSettings settings) {
        this.workspace = requireNonNull(workspace, "workspace is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /**
     * @param model        runs:/, models:/ or a local model directory
     * @param keepColumns  whether the output repeats the input's columns before the predictions
     */
    public record Request(String model, Path input, Path output, int batchRows, boolean keepColumns) {
        public Request {
            requireNonNull(model, "model is null");
            requireNonNull(input, "input is null");
            requireNonNull(output, "output is null");
            if (batchRows < 1) {
                throw SlipwayException.invalidParameter("batch-rows: must be at least 1, was %d.", batchRows);
            }
        }
    }

    public record Result(FetchedModel model, Path input, Path output, long rows, int batches, Duration elapsed) {
        public double rowsPerSecond() {
            double seconds = elapsed.toNanos() / 1e9;
            return seconds == 0 ? 0 : rows / seconds;
        }
    }

    public Result run(Request request) {
        requireNonNull(request, "request is null");
        long started = System.nanoTime();
        if (!Files.exists(request.input())) {
            throw SlipwayException.notFound("input: no such file or directory: %s.", request.input());
        }
        FrameWriter.Format.of(request.output());
        FrameWriter.directoryOf(request.output());
        Path work = RunLog.scratch("slipway-predict-");
        try {
            FetchedModel model = workspace.fetchModelOrDirectory(request.model(), work.resolve("model"));
            try (Predictor predictor = Predictors.load(model.directory());
                    FrameBatches batches = new FrameReader(settings).batches(request.input().toString(), request.batchRows())) {
                if (!batches.hasNext()) {
                    throw SlipwayException.invalidParameter("input: %s holds no rows.", request.input());
                }
                long rows = 0;
                int count = 0;
                // the first batch is scored before the output is opened: a missing or mistyped column writes nothing
                Frame batch = batches.next();
                Frame scored = scored(batch, predictor.predict(batch), request.keepColumns());
                try (FrameWriter writer = FrameWriter.create(request.output(), settings)) {
                    while (true) {
                        writer.write(scored);
                        rows += batch.rowCount();
                        count++;
                        if (!batches.hasNext()) {
                            break;
                        }
                        batch = batches.next();
                        scored = scored(batch, predictor.predict(batch), request.keepColumns());
                    }
                    writer.commit();
                }
                return new Result(model, request.input(), request.output(), rows, count, Duration.ofNanos(System.nanoTime() - started));
            }
        } finally {
            RunLog.deleteQuietly(work);
        }
    }

    /** The batch's columns (when kept) followed by the prediction columns. */
    static Frame scored(Frame batch, Predictions predictions, boolean keepColumns) {
        Map<String, Column> columns = new LinkedHashMap<>();
        if (keepColumns) {
            columns.putAll(batch.columns());
        }
        predictionColumns(predictions).forEach((name, column) -> {
            if (columns.putIfAbsent(name, column) != null) {
                throw SlipwayException.invalidParameter("The input has a column '%s', which is also a prediction column: rename it, or"
                        + " leave the input's columns out of the output.", name);
            }
        });
        return Frame.of(columns);
    }

    static Map<String, Column> predictionColumns(Predictions predictions) {
        Map<String, Column> columns = new LinkedHashMap<>();
        switch (predictions.task()) {
            case REGRESSION -> columns.put("prediction", new Column.Numbers(predictions.values()));
            case BINARY -> {
                columns.put("probability", new Column.Numbers(predictions.values()));
                columns.put("label", labels(predictions));
            }
            case MULTICLASS -> {
                columns.put("label", labels(predictions));
                for (int c = 0; c < predictions.classes().size(); c++) {
                    double[] probabilities = new double[predictions.rowCount()];
                    for (int row = 0; row < probabilities.length; row++) {
                        probabilities[row] = predictions.probability(row, c);
                    }
                    columns.put("probability_" + predictions.classes().get(c), new Column.Numbers(probabilities));
                }
            }
        }
        return columns;
    }

    private static Column labels(Predictions predictions) {
        String[] labels = new String[predictions.rowCount()];
        for (int row = 0; row < labels.length; row++) {
            labels[row] = predictions.label(row);
        }
        return new Column.Texts(labels);
    }
}
