package io.slipway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.core.artifacts.FileInfo;
import io.slipway.core.tracking.Experiment;
import io.slipway.core.tracking.ExperimentTag;
import io.slipway.core.tracking.LifecycleStage;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunData;
import io.slipway.core.tracking.RunInfo;
import io.slipway.core.tracking.RunInputs;
import io.slipway.core.tracking.RunStatus;
import io.slipway.core.tracking.RunTag;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How core records look on the wire: MLflow's snake_case JSON. */
class ApiJsonWritingTest {
    private static final String RUN_ID = "0123456789abcdef0123456789abcdef";
    private final ObjectMapper mapper = ApiJson.newMapper();

    private JsonNode json(Object value) throws JsonProcessingException {
        return mapper.readTree(mapper.writeValueAsString(value));
    }

    private static RunInfo runInfo(Long endTime) {
        return RunInfo.of(RUN_ID, "brave-otter-1", "7", "alice", RunStatus.FINISHED, 1_700_000_000_000L, endTime,
                "mlflow-artifacts:/7/" + RUN_ID + "/artifacts", LifecycleStage.ACTIVE);
    }

    @Test
    void writesRunInfoInSnakeCase() throws Exception {
        JsonNode json = json(runInfo(1_700_000_000_500L));
        assertThat(json.get("run_id").asText()).isEqualTo(RUN_ID);
        assertThat(json.get("run_uuid").asText()).isEqualTo(RUN_ID);
        assertThat(json.get("run_name").asText()).isEqualTo("brave-otter-1");
        assertThat(json.get("experiment_id").asText()).isEqualTo("7");
        assertThat(json.get("user_id").asText()).isEqualTo("alice");
        assertThat(json.get("status").asText()).isEqualTo("FINISHED");
        assertThat(json.get("start_time").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(json.get("end_time").asLong()).isEqualTo(1_700_000_000_500L);
        assertThat(json.get("artifact_uri").asText()).isEqualTo("mlflow-artifacts:/7/" + RUN_ID + "/artifacts");
        assertThat(json.get("lifecycle_stage").asText()).isEqualTo("active");
    }

    @Test
    void writesNoCamelCaseNames() throws Exception {
        assertThat(json(runInfo(1L)).fieldNames()).toIterable().allMatch(name -> name.equals(name.toLowerCase()));
    }

    @Test
    void omitsEndTimeOfUnfinishedRun() throws Exception {
        assertThat(json(runInfo(null)).has("end_time")).isFalse();
    }

    @Test
    void writesInt64AsNumber() throws Exception {
        assertThat(json(runInfo(null)).get("start_time").isIntegralNumber()).isTrue();
    }

    @Test
    void writesFileInfoOfFile() throws Exception {
        assertThat(mapper.writeValueAsString(new FileInfo("model/model.json", false, 12L)))
                .isEqualTo("{\"path\":\"model/model.json\",\"is_dir\":false,\"file_size\":12}");
    }

    @Test
    void omitsSizeOfDirectory() throws Exception {
        assertThat(mapper.writeValueAsString(new FileInfo("model", true, null))).isEqualTo("{\"path\":\"model\",\"is_dir\":true}");
    }

    @Test
    void writesMetricFields() throws Exception {
        assertThat(mapper.writeValueAsString(new Metric("acc", 0.5, 1_700_000_000_000L, 3)))
                .isEqualTo("{\"key\":\"acc\",\"value\":0.5,\"timestamp\":1700000000000,\"step\":3}");
    }

    @ParameterizedTest
    @CsvSource({"NaN, NaN", "Infinity, Infinity", "-Infinity, -Infinity"})
    void writesNonFiniteValuesAsStrings(double value, String expected) throws Exception {
        JsonNode json = json(new Metric("acc", value, 0, 0)).get("value");
        assertThat(json.isTextual()).isTrue();
        assertThat(json.asText()).isEqualTo(expected);
    }

    @Test
    void writesExperimentInSnakeCase() throws Exception {
        Experiment experiment = new Experiment("7", "vision", "mlflow-artifacts:/7", LifecycleStage.DELETED, 2L, 1L,
                List.of(new ExperimentTag("team", "ml")));
        JsonNode json = json(experiment);
        assertThat(json.get("experiment_id").asText()).isEqualTo("7");
        assertThat(json.get("artifact_location").asText()).isEqualTo("mlflow-artifacts:/7");
        assertThat(json.get("lifecycle_stage").asText()).isEqualTo("deleted");
        assertThat(json.get("last_update_time").asLong()).isEqualTo(2L);
        assertThat(json.get("creation_time").asLong()).isEqualTo(1L);
        assertThat(json.get("tags").get(0).get("key").asText()).isEqualTo("team");
        assertThat(json.get("tags").get(0).get("value").asText()).isEqualTo("ml");
    }

    @Test
    void readsBackWhatItWrites() throws Exception {
        Run run = new Run(runInfo(null), new RunData(List.of(new Metric("acc", Double.NaN, 1, 2)), List.of(new Param("lr", "0.1")),
                List.of(new RunTag("t", "v"))), new RunInputs(List.of()));
        assertThat(mapper.readValue(mapper.writeValueAsString(run), Run.class)).isEqualTo(run);
    }

    @Test
    void readsBackFileInfo() throws Exception {
        FileInfo file = new FileInfo("model/model.json", false, 12L);
        assertThat(mapper.readValue(mapper.writeValueAsString(file), FileInfo.class)).isEqualTo(file);
    }
}
