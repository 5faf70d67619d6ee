package io.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.api.slipway.DatasetValidationMessages.ValidationView;
import io.slipway.cli.data.CardTransactions;
import io.slipway.cli.demo.DemoScenario;
import io.slipway.cli.demo.GovernanceScenario;
import io.slipway.cli.demo.ServingScenario;
import io.slipway.cli.testing.CliRun;
import io.slipway.client.SlipwayClient;
import io.slipway.core.artifacts.FileInfo;
import io.slipway.core.data.DatasetFile;
import io.slipway.core.data.DatasetVersion;
import io.slipway.core.data.validation.ExpectationResult;
import io.slipway.core.governance.CheckResult;
import io.slipway.core.governance.PromotionDecision;
import io.slipway.core.governance.PromotionRequest;
import io.slipway.core.governance.PromotionStatus;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.RegisteredModel;
import io.slipway.core.tracking.DatasetInput;
import io.slipway.core.tracking.Experiment;
import io.slipway.core.tracking.InputTag;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunInfo;
import io.slipway.core.tracking.RunStatus;
import io.slipway.core.tracking.RunTag;
import io.slipway.core.tracking.ViewType;
import io.slipway.server.Slipway;
import io.slipway.server.SlipwayConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path dataDir;

    @Test
    void trainsThreeXgboostModelsAsTrackedRunsAndNamesTheBest() {
        CliRun demo = demo();

        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        inspectDemoData(client -> {
            Experiment experiment = client.findExperimentByName(DemoScenario.EXPERIMENT_NAME).orElseThrow();
            List<Run> runs = runsOf(client, experiment);
            assertThat(runs).hasSize(3);
            assertThat(runs).extracting(run -> param(run, "max_depth")).containsExactlyInAnyOrder("2", "4", "6");
            for (Run run : runs) {
                assertThat(run.info().status()).isEqualTo(RunStatus.FINISHED);
                assertThat(run.data().params()).extracting(Param::key).contains("eta", "rounds", "early_stopping_rounds", "best_round",
                        "target");
                assertThat(run.data().tags()).extracting(RunTag::key).contains("xgboost.version", "slipway.version");
                assertThat(run.data().tags()).contains(new RunTag("mlflow.source.name", "slipway demo"));
                assertThat(metric(run, "roc_auc")).isGreaterThan(0.8);
                int rounds = Integer.parseInt(param(run, "rounds_trained"));
                assertThat(client.getMetricHistory(run.info().runId(), "validation-logloss")).extracting(Metric::step)
                        .containsExactlyElementsOf(LongStream.range(0, rounds).boxed().toList());
                assertThat(client.listArtifacts(run.info().runId(), "").files()).extracting(FileInfo::path)
                        .contains("model", "plots", "feature_importance.json", "train_spec.yaml");
                assertThat(client.listArtifacts(run.info().runId(), "model").files()).extracting(FileInfo::path)
                        .containsExactlyInAnyOrder("model/MLmodel", "model/input_example.json", "model/model.json",
                                "model/preprocessing.json");
            }
            Run best = runs.stream().max(Comparator.comparingDouble(run -> metric(run, "roc_auc"))).orElseThrow();
            assertThat(demo.out()).contains("Best: " + best.info().runName() + " (run " + best.info().runId() + ")");
        });
        assertThat(dataDir.resolve("specs/fraud-depth-4.yaml")).content().contains("max_depth: 4", "target: is_fraud");
    }

    @Test
    void evaluatesTheChallengerOnNextMonthAndAgainstTheChampionFromTheSecondRunOn() throws IOException {
        CliRun first = demo();

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("no champion yet", "Logged on run ", "Scored " + DemoScenario.HOLDOUT_FILE
                + " with the challenger in batches (slipway predict): 20,000 rows");
        Path scored = dataDir.resolve("predictions").resolve(DemoScenario.SCORED_FILE);
        try (java.sql.Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                java.sql.ResultSet rows = duck.createStatement().executeQuery("SELECT count(*), count(probability), min(probability) >= 0,"
                        + " max(probability) <= 1 FROM read_parquet('" + scored + "')")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(DemoScenario.HOLDOUT_ROWS);
            assertThat(rows.getLong(2)).isEqualTo(DemoScenario.HOLDOUT_ROWS);
            assertThat(rows.getBoolean(3)).isTrue();
            assertThat(rows.getBoolean(4)).isTrue();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        CliRun second = demo();
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("against " + GovernanceScenario.CHAMPION_URI, "CANDIDATE", "CHAMPION", "DELTA",
                "By " + DemoScenario.SEGMENT);
        inspectDemoData(client -> {
            ModelVersion challenger = client.resolveModel(DemoScenario.CHALLENGER_URI);
            assertThat(challenger.version()).isEqualTo("4");
            Run run = client.getRun(challenger.runId());
            assertThat(metric(run, DemoScenario.HOLDOUT_AUC)).isGreaterThan(0.8);
            // the same spec on the same data trains the same model: the challenger ties the champion
            assertThat(metric(run, "eval." + DemoScenario.HOLDOUT_NAME + ".v1.vs_champion.roc_auc")).isZero();
            assertThat(run.inputs().datasetInputs()).extracting(input -> input.dataset().name(), input -> input.tags().get(0).value())
                    .contains(org.assertj.core.groups.Tuple.tuple(DemoScenario.HOLDOUT_NAME, "evaluation"));
            assertThat(client.listArtifacts(run.info().runId(), "evaluations/" + DemoScenario.HOLDOUT_NAME + "-v1").files())
                    .extracting(FileInfo::path).map(path -> path.substring(path.lastIndexOf('/') + 1))
                    .contains("evaluation.json", "comparison.json", "roc.svg");
        });
    }

    @Test
    void servesTheChampionRollsACanaryOutAndBackAndABadVersionBackByItself() {
        CliRun demo = demo();

        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(demo.out()).contains("[15/15]", "2,000 OIP requests", ", 0 failed; answered by {1=2000}",
                "MLflow's scoring protocol, 3 rows as dataframe_split: 200 {\"predictions\":[",
                "canary at 100 %: 400 requests answered by {2=400}, 0 failed", "rolled back by command: version 1 is stable again",
                "ROLLED_BACK: automatic: error rate 1.000 > 0.05", "then 200 requests: answered by {1=200}, 0 failed",
                "2,000 labels sent", "slipway_deployment_rollbacks_total{deployment=\"fraud-api\"} 1.0");
        inspectDemoData(client -> {
            io.slipway.core.serving.Deployment deployment = client.getDeployment(ServingScenario.DEPLOYMENT);
            assertThat(deployment.stable().version()).isEqualTo("1");
            assertThat(deployment.candidate()).isNull();
            List<io.slipway.core.serving.DeploymentEvent> events = client.deploymentEvents(ServingScenario.DEPLOYMENT, 100);
            assertThat(events.get(0).kind()).isEqualTo(io.slipway.core.serving.DeploymentEvent.Kind.ROLLED_BACK);
            assertThat(events.get(0).actor()).isEqualTo("slipway");
            assertThat(events.get(0).fromVersion()).isEqualTo("3");
            assertThat(events).extracting(io.slipway.core.serving.DeploymentEvent::kind).contains(
                    io.slipway.core.serving.DeploymentEvent.Kind.CREATED, io.slipway.core.serving.DeploymentEvent.Kind.PROMOTED);
            // every one of the 2,000 transactions is in the log with the chargeback data joined by its id
            List<io.slipway.api.slipway.PredictionMessages.PredictionView> logged = client.searchPredictions(ServingScenario.DEPLOYMENT,
                    null, null, 10_000, null);
            assertThat(logged.stream().filter(p -> p.groundTruth() != null).map(p -> p.predictionId()).distinct().count())
                    .isEqualTo(2000);
            assertThat(logged).allSatisfy(p -> assertThat(p.inputs()).containsKey("amount"));
        });
    }

    @Test
    void registersTheBestRunsModelAsTheChallenger() {
        CliRun demo = demo();

        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        inspectDemoData(client -> {
            Run best = runsOf(client, client.findExperimentByName(DemoScenario.EXPERIMENT_NAME).orElseThrow()).stream()
                    .max(Comparator.comparingDouble(run -> metric(run, "roc_auc"))).orElseThrow();
            RegisteredModel model = client.getRegisteredModel(DemoScenario.MODEL_NAME);
            assertThat(model.description()).isNotEmpty();
            ModelVersion challenger = client.resolveModel(DemoScenario.CHALLENGER_URI);
            assertThat(challenger.version()).isEqualTo("1");
            assertThat(challenger.runId()).isEqualTo(best.info().runId());
            assertThat(challenger.source()).isEqualTo("runs:/" + best.info().runId() + "/model");
            assertThat(client.listArtifactDirectory(client.getModelVersionDownloadUri(DemoScenario.MODEL_NAME, "1")))
                    .extracting(FileInfo::path).containsExactlyInAnyOrder("MLmodel", "input_example.json", "model.json", "preprocessing.json");
            Map<String, Object> mlmodel = client.getMlModel(DemoScenario.MODEL_NAME, "1");
            assertThat(mlmodel).containsKeys("flavors", "signature", "saved_input_example_info", "slipway");
            assertThat(mlmodel.get("slipway").toString()).contains(DemoScenario.DATASET_NAME);
        });
        assertThat(demo.out()).contains(DemoScenario.CHALLENGER_URI + " resolves to version 1 (run ");
    }

    @Test
    void promotesTheChallengerToChampionWithASecondPairOfEyes() throws IOException {
        CliRun demo = demo();

        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(demo.out()).contains("Setting the alias directly is refused", "approving her own request is refused",
                "bob approved it", GovernanceScenario.CHAMPION_URI + " now resolves to version 1", "chain intact");
        inspectDemoData(client -> {
            assertThat(client.resolveModel(GovernanceScenario.CHAMPION_URI).version()).isEqualTo("1");
            PromotionRequest request = client.listPromotions(DemoScenario.MODEL_NAME, null, null).get(0);
            assertThat(request.status()).isEqualTo(PromotionStatus.APPROVED);
            assertThat(request.requestedBy()).isEqualTo(GovernanceScenario.AUTHOR);
            assertThat(request.decisions()).extracting(PromotionDecision::username).containsExactly(GovernanceScenario.REVIEWER);
            assertThat(request.checkResults()).hasSize(3).allMatch(CheckResult::passed);
            assertThat(client.verifyAudit().intact()).isTrue();
        });
        Path card = dataDir.resolve("cards/" + DemoScenario.MODEL_NAME + "-v1.html");
        assertThat(Files.readString(card)).contains("<html", GovernanceScenario.REVIEWER, DemoScenario.DATASET_NAME);
    }

    @Test
    void logsTheDatasetItTrainedOn() {
        assertThat(demo().exitCode()).isZero();

        Path csv = dataDir.resolve("datasets/" + DemoScenario.CSV_FILE);
        assertThat(csv).exists();
        inspectDemoData(client -> {
            Run run = runsOf(client, client.findExperimentByName(DemoScenario.EXPERIMENT_NAME).orElseThrow()).get(0);
            DatasetInput input = run.inputs().datasetInputs().stream().filter(i -> i.dataset().name().equals(DemoScenario.DATASET_NAME))
                    .findFirst().orElseThrow();
            assertThat(input.tags()).containsExactly(new InputTag("mlflow.data.context", "training"));
            assertThat(input.dataset().name()).isEqualTo(DemoScenario.DATASET_NAME);
            DatasetVersion version = client.getDatasetVersion(DemoScenario.DATASET_NAME, 1);
            assertThat(version.rowCount()).isEqualTo((long) DemoScenario.ROWS);
            assertThat(version.files()).extracting(DatasetFile::path).containsExactly(DemoScenario.CSV_FILE);
            assertThat(version.source()).isEqualTo(csv.toAbsolutePath().toUri().toString());
            assertThat(input.dataset().sourceType()).isEqualTo("slipway");
            assertThat(input.dataset().source()).contains("slipway-dataset:" + DemoScenario.DATASET_NAME + "@1");
            assertThat(input.dataset().digest()).isEqualTo(version.digest().substring(0, 32));
            assertThat(input.dataset().profile()).isEqualTo(version.profile());
            assertThat(client.lineageOfDatasetVersion(DemoScenario.DATASET_NAME, 1).runs()).extracting(RunInfo::runId)
                    .contains(run.info().runId()).hasSize(DemoScenario.DEPTHS.size());
        });
        assertThat(linesOf(csv)).hasSize(DemoScenario.ROWS + 1);
        assertThat(linesOf(csv).get(0)).isEqualTo(String.join(",", CardTransactions.COLUMNS));
    }

    @Test
    void validatesTheReferenceVersionOnTheServerAndStopsTheDriftedBatch() throws IOException {
        CliRun demo = demo();

        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        Path suite = dataDir.resolve("expectations/" + DemoScenario.DATASET_NAME + ".yaml");
        assertThat(Files.readString(suite)).contains("mean_between", "in_set", "row_count_between");
        inspectDemoData(client -> {
            List<ValidationView> validations = client.listDatasetValidations(DemoScenario.DATASET_NAME, 1, null);
            assertThat(validations).hasSize(1);
            assertThat(validations.get(0).passed()).isTrue();
            ValidationView stored = client.getDatasetValidation(validations.get(0).id());
            assertThat(stored.report().expectations()).hasSizeGreaterThan(10).allMatch(ExpectationResult::passed);
            assertThat(client.listDatasetVersions(DemoScenario.DATASET_NAME)).as("the drifted batch is not versioned").hasSize(1);
        });
        assertThat(dataDir.resolve("incoming/" + DemoScenario.INCOMING_FILE)).exists();
        assertThat(demo.out()).contains("validated on the server: passed", "checked before versioning: FAILED")
                .containsPattern("FAIL mean_between amount: \\d+");
    }

    @Test
    void endsWithWhereToLook() {
        CliRun demo = demo();

        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(demo.out()).contains("Where to look", dataDir.toAbsolutePath().toString(), "./slipway runs list --experiment-id ",
                "./slipway runs compare ", "/api/2.0/mlflow/experiments/search", "--keep-running",
                "./slipway models versions " + DemoScenario.MODEL_NAME, "./slipway models show " + DemoScenario.CHALLENGER_URI);
    }

    @Test
    void runningAgainReusesTheExperimentAndFreshStartsOver() {
        assertThat(demo().exitCode()).isZero();
        CliRun again = demo();
        assertThat(again.out()).contains("Reusing experiment '" + DemoScenario.EXPERIMENT_NAME + "'");
        inspectDemoData(client -> {
            assertThat(runsOf(client, client.findExperimentByName(DemoScenario.EXPERIMENT_NAME).orElseThrow())).hasSize(6);
            // each run registers its challenger, then the serving steps register the runner-up (a canary) and a bad version
            assertThat(client.resolveModel(DemoScenario.CHALLENGER_URI).version()).isEqualTo("4");
            assertThat(client.resolveModel(GovernanceScenario.CHAMPION_URI).version()).isEqualTo("4");
        });

        CliRun fresh = demo("--fresh");

        assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
        assertThat(fresh.out()).contains("Created experiment '" + DemoScenario.EXPERIMENT_NAME + "'");
        inspectDemoData(client -> {
            assertThat(runsOf(client, client.findExperimentByName(DemoScenario.EXPERIMENT_NAME).orElseThrow())).hasSize(3);
            assertThat(client.resolveModel(DemoScenario.CHALLENGER_URI).version()).isEqualTo("1");
        });
    }

    @Test
    void freshLeavesFilesThatAreNotTheDemosAlone() throws IOException {
        Path mine = Files.writeString(Files.createDirectories(dataDir).resolve("notes.txt"), "keep me");

        assertThat(demo("--fresh").exitCode()).isZero();

        assertThat(mine).hasContent("keep me");
    }

    @Test
    void busyPortFallsBackToAFreeOne() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName(SlipwayConfig.DEFAULT_HOST), 0));

            CliRun demo = CliRun.of("demo", "--port", Integer.toString(taken.getLocalPort()), "--data-dir", dataDir.toString());

            assertThat(demo.exitCode()).as(demo.toString()).isZero();
            assertThat(demo.out()).contains("Port " + taken.getLocalPort() + " is in use; serving the demo on a free port instead.");
        }
    }

    private CliRun demo(String... extra) {
        String[] args = new String[extra.length + 5];
        System.arraycopy(new String[] {"demo", "--port", "0", "--data-dir", dataDir.toString()}, 0, args, 0, 5);
        System.arraycopy(extra, 0, args, 5, extra.length);
        return CliRun.of(args);
    }

    /** The demo stops its server when it ends; serve its data directory again to look at what it left. */
    private void inspectDemoData(Consumer<SlipwayClient> inspection) {
        try (Slipway server = Slipway.start(SlipwayConfig.embedded(dataDir).withPort(0))) {
            inspection.accept(SlipwayClient.connect(server.url()));
        }
    }

    private static List<Run> runsOf(SlipwayClient client, Experiment experiment) {
        return client.searchRuns(List.of(experiment.experimentId()), null, ViewType.ALL, 1000, null, null).items();
    }

    private static String param(Run run, String key) {
        return run.data().params().stream().filter(p -> p.key().equals(key)).map(Param::value).findFirst().orElseThrow();
    }

    private static double metric(Run run, String key) {
        return run.data().metrics().stream().filter(m -> m.key().equals(key)).mapToDouble(Metric::value).findFirst().orElseThrow();
    }

    private static List<String> linesOf(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
