package io.slipway.cli.serving;

import io.slipway.api.slipway.PredictionMessages.PredictionView;
import io.slipway.api.slipway.PredictionMessages.PredictionsResponse;
import io.slipway.cli.output.Formats;
import io.slipway.cli.output.Table;
import io.slipway.cli.tracking.TrackingCommand;
import java.time.LocalDate;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway predictions DEPLOYMENT}: what a deployment answered, newest first, with the ground truth learnt since. */
@Command(name = "predictions", description = "Lists a deployment's logged predictions, newest first, with their latest ground truth.")
public final class PredictionsCommand extends TrackingCommand {
    @Parameters(paramLabel = "DEPLOYMENT", description = "The deployment.")
    private String deployment;

    @Option(names = "--from", paramLabel = "DATE", description = "First UTC date (YYYY-MM-DD; default: six days before --to).")
    private LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", description = "Last UTC date (YYYY-MM-DD; default: today).")
    private LocalDate to;

    @Option(names = "--max", paramLabel = "N", description = "At most N predictions (1 to 10000; default: 1000).")
    private Integer max;

    @Option(names = "--key-column", paramLabel = "COL",
            description = "Match ground truth sent by business key against this input column, instead of by prediction id.")
    private String keyColumn;

    @Override
    public void run() {
        List<PredictionView> predictions = client().searchPredictions(deployment, from, to, max, keyColumn);
        output().print(new PredictionsResponse(predictions), () -> table(predictions));
    }

    static String table(List<PredictionView> predictions) {
        if (predictions.isEmpty()) {
            return "No predictions logged in that range.";
        }
        Table table = new Table("TIME", "PREDICTION ID", "MODEL", "ROLE", "PREDICTION", "LATENCY MS", "GROUND TRUTH");
        for (PredictionView p : predictions) {
            String answer = p.label() != null ? p.label() : p.prediction() == null ? "-" : Formats.number(p.prediction());
            table.addRow(Formats.timestamp(p.timestamp()), p.predictionId(), p.modelName() + "/" + p.modelVersion(), p.role(), answer,
                    Formats.number(p.latencyMs()), p.groundTruth() == null ? "-" : p.groundTruth());
        }
        return table.render();
    }
}
