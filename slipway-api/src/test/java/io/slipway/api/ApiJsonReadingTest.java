package io.slipway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.api.mlflow.TrackingMessages.CreateRun;
import io.slipway.api.mlflow.TrackingMessages.DatasetMessage;
import io.slipway.api.mlflow.TrackingMessages.LogBatch;
import io.slipway.api.mlflow.TrackingMessages.LogMetric;
import io.slipway.api.mlflow.TrackingMessages.LogParam;
import io.slipway.api.mlflow.TrackingMessages.MetricInput;
import io.slipway.api.mlflow.TrackingMessages.SearchExperiments;
import io.slipway.api.mlflow.TrackingMessages.SearchRuns;
import io.slipway.api.mlflow.TrackingMessages.UpdateRun;
import io.slipway.core.tracking.RunStatus;
import io.slipway.core.tracking.ViewType;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How request messages are read: proto3 JSON as MLflow clients send it, strict where coercion would hide a bug. */
class ApiJsonReadingTest {
    private final ObjectMapper mapper = ApiJson.newMapper();

    /** Reads JSON written with single quotes, to keep the test strings readable. */
    private <T> T read(String json, Class<T> type) throws Exception {
        return mapper.readValue(json.replace('\'', '"'), type);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertUnreadable(String json, Class<?> type) {
        return assertThatThrownBy(() -> read(json, type)).isInstanceOf(JsonMappingException.class);
    }

    @Test
    void readsSnakeCaseNames() throws Exception {
        LogMetric message = read("{'run_id': 'r1', 'key': 'acc', 'value': 0.5, 'timestamp': 1700000000000, 'step': 3}", LogMetric.class);
        assertThat(message).isEqualTo(new LogMetric("r1", null, "acc", 0.5, 1_700_000_000_000L, 3L));
    }

    @Test
    void readsLowerCamelNames() throws Exception {
        CreateRun message = read("{'experimentId': '7', 'userId': 'alice', 'runName': 'r', 'startTime': 5}", CreateRun.class);
        assertThat(message).isEqualTo(new CreateRun("7", "alice", "r", 5L, null));
    }

    @Test
    void readsLowerCamelNamesOfNestedMessages() throws Exception {
        DatasetMessage message = read("{'name': 'd', 'digest': 'x', 'sourceType': 'local', 'source': 's'}", DatasetMessage.class);
        assertThat(message.sourceType()).isEqualTo("local");
    }

    @Test
    void readsInt64WrittenAsString() throws Exception {
        assertThat(read("{'timestamp': '1700000000000', 'step': '-2'}", MetricInput.class))
                .isEqualTo(new MetricInput(null, null, 1_700_000_000_000L, -2L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"'NaN'", "NaN"})
    void readsNaN(String literal) throws Exception {
        assertThat(read("{'value': " + literal + "}", MetricInput.class).value()).isNaN();
    }

    @ParameterizedTest
    @CsvSource({"'Infinity', Infinity", "'-Infinity', -Infinity", "Infinity, Infinity", "-Infinity, -Infinity"})
    void readsInfinities(String literal, double expected) throws Exception {
        assertThat(read("{'value': " + literal + "}", MetricInput.class).value()).isEqualTo(expected);
    }

    @Test
    void readsDoubleWrittenAsString() throws Exception {
        assertThat(read("{'value': '0.25'}", MetricInput.class).value()).isEqualTo(0.25);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "5.5", "true"})
    void rejectsNonStringWhereStringIsExpected(String literal) {
        assertUnreadable("{'key': " + literal + "}", LogParam.class);
    }

    @Test
    void rejectsNumberInStringList() {
        assertUnreadable("{'experiment_ids': [1, 2]}", SearchRuns.class);
    }

    @Test
    void rejectsFractionForInteger() {
        assertUnreadable("{'max_results': 1.5}", SearchRuns.class);
    }

    @Test
    void rejectsFractionForInt64() {
        assertUnreadable("{'timestamp': 1.5}", MetricInput.class);
    }

    @ParameterizedTest
    @CsvSource({"active_only, ACTIVE_ONLY", "ALL, ALL", "Deleted_Only, DELETED_ONLY"})
    void readsEnumNamesCaseInsensitively(String name, ViewType expected) throws Exception {
        assertThat(read("{'view_type': '" + name + "'}", SearchExperiments.class).viewType()).isEqualTo(expected);
    }

    @Test
    void readsRunStatusCaseInsensitively() throws Exception {
        assertThat(read("{'run_id': 'r', 'status': 'finished'}", UpdateRun.class).status()).isEqualTo(RunStatus.FINISHED);
    }

    @Test
    void rejectsUnknownEnumName() {
        assertUnreadable("{'run_view_type': 'SOMETIMES'}", SearchRuns.class);
    }

    @Test
    void rejectsNumberForEnum() {
        assertUnreadable("{'run_view_type': 1}", SearchRuns.class);
    }

    @Test
    void ignoresUnknownFields() throws Exception {
        assertThat(read("{'run_id': 'r', 'future_field': {'x': [1]}}", LogParam.class)).isEqualTo(new LogParam("r", null, null, null));
    }

    @Test
    void rejectsNulCharacterInString() {
        assertUnreadable("{'key': 'a\\u0000b'}", LogParam.class).hasMessageContaining("NUL characters are not allowed in strings");
    }

    @Test
    void rejectsNulCharacterInStringList() {
        assertUnreadable("{'order_by': ['a\\u0000']}", SearchRuns.class).hasMessageContaining("NUL characters are not allowed in strings");
    }

    @Test
    void rejectsNulCharacterInNestedMessage() {
        assertUnreadable("{'params': [{'key': 'lr', 'value': '\\u0000'}]}", LogBatch.class)
                .hasMessageContaining("NUL characters are not allowed in strings");
    }

    @Test
    void readsSingleValueAsOneElementList() throws Exception {
        SearchRuns message = read("{'experiment_ids': '7', 'order_by': 'metrics.acc DESC'}", SearchRuns.class);
        assertThat(message.experimentIds()).containsExactly("7");
        assertThat(message.orderBy()).containsExactly("metrics.acc DESC");
    }

    @Test
    void readsSingleObjectAsOneElementList() throws Exception {
        LogBatch message = read("{'run_id': 'r', 'params': {'key': 'lr', 'value': '0.1'}}", LogBatch.class);
        assertThat(message.paramList()).hasSize(1);
    }

    @Test
    void readsNestedMessagesOfBatch() throws Exception {
        LogBatch message = read("{'run_id': 'r', 'metrics': [{'key': 'acc', 'value': 'NaN', 'timestamp': '5'}],"
                + " 'params': [{'key': 'lr', 'value': '0.1'}], 'tags': [{'key': 't', 'value': 'v'}]}", LogBatch.class);
        assertThat(message.metrics()).containsExactly(new MetricInput("acc", Double.NaN, 5L, null));
        assertThat(message.params()).extracting("key").containsExactly("lr");
        assertThat(message.tags()).extracting("value").containsExactly("v");
    }

    @Test
    void rejectsTrailingTokens() {
        assertThatThrownBy(() -> read("{'run_id': 'r'} {}", LogParam.class)).isInstanceOf(JsonMappingException.class);
    }

    @Test
    void readsEmptyObjectAsAllFieldsMissing() throws Exception {
        assertThat(read("{}", SearchRuns.class)).isEqualTo(new SearchRuns(null, null, null, null, null, null));
    }

    @Test
    void readsExplicitListOfStrings() throws Exception {
        assertThat(read("{'experiment_ids': ['1', '2']}", SearchRuns.class).experimentIds()).isEqualTo(List.of("1", "2"));
    }
}
