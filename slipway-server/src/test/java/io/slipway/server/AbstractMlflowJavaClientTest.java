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
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.ModelRegistry.ModelVersionStatus;
import org.mlflow.api.proto.ModelRegistry.RegisteredModel;
import org.mlflow.api.proto.ModelRegistry.RegisteredModelAlias;
import org.mlflow.api.proto.ModelRegistry.RegisteredModelTag;
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
import org.mlflow.tracking.ModelVersionsPage;
import org.mlflow.tracking.RunsPage;

/**
 * The official MLflow Java client (org.mlflow:mlflow-client:2.17.2) against Slipway, for every
 * tracking call it makes over REST. Its artifact calls fork a Python process with mlflow
 * installed and are therefore not exercised here; Java users move artifacts with
 * slipway-client or the artifact proxy. The client has typed calls only for reading the model
 * registry; models and versions are made through its raw {@code sendPost}/{@code sendPatch}.
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

    // ---- model registry ----

    @Test
    void readsRegisteredModelsAndTheirVersions() {
        String runId = mlflow.createRun().getRunId();
        mlflow.sendPost("registered-models/create", "{\"name\":\"fraud detector\",\"description\":\"catches fraud\","
                + "\"tags\":[{\"key\":\"team\",\"value\":\"risk\"}]}");
        createModelVersion("fraud detector", "runs:/" + runId + "/model");
        mlflow.sendPost("registered-models/alias", "{\"name\":\"fraud detector\",\"alias\":\"champion\",\"version\":\"1\"}");

        RegisteredModel model = mlflow.getRegisteredModel("fraud detector");
        assertThat(model.getName()).isEqualTo("fraud detector");
        assertThat(model.getDescription()).isEqualTo("catches fraud");
        assertThat(model.getTagsList()).extracting(RegisteredModelTag::getKey, RegisteredModelTag::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("team", "risk"));
        assertThat(model.getAliasesList()).extracting(RegisteredModelAlias::getAlias, RegisteredModelAlias::getVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("champion", "1"));
        assertThat(model.getLatestVersionsList()).extracting(ModelVersion::getVersion).containsExactly("1");

        ModelVersion version = mlflow.getModelVersion("fraud detector", "1");
        assertThat(version.getName()).isEqualTo("fraud detector");
        assertThat(version.getSource()).isEqualTo("runs:/" + runId + "/model");
        assertThat(version.getRunId()).isEqualTo(runId);
        assertThat(version.getCurrentStage()).isEqualTo("None");
        assertThat(version.getStatus()).isEqualTo(ModelVersionStatus.READY);
        assertThat(version.getAliasesList()).containsExactly("champion");
        assertThat(version.getCreationTimestamp()).isPositive();
    }

    @Test
    void answersTheDownloadUriOfAVersion() {
        String runId = mlflow.createRun().getRunId();
        mlflow.sendPost("registered-models/create", "{\"name\":\"downloadable\"}");
        createModelVersion("downloadable", "runs:/" + runId + "/model");
        assertThat(mlflow.getModelVersionDownloadUri("downloadable", "1")).isEqualTo(mlflow.getRun(runId).getInfo().getArtifactUri() + "/model");
    }

    @Test
    void getsTheLatestVersionOfEachStage() {
        mlflow.sendPost("registered-models/create", "{\"name\":\"staged\"}");
        for (int i = 0; i < 4; i++) {
            createModelVersion("staged", "s3://bucket/staged");
        }
        transition("staged", "1", "Production");
        transition("staged", "2", "Staging");
        transition("staged", "3", "Production");
        assertThat(mlflow.getLatestVersions("staged")).extracting(ModelVersion::getVersion).containsExactlyInAnyOrder("2", "3", "4");
        assertThat(mlflow.getLatestVersions("staged", List.of("Production"))).extracting(ModelVersion::getVersion).containsExactly("3");
        assertThat(mlflow.getLatestVersions("staged", List.of("staging", "production"))).extracting(ModelVersion::getVersion)
                .containsExactlyInAnyOrder("2", "3");
        assertThat(mlflow.getLatestVersions("staged", List.of("Archived"))).isEmpty();
    }

    @Test
    void searchesModelVersionsPageByPage() {
        mlflow.sendPost("registered-models/create", "{\"name\":\"paged\"}");
        mlflow.sendPost("registered-models/create", "{\"name\":\"other\"}");
        for (int i = 0; i < 5; i++) {
            createModelVersion("paged", "s3://bucket/paged");
        }
        createModelVersion("other", "s3://bucket/other");

        List<String> versions = new ArrayList<>();
        int pages = 0;
        org.mlflow.tracking.Page<ModelVersion> current = mlflow.searchModelVersions("name = 'paged'", 2, List.of("version_number ASC"));
        while (true) {
            pages++;
            current.getItems().forEach(v -> versions.add(v.getVersion()));
            if (!current.hasNextPage()) {
                break;
            }
            current = current.getNextPage();
        }
        assertThat(pages).isEqualTo(3);
        assertThat(versions).containsExactly("1", "2", "3", "4", "5");

        ModelVersionsPage newestFirst = mlflow.searchModelVersions("name = 'paged'");
        assertThat(newestFirst.getItems()).extracting(ModelVersion::getVersion).containsExactly("5", "4", "3", "2", "1");
        assertThat(newestFirst.hasNextPage()).isFalse();
        assertThat(mlflow.searchModelVersions().getItems()).extracting(ModelVersion::getName).containsOnly("paged", "other").hasSize(6);
    }

    @Test
    void updatesModelsAndVersionsThroughSendPatch() {
        mlflow.sendPost("registered-models/create", "{\"name\":\"patched\"}");
        createModelVersion("patched", "s3://bucket/patched");
        mlflow.sendPatch("registered-models/update", "{\"name\":\"patched\",\"description\":\"model notes\"}");
        mlflow.sendPatch("model-versions/update", "{\"name\":\"patched\",\"version\":\"1\",\"description\":\"v1 notes\"}");
        assertThat(mlflow.getRegisteredModel("patched").getDescription()).isEqualTo("model notes");
        assertThat(mlflow.getModelVersion("patched", "1").getDescription()).isEqualTo("v1 notes");
    }

    @Test
    void reportsMissingRegistryObjectsAsMlflowErrors() {
        mlflow.sendPost("registered-models/create", "{\"name\":\"present\"}");
        assertThatThrownBy(() -> mlflow.getRegisteredModel("absent"))
                .isInstanceOf(MlflowClientException.class)
                .hasMessageContaining("RESOURCE_DOES_NOT_EXIST");
        assertThatThrownBy(() -> mlflow.getModelVersion("present", "9"))
                .isInstanceOf(MlflowClientException.class)
                .hasMessageContaining("RESOURCE_DOES_NOT_EXIST");
        assertThatThrownBy(() -> mlflow.getLatestVersions("absent"))
                .isInstanceOf(MlflowClientException.class)
                .hasMessageContaining("RESOURCE_DOES_NOT_EXIST");
        assertThatThrownBy(() -> mlflow.sendPost("registered-models/create", "{\"name\":\"present\"}"))
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

    // ---- helpers ----

    private void createModelVersion(String name, String source) {
        mlflow.sendPost("model-versions/create", "{\"name\":\"" + name + "\",\"source\":\"" + source + "\"}");
    }

    private void transition(String name, String version, String stage) {
        mlflow.sendPost("model-versions/transition-stage", "{\"name\":\"" + name + "\",\"version\":\"" + version
                + "\",\"stage\":\"" + stage + "\"}");
    }
}
