package io.slipway.cli.demo;

import static java.util.Objects.requireNonNull;

import io.slipway.api.slipway.DatasetProfiles;
import io.slipway.api.slipway.DatasetValidationMessages.ValidationView;
import io.slipway.cli.data.CardTransactions;
import io.slipway.cli.data.DataCommand;
import io.slipway.cli.data.TabularFacts;
import io.slipway.cli.data.TransactionFormat;
import io.slipway.cli.tracking.ArtifactListing;
import io.slipway.cli.tracking.RunViews;
import io.slipway.cli.train.ClientWorkspace;
import io.slipway.cli.train.EvaluateCommand;
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
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.ViewType;
import io.slipway.data.profile.ProfilerSettings;
import io.slipway.data.validation.Expectation;
import io.slipway.data.validation.Expectation.MeanBetween;
import io.slipway.data.validation.ExpectationSuite;
import io.slipway.data.validation.Validator;
import io.slipway.ml.job.BatchPredictionJob;
import io.slipway.ml.job.EvaluationJob;
import io.slipway.ml.job.TrainingJob;
import io.slipway.ml.train.TrainSpec;
import io.slipway.server.Slipway;
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
import java.util.stream.Collectors;

/**
 * The end-to-end scenario behind {@code slipway demo}, driven through the HTTP client the way a
 * user's CI job would drive it: synthetic card transactions ({@link CardTransactions}, as
 * {@code slipway data generate} writes them) versioned and validated; three XGBoost models trained
 * on the version as tracked runs, from specs as {@code slipway train} takes them ({@link TrainingJob});
 * a search for the best run; its model registered as a new version with the alias
 * {@value #CHALLENGER_ALIAS}; and the challenger evaluated on next month's labelled transactions,
 * against the champion when there is one ({@link EvaluationJob}, as {@code slipway evaluate}).
 */
public final class DemoScenario {
    public static final String EXPERIMENT_NAME = "demo-fraud-detection";
    public static final String DATASET_NAME = "card-transactions";
    /** The trees' depths of the three models the demo trains; the rest of their specs is the same. */
    public static final List<Integer> DEPTHS = List.of(2, 4, 6);
    public static final int ROUNDS = 200;
    public static final int EARLY_STOPPING_ROUNDS = 20;
    public static final String BEST_RUNS_FILTER = "metrics.roc_auc > 0.5";
    public static final String BEST_RUNS_ORDER = "metrics.roc_auc DESC";
    /** Next month's labelled transactions, what the challenger is evaluated on. */
    public static final String HOLDOUT_NAME = "card-transactions-holdout";
    public static final String HOLDOUT_FILE = "card-transactions-holdout.csv";
    public static final int HOLDOUT_ROWS = 20_000;
    /** Where the evaluation counts a transaction as flagged: fraud is rare, so a team reviews anything above 10 %. */
    public static final double THRESHOLD = 0.1;
    /** The holdout scored by the challenger ({@code slipway predict}), in the data directory's {@code predictions/}. */
    public static final String SCORED_FILE = "card-transactions-holdout-scored.parquet";
    /** The column the champion/challenger comparison is broken down by. */
    public static final String SEGMENT = "merchant_category";
    /** What the challenger's run records for the holdout's ROC-AUC (the promotion checks it). */
    public static final String HOLDOUT_AUC = "eval." + HOLDOUT_NAME + ".v1.roc_auc";
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
    static final String MODEL_DESCRIPTION = "Flags fraudulent card transactions; XGBoost models trained by slipway demo.";
    public static final int ROWS = 50_000;
    /** The column that says whether a transaction was fraud. */
    public static final String LABEL = "is_fraud";
    static final double VALIDATION_FRACTION = 0.2;
    static final long SEED = 42;
    /** Steps of the whole demo: this scenario prints 1 to 8, {@link GovernanceScenario} the rest. */
    static final int STEPS = 15;
    /** Next month's transactions, shifted this far by the generator's drift knob. */
    public static final double INCOMING_DRIFT = 0.8;
    /** Columns whose mean the demo's suite bounds to within 10 % of the reference's. */
    static final List<String> MEAN_BOUNDED = List.of("amount", "card_present");

    private final SlipwayClient client;
    private final Path dataDir;
    private final PrintWriter out;
    private final ClientWorkspace workspace;

    public DemoScenario(SlipwayClient client, Path dataDir, PrintWriter out) {
        this.client = requireNonNull(client, "client is null");
        this.dataDir = requireNonNull(dataDir, "dataDir is null").toAbsolutePath();
        this.out = requireNonNull(out, "out is null");
        this.workspace = new ClientWorkspace(client, this.dataDir.resolve("cache"));
    }

    /** What the scenario left on the server: its experiment, the matching runs best first, the version registered and its evaluation. */
    public record Outcome(String experimentId, List<Run> rankedRuns, ModelVersion registered, EvaluationJob.Result evaluation) {
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
        DatasetVersion version = versionDataset(csv, DATASET_NAME, "Synthetic card transactions (slipway data generate --rows "
                + ROWS + " --seed " + SEED + ")");
        step(2, String.format(Locale.ROOT, "Generated %,d synthetic card transactions (seed %d, drift 0), %,d frauds (%.2f%%);"
                        + " versioned as dataset %s%n        %s (digest %s, %d columns and %,d rows profiled by DuckDB)",
                ROWS, SEED, frauds, 100.0 * frauds / ROWS, version.reference(), csv, version.digest(), CardTransactions.COLUMNS.size(),
                version.rowCount()));

        validate(version);

        step(4, String.format(Locale.ROOT, "Training %d XGBoost models on %s (max_depth %s; up to %d rounds, early stopping after %d"
                + " without progress on a stratified 20%% validation split), as slipway train SPEC.yaml does", DEPTHS.size(),
                version.reference(), DEPTHS.stream().map(String::valueOf).collect(Collectors.joining(", ")), ROUNDS, EARLY_STOPPING_ROUNDS));
        TrainingJob training = new TrainingJob(workspace, Slipway.VERSION);
        for (int depth : DEPTHS) {
            Path spec = writeSpec(version, depth);
            TrainingJob.Result trained = training.run(Files.readString(spec), "slipway demo", null);
            out.printf(Locale.ROOT, "        %-12s run %s  %3d rounds  validation roc_auc %.4f  pr_auc %.4f  (%s, %.1f s)%n",
                    "xgb-depth-" + depth, trained.runId(), trained.model().bestRound() + 1, trained.model().metrics().get("roc_auc"),
                    trained.model().metrics().get("pr_auc"), dataDir.relativize(spec), trained.model().trainingMillis() / 1000.0);
            out.flush();
        }

        step(5, "Searching runs: " + BEST_RUNS_FILTER + ", ordered by " + BEST_RUNS_ORDER);
        List<Run> ranked = client.searchRuns(List.of(experimentId), BEST_RUNS_FILTER, ViewType.ACTIVE_ONLY, 1000,
                List.of(BEST_RUNS_ORDER), null).items();
        if (ranked.isEmpty()) {
            throw new IllegalStateException("No run matched '" + BEST_RUNS_FILTER + "'; the demo's training went wrong.");
        }
        out.println(indent(RunViews.list(ranked, List.of(BEST_RUNS_ORDER))));
        Run best = ranked.get(0);
        out.printf(Locale.ROOT, "        Best: %s (run %s), roc_auc %.4f%n", best.info().runName(), best.info().runId(),
                latest(best, "roc_auc"));

        step(6, "Artifacts of the best run (" + best.info().artifactUri() + "):");
        out.println(indent(ArtifactListing.render(ArtifactListing.walk(client, best.info().artifactUri(), ""))));

        step(7, "Registering the best run's " + MODEL_ARTIFACT_PATH + "/ as a version of the model '" + MODEL_NAME + "'");
        ModelVersion registered = registerChallenger(best);

        EvaluationJob.Result evaluation = evaluate(registered);
        out.flush();
        return new Outcome(experimentId, ranked, registered, evaluation);
    }

    /** The spec of the model of depth {@code depth}, written where a user would keep it. */
    private Path writeSpec(DatasetVersion version, int depth) throws IOException {
        Path spec = dataDir.resolve("specs").resolve("fraud-depth-" + depth + ".yaml");
        Files.createDirectories(spec.getParent());
        Files.writeString(spec, String.join("\n",
                "# slipway train " + spec.getFileName() + "   (written by slipway demo)",
                "experiment: " + EXPERIMENT_NAME,
                "run_name: xgb-depth-" + depth,
                "data: {train: " + version.reference() + "}",
                "target: " + LABEL,
                "exclude: [transaction_id, timestamp, customer_id]   # identifiers, not signals",
                "task: binary",
                "split: {method: stratified, validation_fraction: " + VALIDATION_FRACTION + ", seed: " + SEED + "}",
                "xgboost:",
                "  params: {max_depth: " + depth + ", eta: 0.1, subsample: 0.8, min_child_weight: 2}",
                "  rounds: " + ROUNDS,
                "  early_stopping_rounds: " + EARLY_STOPPING_ROUNDS,
                ""));
        return spec;
    }

    /**
     * Next month's transactions, labelled once the chargebacks came in, versioned as {@value #HOLDOUT_NAME}; the challenger
     * is scored on them, against the champion (by {@value #SEGMENT}) when there is one, and the report stays on its run.
     */
    private EvaluationJob.Result evaluate(ModelVersion challenger) throws IOException {
        CardTransactions.Spec reference = CardTransactions.Spec.of(ROWS, SEED, 0);
        Path csv = dataDir.resolve("datasets").resolve(HOLDOUT_FILE);
        DataCommand.writeAtomically(new CardTransactions(new CardTransactions.Spec(HOLDOUT_ROWS, SEED + 2,
                reference.start().plus(reference.span()), reference.span(), 0, reference.nullFraction())), TransactionFormat.CSV, csv);
        DatasetVersion holdout = versionDataset(csv, HOLDOUT_NAME, "Next month's labelled card transactions (slipway demo)");
        boolean hasChampion = hasAlias(GovernanceScenario.CHAMPION_ALIAS);
        step(8, "Evaluating " + CHALLENGER_URI + " (version " + challenger.version() + ") on " + holdout.reference()
                + (hasChampion ? " against " + GovernanceScenario.CHAMPION_URI + ", by " + SEGMENT
                        : " (no champion yet: run the demo again to see challenger against champion)"));
        EvaluationJob.Result result = new EvaluationJob(workspace).run(new EvaluationJob.Request(CHALLENGER_URI,
                new TrainSpec.DatasetRef(holdout.name(), holdout.version()), null, THRESHOLD,
                hasChampion ? GovernanceScenario.CHAMPION_URI : null, hasChampion ? SEGMENT : null, null));
        out.println(indent(EvaluateCommand.render(result)));

        Path scored = dataDir.resolve("predictions").resolve(SCORED_FILE);
        Files.createDirectories(scored.getParent());
        BatchPredictionJob.Result batch = new BatchPredictionJob(workspace, ProfilerSettings.defaults()).run(
                new BatchPredictionJob.Request(CHALLENGER_URI, csv, scored, BatchPredictionJob.DEFAULT_BATCH_ROWS, true));
        out.printf(Locale.ROOT, "        Scored %s with the challenger in batches (slipway predict): %,d rows, %,.0f rows/s -> %s%n",
                csv.getFileName(), batch.rows(), batch.rowsPerSecond(), scored);
        return result;
    }

    private boolean hasAlias(String alias) {
        return client.getRegisteredModel(MODEL_NAME).aliases().stream().anyMatch(a -> a.alias().equals(alias));
    }

    /** A new version of the demo's registered model (created on the first run) from {@code best}, with the challenger alias. */
    private ModelVersion registerChallenger(Run best) {
        String runId = best.info().runId();
        if (client.findRegisteredModel(MODEL_NAME).isEmpty()) {
            client.createRegisteredModel(MODEL_NAME, MODEL_DESCRIPTION, Map.of("purpose", "slipway demo"));
            out.println("        Created registered model '" + MODEL_NAME + "'");
        }
        ModelVersion version = client.createModelVersion(MODEL_NAME, "runs:/" + runId + "/" + MODEL_ARTIFACT_PATH, runId,
                String.format(Locale.ROOT, "%s, validation roc_auc %.4f", best.info().runName(), latest(best, "roc_auc")), Map.of());
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
        double fraudRate = profile.column(LABEL).map(ColumnProfile::mean).orElseThrow();
        expectations.add(new MeanBetween(LABEL, round(fraudRate / 2), round(fraudRate * 2), Severity.WARNING));
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

    /** Versions the CSV as dataset {@code name} (profiled by DuckDB, content-addressed; unchanged data keeps its version), as {@code slipway data add} does. */
    private DatasetVersion versionDataset(Path csv, String name, String description) throws IOException {
        TabularFacts facts = TabularFacts.of(csv);
        AddDatasetOptions options = new AddDatasetOptions("csv", facts.schema(), facts.rowCount(), facts.profile(), csv.toUri().toString(),
                description, List.of());
        try (HashCache cache = HashCache.open(dataDir.resolve(HASH_CACHE))) {
            return client.addDataset(csv, name, options, TransferProgress.NONE, cache).version();
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
