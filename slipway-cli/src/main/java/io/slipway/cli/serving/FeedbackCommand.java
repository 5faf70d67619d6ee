package io.slipway.cli.serving;

import io.slipway.api.slipway.PredictionMessages;
import io.slipway.api.slipway.PredictionMessages.FeedbackAccepted;
import io.slipway.api.slipway.PredictionMessages.FeedbackItem;
import io.slipway.cli.tracking.TrackingCommand;
import io.slipway.data.profile.SqlText;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway feedback DEPLOYMENT ...}: the ground truth of logged predictions, one at a time or from a CSV file. */
@Command(name = "feedback", description = "Sends ground truth for a deployment's logged predictions: one (--id or --key with --truth),"
        + " or a CSV file with a header naming prediction_id or business_key, and ground_truth.")
public final class FeedbackCommand extends TrackingCommand {
    static final String PREDICTION_ID = "prediction_id";
    static final String BUSINESS_KEY = "business_key";
    static final String GROUND_TRUTH = "ground_truth";

    @Parameters(paramLabel = "DEPLOYMENT", description = "The deployment whose predictions the ground truth is for.")
    private String deployment;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Target target;

    @Option(names = "--truth", paramLabel = "VALUE", description = "The ground truth: the true label, or the true value.")
    private String truth;

    @Spec
    private CommandSpec spec;

    static final class Target {
        @Option(names = "--id", paramLabel = "PREDICTION_ID", description = "The prediction's id (the request id for a one-row request).")
        String predictionId;

        @Option(names = "--key", paramLabel = "BUSINESS_KEY", description = "An input value that identifies the prediction, e.g. a"
                + " transaction id (read it back with 'slipway predictions --key-column').")
        String businessKey;

        @Option(names = "--file", paramLabel = "CSV", description = "A CSV file of feedback, sent in chunks of 1000.")
        Path file;
    }

    @Override
    public void run() {
        List<FeedbackItem> items;
        if (target.file != null) {
            if (truth != null) {
                throw new ParameterException(spec.commandLine(), "--truth goes with --id or --key; a --file carries a ground_truth column");
            }
            items = readCsv(target.file);
        } else {
            if (truth == null) {
                throw new ParameterException(spec.commandLine(), "Missing --truth: the ground truth to send");
            }
            items = List.of(new FeedbackItem(target.predictionId, target.businessKey, truth));
        }
        int accepted = 0;
        for (int start = 0; start < items.size(); start += PredictionMessages.MAX_FEEDBACK_ITEMS) {
            accepted += client().sendFeedback(deployment, items.subList(start, Math.min(items.size(), start
                    + PredictionMessages.MAX_FEEDBACK_ITEMS)));
        }
        int sent = accepted;
        output().print(new FeedbackAccepted(sent), () -> "Sent " + sent + " feedback item" + (sent == 1 ? "" : "s") + " for deployment '"
                + deployment + "'.");
    }

    /** The file's rows as feedback; a one-line error naming the file for a missing column or an empty value. */
    static List<FeedbackItem> readCsv(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UncheckedIOException(new NoSuchFileException(file.toString()));
        }
        String sql = "SELECT * FROM read_csv(" + SqlText.literal(file.toString()) + ", header = true, all_varchar = true)";
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            Set<String> columns = new HashSet<>();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                columns.add(rows.getMetaData().getColumnName(i).toLowerCase(Locale.ROOT));
            }
            boolean byId = columns.contains(PREDICTION_ID);
            boolean byKey = columns.contains(BUSINESS_KEY);
            if (!columns.contains(GROUND_TRUTH) || byId == byKey) {
                throw new IllegalArgumentException(file + ": the header must name ground_truth and one of prediction_id and business_key"
                        + " (it has " + String.join(", ", columns.stream().sorted().toList()) + ")");
            }
            List<FeedbackItem> items = new ArrayList<>();
            while (rows.next()) {
                int line = items.size() + 2;
                String id = rows.getString(byId ? PREDICTION_ID : BUSINESS_KEY);
                String groundTruth = rows.getString(GROUND_TRUTH);
                if (id == null || groundTruth == null) {
                    throw new IllegalArgumentException(file + ", line " + line + ": empty " + (id == null ? (byId ? PREDICTION_ID
                            : BUSINESS_KEY) : GROUND_TRUTH));
                }
                items.add(byId ? new FeedbackItem(id, null, groundTruth) : new FeedbackItem(null, id, groundTruth));
            }
            if (items.isEmpty()) {
                throw new IllegalArgumentException(file + ": no feedback rows below the header");
            }
            return items;
        } catch (SQLException e) {
            throw new IllegalArgumentException("Cannot read " + file + " as CSV: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
