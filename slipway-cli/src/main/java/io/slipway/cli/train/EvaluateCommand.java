package io.slipway.cli.train;

import io.slipway.cli.data.DatasetRef;
import io.slipway.cli.output.Table;
import io.slipway.cli.tracking.TrackingCommand;
import io.slipway.client.data.HashCache;
import io.slipway.ml.eval.Comparison;
import io.slipway.ml.eval.Evaluation;
import io.slipway.ml.job.EvaluationJob;
import io.slipway.ml.train.TrainSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway evaluate MODEL_URI --data NAME@V [--champion URI]}: scores a model on a dataset
 * version ({@link EvaluationJob}), compares it with a champion on the same rows, and keeps the report
 * on the model's run.
 */
@Command(name = "evaluate", description = "Scores a model on a dataset version (sklearn's metrics, plots), optionally against a "
        + "champion on the same rows, and logs the report on the model's run.")
public final class EvaluateCommand extends TrackingCommand {
    @Parameters(paramLabel = "MODEL_URI", description = "runs:/RUN_ID/PATH, models:/NAME/VERSION, models:/NAME@ALIAS or a local "
            + "model directory.")
    String modelUri;

    @Option(names = "--data", paramLabel = "NAME@VERSION", required = true, converter = DatasetRef.VersionedConverter.class,
            description = "The labelled dataset version to score on.")
    DatasetRef data;

    @Option(names = "--target", paramLabel = "COLUMN",
            description = "The column of true answers (default: the target the model was trained for, from its run).")
    String target;

    @Option(names = "--threshold", paramLabel = "P", defaultValue = "0.5",
            description = "For a binary model: the probability from which the answer is positive (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--champion", paramLabel = "MODEL_URI",
            description = "Compare with this model on the same rows, e.g. models:/fraud@champion.")
    String champion;

    @Option(names = "--segment", paramLabel = "COLUMN", description = "Break the comparison down by the values of COLUMN.")
    String segment;

    @Option(names = "--run", paramLabel = "RUN_ID", description = "Log the report on this run (default: the run that made the model).")
    String runId;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where dataset versions are downloaded (default: $" + HashCache.CACHE_DIR_ENV + "/datasets, else "
                    + "~/.slipway/cache/datasets).")
    Path cacheDir;

    @Override
    public void run() {
        EvaluationJob job = new EvaluationJob(new ClientWorkspace(client(), cacheDir));
        EvaluationJob.Result result = job.run(new EvaluationJob.Request(modelUri, new TrainSpec.DatasetRef(data.name(), data.version()),
                target, threshold, champion, segment, runId));
        output().print(view(result), () -> render(result));
    }

    /** What {@code -o json} prints. */
    record Evaluated(String model, String dataset, String target, int rows, Double threshold, Map<String, Double> metrics,
            long[][] confusionMatrix, String champion, Map<String, Double> championMetrics, Map<String, Double> delta,
            List<Comparison.Segment> segments, String runId, String artifactDirectory, String metricPrefix) {}

    static Evaluated view(EvaluationJob.Result result) {
        Evaluation e = result.evaluation();
        Comparison c = result.comparison();
        return new Evaluated(result.candidate().uri(), result.dataset().reference(), result.target(), e.rows(), e.threshold(),
                e.metrics(), e.confusion(), c == null ? null : result.champion().uri(), c == null ? null : c.champion(),
                c == null ? null : c.delta(), c == null ? null : c.segments(), result.runId(), result.artifactDirectory(),
                result.metricPrefix());
    }

    /** The report as text: the metrics (with the champion's and the deltas when compared), segments, and where it was logged. */
    public static String render(EvaluationJob.Result result) {
        Evaluation e = result.evaluation();
        Comparison c = result.comparison();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%s on %s (%,d rows, target %s%s):%n", result.candidate().uri(),
                result.dataset().reference(), e.rows(), result.target(),
                e.threshold() == null ? "" : ", threshold " + e.threshold()));
        Table table = c == null ? new Table("METRIC", "VALUE") : new Table("METRIC", "CANDIDATE", "CHAMPION", "DELTA");
        Map<String, Double> metrics = new LinkedHashMap<>(e.metrics());
        metrics.forEach((key, value) -> {
            if (c == null) {
                table.addRow(key, number(value));
            } else {
                table.addRow(key, number(value), number(c.champion().get(key)), signed(c.delta().get(key)));
            }
        });
        text.append(table.render());
        if (c != null && !c.segments().isEmpty()) {
            String headline = c.candidate().containsKey("roc_auc") ? "roc_auc" : c.candidate().containsKey("rmse") ? "rmse" : "accuracy";
            text.append(String.format(Locale.ROOT, "%nBy %s (%s):%n", c.segmentColumn(), headline));
            Table segments = new Table("SEGMENT", "ROWS", "CANDIDATE", "CHAMPION", "DELTA");
            for (Comparison.Segment s : c.segments()) {
                segments.addRow(s.value() == null ? "(missing)" : s.value(), Integer.toString(s.rows()),
                        number(s.candidate().get(headline)), number(s.champion().get(headline)),
                        signed(s.delta().get(headline)) + (s.smallSample() ? " (small)" : ""));
            }
            text.append(segments.render());
        }
        if (result.runId() != null) {
            text.append(String.format(Locale.ROOT, "%nLogged on run %s: metrics %s*, artifacts %s/", result.runId(), result.metricPrefix(),
                    result.artifactDirectory()));
        } else {
            text.append(String.format(Locale.ROOT, "%nNot logged: the model has no run (give --run to log it on one)."));
        }
        return text.toString();
    }

    private static String number(Double value) {
        return value == null ? "-" : isCount(value) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String signed(Double value) {
        return value == null ? "-" : isCount(value) && value != 0 ? String.format(Locale.ROOT, "%+.0f", value)
                : String.format(Locale.ROOT, "%+.4f", value);
    }

    private static boolean isCount(double value) {
        return value == Math.rint(value) && Math.abs(value) >= 2;
    }
}
