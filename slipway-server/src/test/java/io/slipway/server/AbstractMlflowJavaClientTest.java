package io.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.CreateExperiment;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.ExperimentTag;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.ActiveRun;
import org.mlflow.tracking.ExperimentsPage;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowContext;
import org.mlflow.tracking.RunsPage;

/**
 * The official MLflow Java client (org.mlflow:mlflow-client:2.17.2) against Slipway, for every
 * tracking call it makes over REST. Its artifact calls fork a Python process with mlflow
 * installed and are therefore not exercised here; Java users move artifacts with
 * slipway-client or the artifact proxy.
 */
public abstract class AbstractMlflowJavaClientTest extends AbstractServerTest {
    private MlflowClient mlflow;

    @BeforeEach
    void connect() {
        mlflow = new MlflowClient(server.url());
    }

    @AfterEach
    void disconnect() {
        mlflow.close();
    }

    @Test
    void managesExperiments() {
        String id = mlflow.createExperiment("java-client");
        Experiment experiment = mlflow.getExperiment(id);
        assertThat(experiment.getName()).isEqualTo("java-client");
        assertThat(experiment.getLifecycleStage()).isEqualTo("active");
        assertThat(experiment.getArtifactLocation()).isEqualTo("mlflow-artifacts:/" + id);

        String withTags = mlflow.createExperiment(CreateExperiment.newBuilder().setName("tagged")
                .addTags(ExperimentTag.newBuilder().setKey("team").setValue("risk")).build());
        mlflow.setExperimentTag(withTags, "owner", "ann");
        assertThat(mlflow.getExperiment(withTags).getTagsList()).extracting(ExperimentTag::getKey).containsExactly("owner", "team");

        mlflow.renameExperiment(id, "java-client-renamed");
        assertThat(mlflow.getExperimentByName("java-client-renamed")).map(Experiment::getExperimentId).contains(id);
        assertThat(mlflow.getExperimentByName("no-such-experiment")).isEqualTo(Optional.empty());

        mlflow.deleteExperiment(id);
        assertThat(mlflow.getExperiment(id).getLifecycleStage()).isEqualTo("deleted");
        mlflow.restoreExperiment(id);
        assertThat(mlflow.getExperiment(id).getLifecycleStage()).isEqualTo("active");
    }

    @Test
    void searchesExperimentsWithPaging() {
        for (int i = 0; i < 5; i++) {
            mlflow.createExperiment("page-" + i);
        }
        ExperimentsPage page = mlflow.searchExperiments("name LIKE 'page-%'", ViewType.ACTIVE_ONLY, 2, List.of("name ASC"));
        List<String> names = new ArrayList<>();
        org.mlflow.tracking.Page<Experiment> current = page;
        while (true) {
            current.getItems().forEach(e -> names.add(e.getName()));
            if (!current.hasNextPage()) {
                break;
            }
            current = current.getNextPage();
        }
        assertThat(names).containsExactly("page-0", "page-1", "page-2", "page-3", "page-4");
        assertThat(mlflow.searchExperiments().getItems()).extracting(Experiment::getName).contains("Default", "page-4");
    }

    @Test
    void logsToRunsAndReadsThemBack() {
        String exp = mlflow.createExperiment("runs");
        RunInfo info = mlflow.createRun(exp);
        String runId = info.getRunId();
        assertThat(info.getRunUuid()).isEqualTo(runId);
        assertThat(info.getStatus()).isEqualTo(RunStatus.RUNNING);

        mlflow.logParam(runId, "lr", "0.1");
        mlflow.logParam(runId, "lr", "0.1"); // the client retries: equal values must be accepted
        mlflow.logMetric(runId, "loss", 0.5);
        mlflow.logMetric(runId, "loss", 0.25, 1_700_000_000_000L, 1);
        mlflow.logMetric(runId, "nan", Double.NaN);
        mlflow.setTag(runId, "stage", "dev");
        mlflow.setTag(runId, "drop", "me");
        mlflow.deleteTag(runId, "drop");
        mlflow.logBatch(runId,
                List.of(Metric.newBuilder().setKey("acc").setValue(0.9).setTimestamp(1).setStep(3).build()),
                List.of(Param.newBuilder().setKey("depth").setValue("6").build()),
                List.of(RunTag.newBuilder().setKey("batch").setValue("yes").build()));
        mlflow.setTerminated(runId, RunStatus.FINISHED, 1_700_000_100_000L);

        Run run = mlflow.getRun(runId);
        assertThat(run.getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.getInfo().getEndTime()).isEqualTo(1_700_000_100_000L);
        assertThat(run.getData().getParamsList()).extracting(Param::getKey, Param::getValue)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("lr", "0.1"), org.assertj.core.groups.Tuple.tuple("depth", "6"));
        assertThat(run.getData().getTagsList()).extracting(RunTag::getKey).contains("stage", "batch").doesNotContain("drop");
        Map<String, Double> latest = new LinkedHashMap<>();
        run.getData().getMetricsList().forEach(m -> latest.put(m.getKey(), m.getValue()));
        assertThat(latest).containsEntry("loss", 0.25).containsEntry("acc", 0.9);
        assertThat(latest.get("nan")).isNaN();

        assertThat(mlflow.getMetricHistory(runId, "loss")).extracting(Metric::getValue).containsExactly(0.5, 0.25);
    }

    @Test
    void readsMetricHistoriesLongerThanOnePage() {
        String runId = mlflow.createRun().getRunId();
        for (int batch = 0; batch < 30; batch++) {
            List<Metric> metrics = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                long step = batch * 1000L + i;
                metrics.add(Metric.newBuilder().setKey("long").setValue(step).setTimestamp(step).setStep(step).build());
            }
            mlflow.logBatch(runId, metrics, List.of(), List.of());
        }
        // the client pages by 25000 and cannot follow a page token; the server answers it in one page
        assertThat(mlflow.getMetricHistory(runId, "long")).hasSize(30_000).extracting(Metric::getStep).isSorted();
    }

    @Test
    void rejectsAChangedParam() {
        String runId = mlflow.createRun().getRunId();
        mlflow.logParam(runId, "lr", "0.1");
        assertThatThrownBy(() -> mlflow.logParam(runId, "lr", "0.2"))
                .isInstanceOf(MlflowClientException.class)
                .hasMessageContaining("INVALID_PARAMETER_VALUE")
                .hasMessageContaining("Changing param values is not allowed");
    }

    @Test
    void createsRunsFromProtoRequestsAndSearchesThem() {
        String exp = mlflow.createExperiment("search");
        for (int i = 0; i < 3; i++) {
            String runId = mlflow.createRun(CreateRun.newBuilder().setExperimentId(exp).setRunName("run-" + i)
                    .setStartTime(1000 + i).build()).getRunId();
            mlflow.logMetric(runId, "score", i);
        }
        RunsPage page = mlflow.searchRuns(List.of(exp), "metrics.score >= 1", ViewType.ACTIVE_ONLY, 1, List.of("metrics.score DESC"));
        assertThat(page.getItems()).extracting(r -> r.getInfo().getRunName()).containsExactly("run-2");
        assertThat(page.hasNextPage()).isTrue();
        assertThat(page.getNextPage().getItems()).extracting(r -> r.getInfo().getRunName()).containsExactly("run-1");
        assertThat(mlflow.searchRuns(List.of(exp), "params.absent = 'x'")).isEmpty();
        assertThat(mlflow.listRunInfos(exp)).hasSize(3);

        String doomed = mlflow.searchRuns(List.of(exp), "attributes.run_name = 'run-0'").get(0).getRunId();
        mlflow.deleteRun(doomed);
        assertThat(mlflow.searchRuns(List.of(exp), "", ViewType.DELETED_ONLY)).extracting(RunInfo::getRunId).containsExactly(doomed);
        mlflow.restoreRun(doomed);
        assertThat(mlflow.listRunInfos(exp)).hasSize(3);
    }

    @Test
    void worksWithTheFluentContextApi() {
        MlflowContext context = new MlflowContext(mlflow);
        String exp = mlflow.createExperiment("fluent");
        context.setExperimentName("fluent");
        assertThat(context.getExperimentId()).isEqualTo(exp);
        ActiveRun parent = context.startRun("parent");
        ActiveRun child = context.startRun("child", parent.getId());
        child.logParams(Map.of("a", "1", "b", "2"));
        child.logMetrics(Map.of("m1", 1.0, "m2", 2.0), 5);
        child.setTags(Map.of("k", "v"));
        child.endRun();
        parent.endRun(RunStatus.FAILED);

        Run childRun = mlflow.getRun(child.getId());
        assertThat(childRun.getInfo().getRunName()).isEqualTo("child");
        assertThat(childRun.getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(childRun.getData().getTagsList()).extracting(RunTag::getKey, RunTag::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("mlflow.parentRunId", parent.getId()));
        assertThat(childRun.getData().getMetricsList()).extracting(Metric::getStep).containsOnly(5L);
        assertThat(mlflow.getRun(parent.getId()).getInfo().getStatus()).isEqualTo(RunStatus.FAILED);
        assertThat(child.getArtifactUri()).isEqualTo("mlflow-artifacts:/" + exp + "/" + child.getId() + "/artifacts");
        assertThat(mlflow.searchRuns(List.of(exp), "tags.mlflow.parentRunId = '" + parent.getId() + "'"))
                .extracting(RunInfo::getRunId).containsExactly(child.getId());
    }

    @Test
    void reportsMissingThingsAsMlflowErrors() {
        assertThatThrownBy(() -> mlflow.getRun("0123456789abcdef0123456789abcdef"))
                .isInstanceOf(MlflowClientException.class)
                .hasMessageContaining("RESOURCE_DOES_NOT_EXIST");
        assertThatThrownBy(() -> mlflow.getExperiment("123456"))
                .isInstanceOf(MlflowClientException.class)
                .hasMessageContaining("RESOURCE_DOES_NOT_EXIST");
        assertThatThrownBy(() -> mlflow.createExperiment("Default"))
                .isInstanceOf(MlflowClientException.class)
                .hasMessageContaining("RESOURCE_ALREADY_EXISTS");
    }

    @Test
    void passesRawCallsThrough() {
        String body = mlflow.sendGet("experiments/get?experiment_id=0");
        assertThat(body).contains("\"name\":\"Default\"");
        String created = mlflow.sendPost("experiments/create", "{\"name\":\"raw\"}");
        assertThat(created).contains("experiment_id");
    }
}
