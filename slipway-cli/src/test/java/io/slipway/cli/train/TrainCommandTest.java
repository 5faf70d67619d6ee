package io.slipway.cli.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.slipway.api.slipway.TrainingMessages.TrainingStatus;
import io.slipway.cli.data.CardTransactions;
import io.slipway.cli.data.DataCommand;
import io.slipway.cli.data.TransactionFormat;
import io.slipway.cli.testing.CliRun;
import io.slipway.cli.testing.CliServerTest;
import io.slipway.client.data.AddDatasetOptions;
import io.slipway.client.data.TransferProgress;
import io.slipway.core.data.DatasetVersion;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunStatus;
import io.slipway.core.tracking.ViewType;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.job.TrainingJob;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Predictor;
import io.slipway.ml.predict.Predictors;
import io.slipway.ml.predict.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainCommandTest extends CliServerTest {
    @TempDir
    static Path shared;

    @TempDir
    Path local;

    private static DatasetVersion cards;
    private static DatasetVersion oneClass;

    @BeforeAll
    static void addDatasets() throws IOException {
        Path csv = shared.resolve("cards.csv");
        DataCommand.writeAtomically(new CardTransactions(CardTransactions.Spec.of(3000, 7, 0)), TransactionFormat.CSV, csv);
        cards = add(csv, unique("cards"));
        StringBuilder rows = new StringBuilder("amount,country,label\n");
        for (int i = 0; i < 40; i++) {
            rows.append(i).append(i % 2 == 0 ? ",US" : ",FR").append(",ok\n");
        }
        oneClass = add(Files.writeString(shared.resolve("one-class.csv"), rows), unique("one-class"));
    }

    private static DatasetVersion add(Path csv, String name) throws IOException {
        AddDatasetOptions options = new AddDatasetOptions("csv", null, null, null, null, null, List.of());
        return client.addDataset(csv, name, options, TransferProgress.NONE).version();
    }

    @Test
    void binaryTrainingRecordsAFinishedRunWithItsModel() throws IOException {
        String experiment = unique("train");
        CliRun run = train(experiment, "");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("best round", "roc_auc", "Model: runs:/");
        Run logged = onlyRun(experiment).orElseThrow();
        String runId = logged.info().runId();
        assertThat(logged.info().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(client.getMetricHistory(runId, "validation-logloss")).extracting(Metric::step).startsWith(0L, 1L, 2L);
        assertThat(client.getMetricHistory(runId, "train-logloss")).hasSizeGreaterThan(2);
        assertThat(logged.data().metrics()).extracting(Metric::key)
                .contains("roc_auc", "pr_auc", "log_loss", "accuracy", "precision", "recall", "f1", "training_duration_s",
                        "data_loading_duration_s");
        assertThat(logged.data().params()).extracting(Param::key, Param::value)
                .contains(tuple("max_depth", "3"), tuple("seed", "42"),
                        tuple("nthread", "4"), tuple("split.method", "stratified"));
        assertThat(logged.data().params()).extracting(Param::key).contains("best_round", "features", "rounds");
        assertThat(logged.data().tags()).extracting(t -> t.key()).contains("slipway.version", "java.version", "xgboost.version",
                "mlflow.source.name");
        assertThat(logged.inputs().datasetInputs()).singleElement().satisfies(input -> {
            assertThat(input.dataset().name()).isEqualTo(cards.name());
            assertThat(input.dataset().digest()).isEqualTo(cards.mlflowDigest());
            assertThat(input.dataset().source()).contains(cards.digest());
        });

        Path artifacts = download(runId, "model/MLmodel", "model/model.json", "model/preprocessing.json", "model/input_example.json",
                "feature_importance.json", "plots/roc.svg", "plots/precision_recall.svg", "plots/calibration.svg",
                "plots/feature_importance.svg", TrainingJob.SPEC_ARTIFACT);
        assertThat(artifacts.resolve("feature_importance.json")).content().contains("\"amount\"");
        assertThat(artifacts.resolve("plots/roc.svg")).content().contains("<svg", "AUC = ");
        assertThat(artifacts.resolve(TrainingJob.SPEC_ARTIFACT)).content().contains("target: is_fraud");
        assertThat(artifacts.resolve("model/MLmodel")).content().contains("saved_input_example_info", "signature", "slipway_xgboost");

        try (Predictor predictor = Predictors.load(artifacts.resolve("model"))) {
            Predictions predictions = predictor.predict(Frame.fromRecords(List.of(Map.of("amount", 912.5, "merchant_category", "electronics",
                    "country", "RU", "hour", 3, "device", "web", "card_present", false, "velocity_1h", 6, "velocity_24h", 9, "amount_vs_avg_30d", 7.5, "distance_from_home_km", 4200.0))));
            assertThat(predictor.task()).isEqualTo(Task.BINARY);
            assertThat(predictor.classes()).containsExactly("0", "1");
            assertThat(predictions.values()[0]).isBetween(0.0, 1.0);
        }
    }

    @Test
    void theSameSpecAndDataTrainTheSameModelBytes() throws IOException {
        String experiment = unique("train");
        CliRun first = train(experiment, "");
        CliRun second = train(experiment, "");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.exitCode()).as(second.toString()).isZero();
        List<Run> runs = client.searchRuns(List.of(client.findExperimentByName(experiment).orElseThrow().experimentId()), null,
                ViewType.ACTIVE_ONLY, 10, null, null).items();
        assertThat(runs).hasSize(2);
        byte[][] models = new byte[2][];
        for (int i = 0; i < 2; i++) {
            Path file = local.resolve("model-" + i + ".json");
            client.downloadArtifact(runs.get(i).info().runId(), "model/model.json", file);
            models[i] = Files.readAllBytes(file);
        }
        assertThat(models[0]).isNotEmpty().isEqualTo(models[1]);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown key        | cards    | colour: red                                     | colour: unknown key",
            "unknown target     | cards    | target: is_fraudulent                           | target: unknown column 'is_fraudulent'",
            "one-class target   | oneclass | target: label                                   | 1 class(es) [ok]; task binary needs exactly 2",
            "unknown split      | cards    | split: {method: shuffled}                       | split.method: expected random, stratified or time",
            "invalid parameter  | cards    | 'xgboost: {params: {max_depth: -3}, rounds: 5}' | xgboost.params: XGBoost refused the parameters",
    })
    void aBadSpecExitsWithOneLineAndLeavesNoRun(String name, String data, String override, String message) throws IOException {
        String experiment = unique("bad");
        CliRun run = train(experiment, override, data.equals("oneclass") ? oneClass : cards);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains(message).doesNotContain("\tat ").hasLineCount(1);
        assertThat(client.findExperimentByName(experiment)).isEmpty();
    }

    @Test
    void onTheServerATrainingIsFollowedAndPrintedAsALocalOne() throws IOException {
        String experiment = unique("server");
        String model = unique("fraud");

        CliRun run = train(experiment, "", cards, "--on-server", "--register", model);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("best round", "roc_auc", "Model: runs:/", "Registered as '" + model + "' version 1");
        assertThat(run.err()).contains("FINISHED");
        Run logged = onlyRun(experiment).orElseThrow();
        assertThat(logged.info().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.out()).contains(logged.info().runId());
        assertThat(client.getModelVersion(model, "1").runId()).isEqualTo(logged.info().runId());
    }

    @Test
    void onTheServerAFailedTrainingExitsWithTheServersMessageOnOneLine() throws IOException {
        String experiment = unique("server-bad");

        CliRun run = train(experiment, "target: is_fraudulent", cards, "--on-server");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        List<String> lines = run.err().lines().toList();
        assertThat(lines.get(lines.size() - 1)).startsWith("error: INVALID_PARAMETER_VALUE: ")
                .contains("target: unknown column 'is_fraudulent'");
        assertThat(run.err()).doesNotContain("\tat ");
        assertThat(client.findExperimentByName(experiment)).isEmpty();
    }

    @Test
    void onTheServerWithoutWaitingTheTrainingsIdIsPrinted() throws IOException {
        CliRun run = train(unique("server"), "", cards, "--on-server", "--no-wait");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String id = run.out().strip();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(client.awaitTraining(id, Duration.ofMinutes(5)).status()).isEqualTo(TrainingStatus.FINISHED);
    }

    @Test
    void aMissingSpecFileExitsWithOneLine() {
        CliRun run = slipway("train", local.resolve("absent.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: No such file or directory: ").hasLineCount(1);
    }

    private CliRun train(String experiment, String override) throws IOException {
        return train(experiment, override, cards);
    }

    /** Trains the spec below, with {@code override}'s top-level key (if any) in place of the spec's; {@code options} added. */
    private CliRun train(String experiment, String override, DatasetVersion data, String... options) throws IOException {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("experiment", "experiment: " + experiment);
        lines.put("data", "data: {train: " + data.name() + "@" + data.version() + "}");
        lines.put("target", "target: is_fraud");
        lines.put("exclude", "exclude: [transaction_id, timestamp, customer_id]");
        lines.put("task", "task: binary");
        lines.put("split", "split: {method: stratified, validation_fraction: 0.25, seed: 42}");
        lines.put("xgboost", "xgboost: {params: {max_depth: 3, eta: 0.3}, rounds: 15, early_stopping_rounds: 5}");
        if (data == oneClass) {
            lines.remove("exclude");
        }
        if (!override.isEmpty()) {
            lines.put(override.substring(0, override.indexOf(':')), override);
        }
        Path spec = Files.writeString(local.resolve("spec.yaml"), String.join("\n", lines.values()) + "\n");
        List<String> args = new ArrayList<>(List.of("train", spec.toString(), "--cache-dir", local.resolve("cache").toString()));
        args.addAll(List.of(options));
        return slipway(args.toArray(String[]::new));
    }

    /** The run's artifacts at {@code paths}, each downloaded below one local directory. */
    private Path download(String runId, String... paths) {
        Path root = local.resolve("artifacts");
        for (String path : paths) {
            client.downloadArtifact(runId, path, root.resolve(path));
        }
        return root;
    }

    private static Optional<Run> onlyRun(String experiment) {
        List<Run> runs = client.searchRuns(List.of(client.findExperimentByName(experiment).orElseThrow().experimentId()), null,
                ViewType.ACTIVE_ONLY, 10, null, null).items();
        assertThat(runs).hasSize(1);
        return runs.stream().findFirst();
    }
}
