package io.slipway.cli.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.cli.testing.CliRun;
import io.slipway.cli.testing.CliServerTest;
import io.slipway.core.tracking.LifecycleStage;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunStatus;
import io.slipway.core.tracking.RunTag;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunsCommandTest extends CliServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void createStartsARunAndPrintsItsId() {
        String experimentId = newExperiment();

        CliRun run = slipway("runs", "create", "--experiment-id", experimentId, "--name", "baseline", "--tag", "team=risk");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        Run created = client.getRun(run.outText());
        assertThat(created.info().experimentId()).isEqualTo(experimentId);
        assertThat(created.info().runName()).isEqualTo("baseline");
        assertThat(created.info().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(created.data().tags()).contains(new RunTag("team", "risk"));
    }

    @Test
    void logCommandsRecordMetricsParamsAndTags() {
        String runId = newRun("logged");

        assertThat(slipway("runs", "log-metric", runId, "loss", "0.5", "--step", "3").exitCode()).isZero();
        assertThat(slipway("runs", "log-param", runId, "lr", "0.1").exitCode()).isZero();
        assertThat(slipway("runs", "set-tag", runId, "stage", "dev").exitCode()).isZero();

        Run run = client.getRun(runId);
        assertThat(run.data().metrics()).singleElement().satisfies(metric -> {
            assertThat(metric.key()).isEqualTo("loss");
            assertThat(metric.value()).isEqualTo(0.5);
            assertThat(metric.step()).isEqualTo(3);
        });
        assertThat(run.data().params()).containsExactly(new Param("lr", "0.1"));
        assertThat(run.data().tags()).contains(new RunTag("stage", "dev"));
    }

    @Test
    void showPrintsInfoParamsMetricsAndTagsButHidesSystemTags() {
        String runId = newRun("shown");
        client.logBatch(runId, List.of(new Metric("val_auc", 0.875, 1L, 2)), List.of(new Param("lr", "0.1")),
                List.of(new RunTag("team", "risk")));

        CliRun shown = slipway("runs", "show", runId);
        CliRun all = slipway("runs", "show", runId, "--all");

        assertThat(shown.exitCode()).as(shown.toString()).isZero();
        assertThat(shown.out()).startsWith("Run " + runId + " (shown)")
                .contains("RUNNING", "mlflow-artifacts:/", "Params", "lr", "Metrics", "val_auc", "0.875", "team", "risk",
                        "mlflow.* tags hidden", "Dataset inputs")
                .doesNotContain("mlflow.runName");
        assertThat(all.out()).contains("mlflow.runName");
    }

    @Test
    void listShowsRunsWithTheirKeyMetricsAndDifferingParams() {
        String experimentId = newExperiment();
        String low = client.createRun(experimentId, "low", Map.of()).info().runId();
        String high = client.createRun(experimentId, "high", Map.of()).info().runId();
        client.logBatch(low, List.of(new Metric("auc", 0.6, 1L, 0)), List.of(new Param("lr", "0.01"), new Param("epochs", "5")), List.of());
        client.logBatch(high, List.of(new Metric("auc", 0.9, 1L, 0)), List.of(new Param("lr", "0.5"), new Param("epochs", "5")), List.of());

        CliRun run = slipway("runs", "list", "--experiment-id", experimentId, "--order-by", "metrics.auc DESC");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).contains("RUN ID", "NAME", "STATUS", "START", "metrics.auc", "params.lr").doesNotContain("params.epochs");
        assertThat(lines.get(1)).startsWith(high).contains("high", "RUNNING", "0.9", "0.5");
        assertThat(lines.get(2)).startsWith(low).contains("0.6", "0.01");
        assertThat(lines.get(3)).contains("not shown: 1 params");
    }

    @Test
    void listFiltersAcrossSeveralExperiments() {
        String first = newExperiment();
        String second = newExperiment();
        String kept = client.createRun(first, "kept", Map.of("keep", "yes")).info().runId();
        String other = client.createRun(second, "other", Map.of("keep", "yes")).info().runId();
        String dropped = client.createRun(second, "dropped", Map.of()).info().runId();

        CliRun run = slipway("runs", "list", "--experiment-id", first + "," + second, "--filter", "tags.keep = 'yes'");

        assertThat(run.out()).as(run.toString()).contains(kept, other).doesNotContain(dropped);
    }

    @Test
    void compareShowsRunsSideBySideAndMarksDifferences() {
        String experimentId = newExperiment();
        String a = client.createRun(experimentId, "a", Map.of()).info().runId();
        String b = client.createRun(experimentId, "b", Map.of()).info().runId();
        client.logBatch(a, List.of(new Metric("auc", 0.7, 1L, 0)), List.of(new Param("lr", "0.1"), new Param("epochs", "30")), List.of());
        client.logBatch(b, List.of(new Metric("auc", 0.8, 1L, 0)), List.of(new Param("lr", "0.5"), new Param("epochs", "30")), List.of());

        CliRun run = slipway("runs", "compare", a, b);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).contains("KEY", "a (" + a.substring(0, 8) + ")", "b (" + b.substring(0, 8) + ")");
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("\\*\\s+params\\.lr\\s+0\\.1\\s+0\\.5"));
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("\\s+params\\.epochs\\s+30\\s+30"));
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("\\*\\s+metrics\\.auc\\s+0\\.7\\s+0\\.8"));
    }

    @Test
    void compareNeedsTwoRuns() {
        assertThat(slipway("runs", "compare", newRun("alone")).exitCode()).isEqualTo(2);
    }

    @Test
    void finishEndsARunWithTheGivenStatus() {
        String finished = newRun("finished");
        String failed = newRun("failed");

        assertThat(slipway("runs", "finish", finished).exitCode()).isZero();
        assertThat(slipway("runs", "finish", failed, "--status", "failed").exitCode()).isZero();

        assertThat(client.getRun(finished).info().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(client.getRun(finished).info().endTime()).isNotNull();
        assertThat(client.getRun(failed).info().status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void finishRejectsAStatusThatDoesNotEndARun() {
        assertThat(slipway("runs", "finish", newRun("running"), "--status", "RUNNING").exitCode()).isEqualTo(2);
    }

    @Test
    void deleteAndRestoreMoveARunThroughTheTrash() {
        String runId = newRun("trashed");

        assertThat(slipway("runs", "delete", runId).exitCode()).isZero();
        assertThat(client.getRun(runId).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);

        assertThat(slipway("runs", "restore", runId).exitCode()).isZero();
        assertThat(client.getRun(runId).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    }

    @Test
    void metricHistoryListsEveryStep() {
        String runId = newRun("history");
        client.logBatch(runId, List.of(new Metric("loss", 0.9, 1L, 0), new Metric("loss", 0.5, 2L, 1), new Metric("loss", 0.25, 3L, 2)),
                List.of(), List.of());

        CliRun run = slipway("runs", "metric-history", runId, "loss");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines().skip(1).map(line -> line.split("\\s+")[1]).toList()).containsExactly("0.9", "0.5", "0.25");
    }

    @Test
    void jsonOutputIsTheApiResponse() throws Exception {
        String runId = newRun("json");
        client.logMetric(runId, "auc", 0.75, 1L, 0);

        JsonNode shown = JSON.readTree(slipway("runs", "show", runId, "-o", "json").out());
        JsonNode listed = JSON.readTree(slipway("runs", "list", "--experiment-id", client.getRun(runId).info().experimentId(), "-o", "json").out());
        JsonNode history = JSON.readTree(slipway("runs", "metric-history", runId, "auc", "-o", "json").out());

        assertThat(shown.at("/run/info/run_id").asText()).isEqualTo(runId);
        assertThat(shown.at("/run/data/metrics/0/value").asDouble()).isEqualTo(0.75);
        assertThat(listed.at("/runs/0/info/run_id").asText()).isEqualTo(runId);
        assertThat(history.at("/metrics/0/key").asText()).isEqualTo("auc");
    }

    private static String newRun(String name) {
        return client.createRun(newExperiment(), name, Map.of()).info().runId();
    }
}
