package io.slipway.cli.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.api.mlflow.TrackingMessages.DatasetInputMessage;
import io.slipway.api.slipway.DatasetInputs;
import io.slipway.api.slipway.DatasetProfiles;
import io.slipway.api.slipway.DatasetValidationMessages.ValidationView;
import io.slipway.cli.data.CardTransactions;
import io.slipway.cli.data.DataCommand;
import io.slipway.cli.data.TabularFacts;
import io.slipway.cli.data.TransactionFormat;
import io.slipway.cli.tracking.ArtifactListing;
import io.slipway.cli.tracking.RunViews;
import io.slipway.client.SlipwayClient;
import io.slipway.client.data.AddDatasetOptions;
import io.slipway.client.data.HashCache;
import io.slipway.client.data.TransferProgress;
import io.slipway.core.data.DatasetVersion;
import io.slipway.core.data.profile.ColumnProfile;
import io.slipway.core.data.profile.DatasetProfile;
import io.slipway.core.data.validation.ExpectationResult;
import io.slipway.core.data.validation.Severity;
import io.slipway.core.data.validation.ValidationReport;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.tracking.Experiment;
import io.slipway.core.tracking.LifecycleStage;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.MlflowTags;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunStatus;
import io.slipway.core.tracking.ViewType;
import io.slipway.data.profile.ProfilerSettings;
import io.slipway.data.validation.Expectation;
import io.slipway.data.validation.Expectation.MeanBetween;
import io.slipway.data.validation.ExpectationSuite;
import io.slipway.data.validation.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end-to-end scenario behind {@code slipway demo}, driven through the HTTP client the way a
 * user's training script would drive it: one experiment, one logged dataset, three training runs
 * with per-epoch metrics and model artifacts, a search for the best run, and its model registered
 * as a new version with the alias {@value #CHALLENGER_ALIAS}. The data is the synthetic card
 * transactions Slipway ships ({@link CardTransactions}, as {@code slipway data generate} writes
 * them), versioned and validated; the training itself is demo workload ({@link FraudFeatures},
 * {@link LogisticRegression}).
 */
public final class DemoScenario {
    public static final String EXPERIMENT_NAME = "demo-fraud-detection";
    public static final String DATASET_NAME = "card-transactions";
    public static final List<Double> LEARNING_RATES = List.of(0.01, 0.1, 0.5);
    public static final int EPOCHS = 30;
    public static final String BEST_RUNS_FILTER = "metrics.val_auc > 0.5";
    public static final String BEST_RUNS_ORDER = "metrics.val_auc DESC";
    public static final String MODEL_NAME = "fraud-detector";
    public static final String MODEL_ARTIFACT_PATH = "model";
    /** The generated data's file name, in the data directory's {@code datasets/}. */
    public static final String CSV_FILE = "card-transactions.csv";
    /** The drifted batch, in the data directory's {@code incoming/}. */
    public static final String INCOMING_FILE = "card-transactions-next-month.csv";
    /** The demo's cache of file hashes, in its data directory. */
    static final String HASH_CACHE = "hashes-v2.log";
    public static final String CHALLENGER_ALIAS = "challenger";
    public static final String CHALLENGER_URI = "models:/" + MODEL_NAME + "@" + CHALLENGER_ALIAS;
    static final String MODEL_DESCRIPTION = "Flags fraudulent card transactions; logistic regressions trained by slipway demo.";
    public static final int ROWS = 50_000;
    static final double VALIDATION_FRACTION = 0.2;
    static final double L2 = 0.001;
    static final long SEED = 42;
    /** Steps of the whole demo: this scenario prints 1 to 7, {@link GovernanceScenario} the rest. */
    static final int STEPS = 10;
    /** Next month's transactions, shifted this far by the generator's drift knob. */
    public static final double INCOMING_DRIFT = 0.8;
    /** Columns whose mean the demo's suite bounds to within 10 % of the reference's. */
    static final List<String> MEAN_BOUNDED = List.of("amount", "card_present");

    private final SlipwayClient client;
    private final Path dataDir;
    private final PrintWriter out;
    private final ObjectMapper json = new ObjectMapper();

    public DemoScenario(SlipwayClient client, Path dataDir, PrintWriter out) {
        this.client = requireNonNull(client, "client is null");
        this.dataDir = requireNonNull(dataDir, "dataDir is null").toAbsolutePath();
        this.out = requireNonNull(out, "out is null");
    }

    /** What the scenario left on the server: its experiment, the matching runs best first, and the version registered. */
    public record Outcome(String experimentId, List<Run> rankedRuns, ModelVersion registered) {
        public Outcome {
            rankedRuns = List.copyOf(rankedRuns);
        }

        public Run best() {
            return rankedRuns.get(0);
        }
    }

    public Outcome run() throws IOException {
        String experimentId = experiment();

        CardTransactions transactions = new CardTransactions(CardTransactions.Spec.of(ROWS, SEED, 0));
        Path csv = dataDir.resolve("datasets").resolve(CSV_FILE);
        Files.createDirectories(csv.getParent());
        long frauds = DataCommand.writeAtomically(transactions, TransactionFormat.CSV, csv);
        DatasetVersion version = versionDataset(csv);
        DatasetInputMessage dataset = DatasetInputs.of(version, "training");
        step(2, String.format(Locale.ROOT, "Generated %,d synthetic card transactions (seed %d, drift 0), %,d frauds (%.2f%%);"
                        + " versioned as dataset %s%n        %s (digest %s, %d columns and %,d rows profiled by DuckDB)",
                ROWS, SEED, frauds, 100.0 * frauds / ROWS, version.reference(), csv, version.digest(), CardTransactions.COLUMNS.size(),
                version.rowCount()));

        validate(version);

        FraudFeatures data = FraudFeatures.of(transactions);
        FraudFeatures.Split split = data.split(VALIDATION_FRACTION, SEED);
        step(4, String.format(Locale.ROOT, "Training %d logistic regressions on %s (%d numeric columns), %d epochs each, on %,d rows;"
                        + " validating on %,d", LEARNING_RATES.size(), version.reference(), FraudFeatures.FEATURES.size(), EPOCHS,
                split.train().length, split.validation().length));
        for (double learningRate : LEARNING_RATES) {
            train(experimentId, learningRate, split, dataset);
        }

        step(5, "Searching runs: " + BEST_RUNS_FILTER + ", ordered by " + BEST_RUNS_ORDER);
        List<Run> ranked = client.searchRuns(List.of(experimentId), BEST_RUNS_FILTER, ViewType.ACTIVE_ONLY, 1000,
                List.of(BEST_RUNS_ORDER), null).items();
        if (ranked.isEmpty()) {
            throw new IllegalStateException("No run matched '" + BEST_RUNS_FILTER + "'; the demo's training went wrong.");
        }
        out.println(indent(RunViews.list(ranked, List.of(BEST_RUNS_ORDER))));
        Run best = ranked.get(0);
        out.printf(Locale.ROOT, "        Best: %s (run %s), val_auc %.4f%n", best.info().runName(), best.info().runId(),
                latest(best, "val_auc"));

        step(6, "Artifacts of the best run (" + best.info().artifactUri() + "):");
        out.println(indent(ArtifactListing.render(ArtifactListing.walk(client, best.info().artifactUri(), ""))));

        step(7, "Registering the best run's " + MODEL_ARTIFACT_PATH + "/ as a version of the model '" + MODEL_NAME + "'");
        ModelVersion registered = registerChallenger(best);
        out.flush();
        return new Outcome(experimentId, ranked, registered);
    }

    /** A new version of the demo's registered model (created on the first run) from {@code best}, with the challenger alias. */
    private ModelVersion registerChallenger(Run best) {
        String runId = best.info().runId();
        if (client.findRegisteredModel(MODEL_NAME).isEmpty()) {
            client.createRegisteredModel(MODEL_NAME, MODEL_DESCRIPTION, Map.of("purpose", "slipway demo"));
            out.println("        Created registered model '" + MODEL_NAME + "'");
        }
        ModelVersion version = client.createModelVersion(MODEL_NAME, "runs:/" + runId + "/" + MODEL_ARTIFACT_PATH, runId,
                String.format(Locale.ROOT, "%s, val_auc %.4f", best.info().runName(), latest(best, "val_auc")), Map.of());
        client.setAlias(MODEL_NAME, CHALLENGER_ALIAS, version.version());
        ModelVersion resolved = client.resolveModel(CHALLENGER_URI);
        out.printf("        Version %s from %s, alias '%s'%n", version.version(), version.source(), CHALLENGER_ALIAS);
        out.printf("        %s resolves to version %s (run %s)%n", CHALLENGER_URI, resolved.version(), resolved.runId());
        return version;
    }

    /** The demo experiment, created on the first run and reused (restored if deleted) after that. */
    private String experiment() {
        Experiment existing = client.findExperimentByName(EXPERIMENT_NAME).orElse(null);
        if (existing == null) {
            String id = client.createExperiment(EXPERIMENT_NAME, null, Map.of("purpose", "slipway demo"));
            step(1, "Created experiment '" + EXPERIMENT_NAME + "' (id " + id + ")");
            return id;
        }
        if (existing.lifecycleStage() == LifecycleStage.DELETED) {
            client.restoreExperiment(existing.experimentId());
        }
        step(1, "Reusing experiment '" + EXPERIMENT_NAME + "' (id " + existing.experimentId() + "); --fresh starts over");
        return existing.experimentId();
    }

    /**
     * What a team does with a reference dataset: the server proposes a suite from the version's
     * profile; a reviewer tightens it (here: the means of {@link #MEAN_BOUNDED} within 10 %, the
     * fraud rate within half to double as a warning); the server validates the version against it
     * and keeps the report with it. Then next month's batch, drifted, is checked against the same
     * suite before anyone versions it, as a CI job would, and fails.
     */
    private void validate(DatasetVersion version) throws IOException {
        String suggested = client.suggestDatasetSuite(version.name(), version.version());
        DatasetProfile profile = DatasetProfiles.read(version.profile())
                .orElseThrow(() -> new IllegalStateException(version.reference() + " has no readable profile"));
        List<Expectation> expectations = new ArrayList<>(ExpectationSuite.parse(suggested).expectations());
        int suggestedCount = expectations.size();
        for (String column : MEAN_BOUNDED) {
            double mean = profile.column(column).map(ColumnProfile::mean).orElseThrow();
            expectations.add(new MeanBetween(column, round(mean * 0.9), round(mean * 1.1), Severity.ERROR));
        }
        double fraudRate = profile.column(FraudFeatures.LABEL).map(ColumnProfile::mean).orElseThrow();
        expectations.add(new MeanBetween(FraudFeatures.LABEL, round(fraudRate / 2), round(fraudRate * 2), Severity.WARNING));
        String suite = new ExpectationSuite(expectations).toYaml();
        Path suiteFile = dataDir.resolve("expectations").resolve(DATASET_NAME + ".yaml");
        Files.createDirectories(suiteFile.getParent());
        Files.writeString(suiteFile, suite);

        ValidationView stored = client.validateDatasetVersion(version.name(), version.version(), suite);
        step(3, String.format(Locale.ROOT, "Expectations: %d suggested from the profile of %s, plus %d mean bounds -> %s",
                suggestedCount, version.reference(), expectations.size() - suggestedCount, suiteFile));
        out.printf(Locale.ROOT, "        %s validated on the server: %s, %d expectations; report %s stored with the version%n",
                version.reference(), stored.passed() ? "passed" : "FAILED", expectations.size(), stored.id());

        Path incoming = dataDir.resolve("incoming").resolve(INCOMING_FILE);
        Files.createDirectories(incoming.getParent());
        CardTransactions.Spec reference = CardTransactions.Spec.of(ROWS, SEED, 0);
        long frauds = DataCommand.writeAtomically(new CardTransactions(new CardTransactions.Spec(ROWS, SEED + 1,
                reference.start().plus(reference.span()), reference.span(), INCOMING_DRIFT, reference.nullFraction())),
                TransactionFormat.CSV, incoming);
        ValidationReport report = new Validator(ProfilerSettings.defaults()).validate(incoming.toString(), ExpectationSuite.parse(suite));
        out.printf(Locale.ROOT, "        Next month's batch (slipway data generate --drift %s, %,d frauds) checked before versioning: %s%n",
                INCOMING_DRIFT, frauds, report.passed() ? "passed" : "FAILED, it stays out of " + DATASET_NAME);
        for (ExpectationResult failed : report.failed()) {
            out.printf("          %s %s%s: %s%n", failed.failsValidation() ? "FAIL" : "warn", failed.kind(),
                    failed.column() == null ? "" : " " + failed.column(), failed.observed());
        }
    }

    /** Four significant digits: bounds a person would write. */
    private static double round(double value) {
        return new BigDecimal(value).round(new MathContext(4)).doubleValue();
    }

    /**
     * Versions the CSV as dataset {@value #DATASET_NAME} (profiled by DuckDB, content-addressed; unchanged data keeps its
     * version), as {@code slipway data add} does.
     */
    private DatasetVersion versionDataset(Path csv) throws IOException {
        TabularFacts facts = TabularFacts.of(csv);
        AddDatasetOptions options = new AddDatasetOptions("csv", facts.schema(), facts.rowCount(), facts.profile(), csv.toUri().toString(),
                "Synthetic card transactions (slipway data generate --rows " + ROWS + " --seed " + SEED + ")", List.of());
        try (HashCache cache = HashCache.open(dataDir.resolve(HASH_CACHE))) {
            return client.addDataset(csv, DATASET_NAME, options, TransferProgress.NONE, cache).version();
        }
    }

    private void train(String experimentId, double learningRate, FraudFeatures.Split split, DatasetInputMessage dataset)
            throws IOException {
        Run run = client.createRun(experimentId, "logreg-lr-" + learningRate,
                Map.of("model_type", "logistic_regression", MlflowTags.SOURCE_NAME, "slipway demo"));
        String runId = run.info().runId();
        try {
            client.logInputs(runId, List.of(dataset));
            client.logBatch(runId, List.of(), List.of(
                    new Param("learning_rate", Double.toString(learningRate)),
                    new Param("epochs", Integer.toString(EPOCHS)),
                    new Param("l2", Double.toString(L2))), List.of());

            LogisticRegression model = new LogisticRegression(FraudFeatures.FEATURES.size(), learningRate, L2);
            StringBuilder history = new StringBuilder("epoch,train_loss,val_auc\n");
            double loss = Double.NaN;
            double auc = Double.NaN;
            for (int epoch = 1; epoch <= EPOCHS; epoch++) {
                model.trainEpoch(split.train(), split.trainLabels());
                loss = model.loss(split.train(), split.trainLabels());
                auc = RocAuc.of(model.probabilities(split.validation()), split.validationLabels());
                long now = System.currentTimeMillis();
                client.logBatch(runId, List.of(new Metric("train_loss", loss, now, epoch), new Metric("val_auc", auc, now, epoch)),
                        List.of(), List.of());
                history.append(String.format(Locale.ROOT, "%d,%.6f,%.6f\n", epoch, loss, auc));
            }
            uploadArtifacts(runId, model, split, history.toString());
            client.finishRun(runId);
            out.printf(Locale.ROOT, "        %-16s run %s  train_loss %.4f  val_auc %.4f%n", run.info().runName(), runId, loss, auc);
            out.flush();
        } catch (IOException | RuntimeException e) {
            markFailed(runId, e);
            throw e;
        }
    }

    /** {@code model/weights.json} (enough to score new rows) and {@code metrics.csv} (the per-epoch history). */
    private void uploadArtifacts(String runId, LogisticRegression model, FraudFeatures.Split split, String history)
            throws IOException {
        ObjectNode weights = json.createObjectNode().put("model_type", "logistic_regression");
        weights.set("features", json.valueToTree(FraudFeatures.FEATURES));
        weights.set("weights", json.valueToTree(model.weights()));
        weights.put("bias", model.bias());
        ObjectNode standardization = weights.putObject("standardization");
        standardization.set("mean", json.valueToTree(split.mean()));
        standardization.set("std", json.valueToTree(split.std()));
        weights.put("score", "sigmoid(bias + sum(weights[i] * (x[i] - mean[i]) / std[i]))");

        Path staging = Files.createTempDirectory("slipway-demo-");
        try {
            Path weightsFile = Files.writeString(staging.resolve("weights.json"),
                    json.writerWithDefaultPrettyPrinter().writeValueAsString(weights));
            Path historyFile = Files.writeString(staging.resolve("metrics.csv"), history);
            Path inputExample = Files.writeString(staging.resolve("input_example.json"), inputExample(split));
            Path descriptor = Files.writeString(staging.resolve("MLmodel"), mlmodel(runId));
            client.uploadArtifact(runId, "model/weights.json", weightsFile);
            client.uploadArtifact(runId, "model/input_example.json", inputExample);
            client.uploadArtifact(runId, "model/MLmodel", descriptor);
            client.uploadArtifact(runId, "metrics.csv", historyFile);
        } finally {
            try (var files = Files.list(staging)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(staging);
        }
    }

    /**
     * MLflow's model descriptor for the demo model: its flavor (Slipway's own, the weights file),
     * the signature of its inputs and output, and where the input example is.
     */
    static String mlmodel(String runId) throws IOException {
        ArrayNode inputs = new ObjectMapper().createArrayNode();
        FraudFeatures.FEATURES.forEach(name -> inputs.addObject().put("type", "double").put("name", name).put("required", true));
        String outputs = "[{\"type\": \"double\", \"name\": \"fraud_probability\", \"required\": true}]";
        return String.join("\n",
                "artifact_path: " + MODEL_ARTIFACT_PATH,
                "flavors:",
                "  slipway_logistic_regression:",
                "    data: weights.json",
                "    score: sigmoid(bias + sum(weights[i] * (x[i] - mean[i]) / std[i]))",
                "run_id: " + runId,
                "saved_input_example_info:",
                "  artifact_path: input_example.json",
                "  pandas_orient: split",
                "  type: dataframe",
                "signature:",
                "  inputs: '" + new ObjectMapper().writeValueAsString(inputs) + "'",
                "  outputs: '" + outputs + "'",
                "  params: null",
                "utc_time_created: '" + java.time.LocalDateTime.now(java.time.ZoneOffset.UTC) + "'",
                "");
    }

    /** Three validation rows in pandas' split orientation, as MLflow stores input examples. */
    private String inputExample(FraudFeatures.Split split) throws IOException {
        ObjectNode example = json.createObjectNode();
        example.set("columns", json.valueToTree(FraudFeatures.FEATURES));
        ArrayNode rows = example.putArray("data");
        for (int i = 0; i < Math.min(3, split.validation().length); i++) {
            rows.add(json.valueToTree(split.validation()[i]));
        }
        return json.writeValueAsString(example);
    }

    private void markFailed(String runId, Exception cause) {
        try {
            client.updateRun(runId, RunStatus.FAILED, System.currentTimeMillis(), null);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private void step(int number, String text) {
        step(out, number, text);
    }

    static void step(PrintWriter out, int number, String text) {
        out.printf("[%d/%d] %s%n", number, STEPS, text);
        out.flush();
    }

    private static double latest(Run run, String key) {
        return run.data().metrics().stream().filter(m -> m.key().equals(key)).mapToDouble(Metric::value).findFirst().orElse(Double.NaN);
    }

    private static String indent(String text) {
        return "        " + text.replace("\n", "\n        ");
    }
}
