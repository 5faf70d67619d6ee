package io.slipway.api.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.api.mlflow.TrackingMessages.CreateExperiment;
import io.slipway.api.mlflow.TrackingMessages.CreateRun;
import io.slipway.api.mlflow.TrackingMessages.DatasetInputMessage;
import io.slipway.api.mlflow.TrackingMessages.DatasetMessage;
import io.slipway.api.mlflow.TrackingMessages.KeyValue;
import io.slipway.api.mlflow.TrackingMessages.LogBatch;
import io.slipway.api.mlflow.TrackingMessages.LogInputs;
import io.slipway.api.mlflow.TrackingMessages.LogMetric;
import io.slipway.api.mlflow.TrackingMessages.LogParam;
import io.slipway.api.mlflow.TrackingMessages.MetricInput;
import io.slipway.api.mlflow.TrackingMessages.RunRef;
import io.slipway.api.mlflow.TrackingMessages.SetTag;
import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.tracking.Dataset;
import io.slipway.core.tracking.DatasetInput;
import io.slipway.core.tracking.ExperimentTag;
import io.slipway.core.tracking.InputTag;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.RunTag;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TrackingMessagesTest {
    private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalidParameter(ThrowingCallable call) {
        return assertThatThrownBy(call)
                .isInstanceOf(SlipwayException.class)
                .matches(e -> ((SlipwayException) e).errorCode() == ErrorCode.INVALID_PARAMETER_VALUE, "is INVALID_PARAMETER_VALUE");
    }

    private static MetricInput metric(String key, Double value, Long timestamp) {
        return new MetricInput(key, value, timestamp, 1L);
    }

    private static LogBatch batchOfMetrics(MetricInput... metrics) {
        return new LogBatch("r", null, Arrays.asList(metrics), null, null);
    }

    private static DatasetMessage dataset() {
        return new DatasetMessage("train", "d1g3st", "local", "/data/train.csv", null, null);
    }

    private static LogInputs inputs(DatasetInputMessage... inputs) {
        return new LogInputs("r", Arrays.asList(inputs));
    }

    @Nested
    class RunReferences {
        @Test
        void prefersRunId() {
            assertThat(new RunRef("id", "uuid").id()).isEqualTo("id");
        }

        @Test
        void fallsBackToRunUuid() {
            assertThat(new RunRef(null, "uuid").id()).isEqualTo("uuid");
            assertThat(new RunRef("", "uuid").id()).isEqualTo("uuid");
        }

        @Test
        void reportsMissingRunId() {
            assertInvalidParameter(() -> new RunRef(null, "").id()).hasMessage("Missing value for required parameter 'run_id'.");
        }

        @Test
        void everyRunMessageAcceptsRunUuid() {
            assertThat(new LogBatch(null, "uuid", null, null, null).id()).isEqualTo("uuid");
            assertThat(new SetTag(null, "uuid", "k", "v").id()).isEqualTo("uuid");
        }
    }

    @Nested
    class Batches {
        @Test
        void convertsMetricsDefaultingStepToZero() {
            LogBatch batch = batchOfMetrics(new MetricInput("acc", 0.5, 10L, null), new MetricInput("acc", 0.6, 11L, 4L));
            assertThat(batch.metricList()).containsExactly(new Metric("acc", 0.5, 10, 0), new Metric("acc", 0.6, 11, 4));
        }

        @Test
        void readsMissingListsAsEmpty() {
            LogBatch batch = new LogBatch("r", null, null, null, null);
            assertThat(batch.metricList()).isEmpty();
            assertThat(batch.paramList()).isEmpty();
            assertThat(batch.tagList()).isEmpty();
        }

        @Test
        void reportsMissingTimestampWithIndex() {
            LogBatch batch = batchOfMetrics(metric("a", 1.0, 1L), metric("b", 1.0, 1L), metric("c", 1.0, null));
            assertInvalidParameter(batch::metricList).hasMessage("Missing value for required parameter 'metrics[2].timestamp'.");
        }

        @Test
        void reportsMissingValueWithIndex() {
            assertInvalidParameter(batchOfMetrics(metric("a", null, 1L))::metricList)
                    .hasMessage("Missing value for required parameter 'metrics[0].value'.");
        }

        @Test
        void reportsEmptyMetricKeyWithIndex() {
            assertInvalidParameter(batchOfMetrics(metric("a", 1.0, 1L), metric("", 1.0, 1L))::metricList)
                    .hasMessage("Missing value for required parameter 'metrics[1].key'.");
        }

        @Test
        void reportsNullMetricWithIndex() {
            assertInvalidParameter(batchOfMetrics(metric("a", 1.0, 1L), null)::metricList)
                    .hasMessage("Invalid value null for 'metrics[1]': expected an object.");
        }

        @Test
        void convertsParamsKeepingMissingValueAsEmpty() {
            LogBatch batch = new LogBatch("r", null, null, List.of(new KeyValue("lr", "0.1"), new KeyValue("notes", null)), null);
            assertThat(batch.paramList()).containsExactly(new Param("lr", "0.1"), new Param("notes", ""));
        }

        @Test
        void reportsMissingParamKeyWithIndex() {
            LogBatch batch = new LogBatch("r", null, null, List.of(new KeyValue("lr", "0.1"), new KeyValue(null, "x")), null);
            assertInvalidParameter(batch::paramList).hasMessage("Missing value for required parameter 'params[1].key'.");
        }

        @Test
        void reportsNullTagWithIndex() {
            LogBatch batch = new LogBatch("r", null, null, null, Arrays.asList(new KeyValue("t", "v"), null));
            assertInvalidParameter(batch::tagList).hasMessage("Invalid value null for 'tags[1]': expected an object.");
        }

        @Test
        void convertsTags() {
            LogBatch batch = new LogBatch("r", null, null, null, List.of(new KeyValue("team", "ml")));
            assertThat(batch.tagList()).containsExactly(new RunTag("team", "ml"));
        }
    }

    @Nested
    class SingleValues {
        @Test
        void convertsLoggedMetric() {
            assertThat(new LogMetric("r", null, "acc", 0.5, 10L, null).metric()).isEqualTo(new Metric("acc", 0.5, 10, 0));
        }

        @Test
        void reportsMissingFieldsOfLoggedMetricByName() {
            assertInvalidParameter(() -> new LogMetric("r", null, null, 0.5, 10L, null).metric()).hasMessageContaining("'key'");
            assertInvalidParameter(() -> new LogMetric("r", null, "acc", null, 10L, null).metric()).hasMessageContaining("'value'");
            assertInvalidParameter(() -> new LogMetric("r", null, "acc", 0.5, null, null).metric()).hasMessageContaining("'timestamp'");
        }

        @Test
        void reportsMissingParamKey() {
            assertInvalidParameter(() -> new LogParam("r", null, "", "v").param()).hasMessage("Missing value for required parameter 'key'.");
        }

        @Test
        void reportsMissingTagKey() {
            assertInvalidParameter(() -> new SetTag("r", null, null, "v").tag()).hasMessage("Missing value for required parameter 'key'.");
        }

        @Test
        void convertsExperimentTagsReportingMissingKeyWithIndex() {
            assertThat(new CreateExperiment("e", null, List.of(new KeyValue("team", "ml"))).experimentTags())
                    .containsExactly(new ExperimentTag("team", "ml"));
            assertInvalidParameter(() -> new CreateExperiment("e", null, List.of(new KeyValue("", "ml"))).experimentTags())
                    .hasMessage("Missing value for required parameter 'tags[0].key'.");
        }

        @Test
        void convertsRunTagsOfCreateRun() {
            assertThat(new CreateRun("7", null, null, null, List.of(new KeyValue("team", "ml"))).runTags())
                    .containsExactly(new RunTag("team", "ml"));
            assertThat(new CreateRun("7", null, null, null, null).runTags()).isEmpty();
        }
    }

    @Nested
    class Inputs {
        @Test
        void convertsDatasetWithTags() {
            LogInputs request = inputs(new DatasetInputMessage(List.of(new KeyValue("mlflow.data.context", "training")), dataset()));
            assertThat(request.inputs()).containsExactly(new DatasetInput(
                    List.of(new InputTag("mlflow.data.context", "training")),
                    new Dataset("train", "d1g3st", "local", "/data/train.csv", null, null)));
        }

        @Test
        void readsMissingDatasetsAsEmpty() {
            assertThat(new LogInputs("r", null).inputs()).isEmpty();
        }

        @Test
        void reportsMissingDatasetWithIndex() {
            assertInvalidParameter(inputs(new DatasetInputMessage(null, dataset()), new DatasetInputMessage(null, null))::inputs)
                    .hasMessage("Missing value for required parameter 'datasets[1].dataset'.");
        }

        @Test
        void reportsNullInputWithIndex() {
            assertInvalidParameter(inputs((DatasetInputMessage) null)::inputs)
                    .hasMessage("Missing value for required parameter 'datasets[0].dataset'.");
        }

        @Test
        void reportsEachMissingDatasetField() {
            assertInvalidParameter(inputs(new DatasetInputMessage(null, new DatasetMessage(null, "d", "local", "s", null, null)))::inputs)
                    .hasMessageContaining("'datasets[0].dataset.name'");
            assertInvalidParameter(inputs(new DatasetInputMessage(null, new DatasetMessage("n", "", "local", "s", null, null)))::inputs)
                    .hasMessageContaining("'datasets[0].dataset.digest'");
            assertInvalidParameter(inputs(new DatasetInputMessage(null, new DatasetMessage("n", "d", null, "s", null, null)))::inputs)
                    .hasMessageContaining("'datasets[0].dataset.source_type'");
            assertInvalidParameter(inputs(new DatasetInputMessage(null, new DatasetMessage("n", "d", "local", null, null, null)))::inputs)
                    .hasMessageContaining("'datasets[0].dataset.source'");
        }

        @Test
        void reportsMissingInputTagKeyWithIndex() {
            assertInvalidParameter(inputs(new DatasetInputMessage(List.of(new KeyValue(null, "x")), dataset()))::inputs)
                    .hasMessage("Missing value for required parameter 'datasets[0].tags[0].key'.");
        }
    }
}
