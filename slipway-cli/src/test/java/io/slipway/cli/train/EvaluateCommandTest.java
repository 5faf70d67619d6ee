package io.slipway.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.cli.data.CardTransactions;
import io.slipway.cli.data.DataCommand;
import io.slipway.cli.data.TransactionFormat;
import io.slipway.cli.testing.CliRun;
import io.slipway.cli.testing.CliServerTest;
import io.slipway.client.data.AddDatasetOptions;
import io.slipway.client.data.TransferProgress;
import io.slipway.core.data.DatasetVersion;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code slipway train --register} and {@code slipway evaluate} against a real server: a challenger
 * scored against the champion on the same rows, the report on the challenger's run; and an ONNX model
 * made by scikit-learn outside Java, registered and evaluated through the same interface.
 */
class EvaluateCommandTest extends CliServerTest {
    /** A model made by scikit-learn, with sklearn's own answers for 12 rows (slipway-ml's make_models.py). */
    private static final Path ONNX_MODEL = Path.of("../slipway-ml/src/test/resources/onnx/logistic_binary");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    private static DatasetVersion cards;
    private static String model;
    private static ModelVersion champion;
    private static ModelVersion challenger;

    @BeforeAll
    static void trainTwoVersions() throws IOException {
        Path csv = shared.resolve("cards.csv");
        DataCommand.writeAtomically(new CardTransactions(CardTransactions.Spec.of(3000, 11, 0)), TransactionFormat.CSV, csv);
        cards = client.addDataset(csv, unique("cards"), new AddDatasetOptions("csv", null, null, null, null, null, List.of()),
                TransferProgress.NONE).version();
        model = unique("fraud");
        champion = trainAndRegister("max_depth: 1, eta: 0.3", 3);
        challenger = trainAndRegister("max_depth: 4, eta: 0.3", 30);
        client.setAlias(model, "champion", champion.version());
    }

    private static ModelVersion trainAndRegister(String params, int rounds) throws IOException {
        Path spec = Files.writeString(shared.resolve("spec-" + rounds + ".yaml"), String.join("\n",
                "experiment: " + model,
                "data: {train: " + cards.name() + "@" + cards.version() + "}",
                "target: is_fraud",
                "exclude: [transaction_id, timestamp, customer_id]",
                "task: binary",
                "xgboost: {params: {" + params + "}, rounds: " + rounds + "}", ""));
        CliRun run = slipway("train", spec.toString(), "--register", model, "--cache-dir", shared.resolve("cache").toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Registered as '" + model + "' version");
        List<ModelVersion> versions = client.searchModelVersions("name = '" + model + "'", 10L, List.of("version_number DESC"), null)
                .items();
        return versions.get(0);
    }

    @Test
    void trainRegistersTheModelFromItsRun() {
        Run run = client.getRun(challenger.runId());
        assertThat(challenger.source()).isEqualTo("runs:/" + challenger.runId() + "/model");
        assertThat(challenger.description()).startsWith("XGBoost (binary) on " + cards.name() + "@" + cards.version())
                .contains("validation roc_auc");
        assertThat(run.info().status()).isEqualTo(io.slipway.core.tracking.RunStatus.FINISHED);
    }

    @Test
    void aChallengerIsComparedWithTheChampionAndTheReportStaysOnItsRun() throws IOException {
        CliRun run = slipway("evaluate", "models:/" + model + "/" + challenger.version(), "--data", cards.name() + "@" + cards.version(),
                "--champion", "models:/" + model + "@champion", "--segment", "merchant_category", "--cache-dir",
                shared.resolve("cache").toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("CANDIDATE", "CHAMPION", "DELTA", "roc_auc", "By merchant_category", "electronics",
                "Logged on run " + challenger.runId());
        String prefix = "eval." + cards.name() + ".v" + cards.version() + ".";
        Map<String, Double> metrics = latest(client.getRun(challenger.runId()));
        assertThat(metrics).containsKeys(prefix + "roc_auc", prefix + "pr_auc", prefix + "log_loss", prefix + "true_positives",
                prefix + "vs_champion.roc_auc");
        assertThat(metrics.get(prefix + "roc_auc")).isBetween(0.5, 1.0);
        assertThat(client.getRun(champion.runId()).data().metrics()).extracting(Metric::key).noneMatch(key -> key.startsWith("eval."));

        Path report = shared.resolve("comparison.json");
        client.downloadArtifact(challenger.runId(), "evaluations/" + cards.name() + "-v" + cards.version() + "/comparison.json", report);
        JsonNode comparison = JSON.readTree(report.toFile());
        assertThat(comparison.get("champion_version").asText()).isEqualTo(champion.version());
        assertThat(comparison.get("rows").asInt()).isEqualTo(3000);
        double candidateAuc = comparison.at("/metrics/candidate/roc_auc").asDouble();
        double championAuc = comparison.at("/metrics/champion/roc_auc").asDouble();
        assertThat(comparison.at("/metrics/delta/roc_auc").asDouble()).isCloseTo(candidateAuc - championAuc,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(metrics.get(prefix + "vs_champion.roc_auc")).isCloseTo(candidateAuc - championAuc,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(comparison.get("segment_column").asText()).isEqualTo("merchant_category");
        int segmentRows = 0;
        for (JsonNode segment : comparison.get("segments")) {
            segmentRows += segment.get("rows").asInt();
            assertThat(segment.has("small_sample")).isTrue();
        }
        assertThat(segmentRows).isEqualTo(3000);
        for (String file : List.of("evaluation.json", "roc.svg", "precision_recall.svg", "calibration.svg")) {
            Path local = shared.resolve("eval-" + file);
            client.downloadArtifact(challenger.runId(), "evaluations/" + cards.name() + "-v" + cards.version() + "/" + file, local);
            assertThat(local).isNotEmptyFile();
        }
        assertThat(client.getRun(challenger.runId()).inputs().datasetInputs())
                .anySatisfy(input -> assertThat(input.tags()).anySatisfy(tag -> assertThat(tag.value()).isEqualTo("evaluation")));
    }

    @Test
    void theSpecsEvaluationStepComparesTheNewModelWithTheChampionBeforeRegistering() throws IOException {
        Path spec = Files.writeString(shared.resolve("spec-evaluate.yaml"), String.join("\n",
                "experiment: " + model,
                "data: {train: " + cards.name() + "@" + cards.version() + "}",
                "target: is_fraud",
                "exclude: [transaction_id, timestamp, customer_id]",
                "task: binary",
                "xgboost: {params: {max_depth: 3}, rounds: 10}",
                "evaluate: {data: " + cards.name() + "@" + cards.version() + ", threshold: 0.2, champion: models:/" + model
                        + "@champion, segment: country}", ""));

        CliRun run = slipway("train", spec.toString(), "--register", model, "--cache-dir", shared.resolve("cache").toString(), "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode printed = JSON.readTree(run.out());
        String runId = printed.get("run_id").asText();
        assertThat(printed.at("/evaluation/champion").asText()).isEqualTo("models:/" + model + "@champion");
        assertThat(printed.at("/evaluation/threshold").asDouble()).isEqualTo(0.2);
        assertThat(printed.get("registered_version").asText()).isNotEmpty();
        String prefix = "eval." + cards.name() + ".v" + cards.version() + ".";
        assertThat(latest(client.getRun(runId))).containsKeys(prefix + "roc_auc", prefix + "vs_champion.roc_auc", "roc_auc");
        assertThat(client.getRun(runId).info().status()).isEqualTo(io.slipway.core.tracking.RunStatus.FINISHED);
    }

    @Test
    void aChampionThatDoesNotExistYetIsSkippedAndABadEvaluationColumnFailsBeforeTraining() throws IOException {
        String experiment = unique("first");
        String base = String.join("\n",
                "experiment: " + experiment,
                "data: {train: " + cards.name() + "@" + cards.version() + "}",
                "target: is_fraud",
                "exclude: [transaction_id, timestamp, customer_id]",
                "task: binary",
                "xgboost: {rounds: 5}", "");
        Path first = Files.writeString(shared.resolve("spec-first.yaml"), base + "evaluate: {data: " + cards.name() + "@"
                + cards.version() + ", champion: models:/" + unique("nobody") + "@champion}\n");
        CliRun run = slipway("train", first.toString(), "--cache-dir", shared.resolve("cache").toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("does not exist yet: evaluated without a comparison", "METRIC", "VALUE", "Logged on run");

        String other = unique("bad-eval");
        Path bad = Files.writeString(shared.resolve("spec-bad.yaml"), base.replace(experiment, other) + "evaluate: {data: "
                + cards.name() + "@" + cards.version() + ", champion: models:/" + model + "@champion, segment: colour}\n");
        CliRun refused = slipway("train", bad.toString(), "--cache-dir", shared.resolve("cache").toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("evaluate.data: " + cards.name() + "@" + cards.version() + " has no column 'colour' (the segment)")
                .hasLineCount(1);
        assertThat(client.findExperimentByName(other)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown target       | --target=nope                          | target: unknown column 'nope'",
            "unknown segment      | --segment=nope                         | segment: unknown column 'nope'",
            "segment, no champion | --segment=country                      | segment: segments break down a comparison",
            "bad threshold        | --threshold=1.5                        | threshold: 1.5 is not a probability",
            "unknown version      | --data=nope@1                          | nope",
            "unknown champion     | --champion=models:/nope-at-all@x       | nope-at-all",
    })
    void badInputExitsWithOneLineAndLogsNothing(String name, String option, String message) {
        List<String> args = new java.util.ArrayList<>(List.of("evaluate", "runs:/" + challenger.runId() + "/model",
                "--cache-dir", shared.resolve("cache").toString()));
        if (!option.startsWith("--data")) {
            args.addAll(List.of("--data", cards.name() + "@" + cards.version()));
        }
        args.add(option);
        if (option.startsWith("--segment=nope")) {
            args.add("--champion=models:/" + model + "@champion");
        }
        Map<String, Double> before = latest(client.getRun(challenger.runId()));
        CliRun run = slipway(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains(message).doesNotContain("\tat ").hasLineCount(1);
        assertThat(latest(client.getRun(challenger.runId()))).isEqualTo(before);
    }

    @Test
    void anOnnxModelMadeByScikitLearnIsRegisteredAndEvaluatedThroughTheSameInterface() throws IOException {
        JsonNode expected = JSON.readTree(ONNX_MODEL.resolve("expected.json").toFile());
        StringBuilder csv = new StringBuilder();
        List<String> columns = Stream.of("tenure_months", "monthly_spend", "support_calls", "discount_rate", "sessions_per_week").toList();
        csv.append(String.join(",", columns)).append(",churned\n");
        for (int i = 0; i < expected.get("records").size(); i++) {
            JsonNode record = expected.get("records").get(i);
            for (String column : columns) {
                csv.append(String.format(Locale.ROOT, "%.17g,", record.get(column).asDouble()));
            }
            csv.append(expected.get("labels").get(i).asText()).append('\n');
        }
        Path file = Files.writeString(shared.resolve("churn.csv"), csv);
        DatasetVersion churn = client.addDataset(file, unique("churn"), new AddDatasetOptions("csv", null, null, null, null, null,
                List.of()), TransferProgress.NONE).version();
        String runId = client.createRun(newExperiment(), "sklearn-logistic", Map.of()).info().runId();
        try (Stream<Path> files = Files.list(ONNX_MODEL)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().equals("expected.json")).toList()) {
                client.uploadArtifact(runId, "model/" + f.getFileName(), f);
            }
        }
        String name = unique("churn-onnx");
        client.createRegisteredModel(name, null, Map.of());
        ModelVersion version = client.createModelVersion(name, "runs:/" + runId + "/model", runId, null, Map.of());

        CliRun run = slipway("evaluate", "models:/" + name + "/" + version.version(), "--data", churn.name() + "@" + churn.version(),
                "--target", "churned", "--cache-dir", shared.resolve("cache").toString());

        // the labels are scikit-learn's own answers, so the ONNX model must agree with every one
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String prefix = "eval." + churn.name() + ".v" + churn.version() + ".";
        Map<String, Double> metrics = latest(client.getRun(runId));
        assertThat(metrics.get(prefix + "accuracy")).isEqualTo(1.0);
        assertThat(metrics.get(prefix + "roc_auc")).isEqualTo(1.0);

        CliRun local = slipway("evaluate", ONNX_MODEL.toString(), "--data", churn.name() + "@" + churn.version(), "--target", "churned",
                "--cache-dir", shared.resolve("cache").toString());
        assertThat(local.exitCode()).as(local.toString()).isZero();
        assertThat(local.out()).contains("accuracy", "1.0000", "Not logged");
    }

    private static Map<String, Double> latest(Run run) {
        Map<String, Double> metrics = new java.util.TreeMap<>();
        run.data().metrics().forEach(metric -> metrics.put(metric.key(), metric.value()));
        return metrics;
    }
}
