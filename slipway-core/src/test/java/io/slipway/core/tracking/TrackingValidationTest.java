package io.slipway.core.tracking;

import static io.slipway.core.testing.SlipwayAssertions.assertInvalidParameter;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TrackingValidationTest {
    private static List<Metric> metrics(int count) {
        return IntStream.range(0, count).mapToObj(i -> new Metric("loss", i, 1_700_000_000_000L, i)).toList();
    }

    private static List<Param> params(int count) {
        return IntStream.range(0, count).mapToObj(i -> new Param("p" + i, "v")).toList();
    }

    private static List<RunTag> tags(int count) {
        return IntStream.range(0, count).mapToObj(i -> new RunTag("t" + i, "v")).toList();
    }

    @Nested
    class Keys {
        @ParameterizedTest
        @ValueSource(strings = {"accuracy", "train/loss", "val loss", "lr-0.01", "a_b.c", "layer.1/weights/mean", "точность", "a..b", ".a", "b.", "a..a/._./o_O/.e."})
        void acceptsMlflowKeys(String key) {
            assertThatCode(() -> TrackingValidation.validateKey("metric", key)).doesNotThrowAnyException();
        }

        @ParameterizedTest
        @ValueSource(strings = {"acc!", "a:b", "a\\b", "tab\tkey", "line\n", "a,b", "a=b"})
        void rejectsCharactersOutsideMlflowCharset(String key) {
            assertInvalidParameter(() -> TrackingValidation.validateKey("metric", key))
                    .hasMessageContaining("Invalid metric name")
                    .hasMessageContaining("Names may only contain alphanumerics");
        }

        @ParameterizedTest
        @ValueSource(strings = {".", "..", "../x", "..x", "/abs", "a//b", "a/", "./a", "a/./b", "a/../b", "a/..", "/", "//", "./", "/./"})
        void rejectsKeysThatAreNotNormalisedRelativePaths(String key) {
            assertInvalidParameter(() -> TrackingValidation.validateKey("param", key))
                    .hasMessageContaining("Invalid param name")
                    .hasMessageContaining("Names must be normalised relative paths");
        }

        @ParameterizedTest
        @NullAndEmptySource
        void rejectsMissingKey(String key) {
            assertInvalidParameter(() -> TrackingValidation.validateKey("tag", key))
                    .hasMessage("Missing value for required parameter 'key'.");
        }

        @Test
        void acceptsKeyOfMaximumLength() {
            assertThatCode(() -> TrackingValidation.validateKey("metric", "k".repeat(250))).doesNotThrowAnyException();
        }

        @Test
        void rejectsKeyLongerThanLimit() {
            assertInvalidParameter(() -> TrackingValidation.validateKey("metric", "k".repeat(251)))
                    .hasMessageContaining("Metric name '")
                    .hasMessageContaining("had length 251, which exceeded length limit of 250");
        }
    }

    @Nested
    class Values {
        @Test
        void acceptsParamValueOfMaximumLength() {
            assertThatCode(() -> TrackingValidation.validateParam(new Param("p", "v".repeat(6000)))).doesNotThrowAnyException();
        }

        @Test
        void rejectsParamValueLongerThanLimit() {
            assertInvalidParameter(() -> TrackingValidation.validateParam(new Param("p", "v".repeat(6001))))
                    .hasMessage("Param value for key 'p' had length 6001, which exceeded length limit of 6000.");
        }

        @Test
        void acceptsTagValueOfMaximumLength() {
            assertThatCode(() -> TrackingValidation.validateTag(new RunTag("t", "v".repeat(5000)))).doesNotThrowAnyException();
        }

        @Test
        void rejectsTagValueLongerThanLimit() {
            assertInvalidParameter(() -> TrackingValidation.validateTag(new RunTag("t", "v".repeat(5001))))
                    .hasMessage("Tag value for key 't' had length 5001, which exceeded length limit of 5000.");
        }

        @Test
        void checksParamKeys() {
            assertInvalidParameter(() -> TrackingValidation.validateParam(new Param("../p", "v"))).hasMessageContaining("Invalid param name");
        }

        @Test
        void acceptsZeroTimestamp() {
            assertThatCode(() -> TrackingValidation.validateMetric(new Metric("acc", 1, 0, 0))).doesNotThrowAnyException();
        }

        @Test
        void rejectsNegativeTimestamp() {
            assertInvalidParameter(() -> TrackingValidation.validateMetric(new Metric("acc", 1, -1, 0)))
                    .hasMessageContaining("Invalid timestamp -1 for metric 'acc'");
        }

        @Test
        void acceptsNonFiniteMetricValues() {
            assertThatCode(() -> TrackingValidation.validateMetric(new Metric("acc", Double.NaN, 0, 0))).doesNotThrowAnyException();
            assertThatCode(() -> TrackingValidation.validateMetric(new Metric("acc", Double.NEGATIVE_INFINITY, 0, 0))).doesNotThrowAnyException();
        }
    }

    @Nested
    class Batches {
        @Test
        void acceptsBatchAtEveryLimit() {
            assertThatCode(() -> TrackingValidation.validateBatch(metrics(1000), List.of(), List.of())).doesNotThrowAnyException();
            assertThatCode(() -> TrackingValidation.validateBatch(metrics(800), params(100), tags(100))).doesNotThrowAnyException();
        }

        @Test
        void rejectsMoreThanThousandMetrics() {
            assertInvalidParameter(() -> TrackingValidation.validateBatch(metrics(1001), List.of(), List.of()))
                    .hasMessageContaining("at most 1000 metrics. Got 1001 metrics");
        }

        @Test
        void rejectsMoreThanHundredParams() {
            assertInvalidParameter(() -> TrackingValidation.validateBatch(List.of(), params(101), List.of()))
                    .hasMessageContaining("at most 100 params. Got 101 params");
        }

        @Test
        void rejectsMoreThanHundredTags() {
            assertInvalidParameter(() -> TrackingValidation.validateBatch(List.of(), List.of(), tags(101)))
                    .hasMessageContaining("at most 100 tags. Got 101 tags");
        }

        @Test
        void rejectsMoreThanThousandEntitiesInTotal() {
            assertInvalidParameter(() -> TrackingValidation.validateBatch(metrics(900), params(100), tags(1)))
                    .hasMessageContaining("at most 1000 metrics, params and tags in total. Got 1001");
        }

        @Test
        void rejectsDuplicateParamKey() {
            List<Param> params = List.of(new Param("lr", "0.1"), new Param("epochs", "3"), new Param("lr", "0.1"));
            assertInvalidParameter(() -> TrackingValidation.validateBatch(List.of(), params, List.of()))
                    .hasMessageContaining("Duplicate parameter key 'lr'");
        }

        @Test
        void acceptsRepeatedMetricKey() {
            assertThatCode(() -> TrackingValidation.validateBatch(metrics(3), List.of(), List.of())).doesNotThrowAnyException();
        }

        @Test
        void rejectsNegativeTimestampOnAnyPointOfRepeatedMetric() {
            List<Metric> history = new ArrayList<>(metrics(3));
            history.add(new Metric("loss", 0, -5, 3));
            assertInvalidParameter(() -> TrackingValidation.validateBatch(history, List.of(), List.of()))
                    .hasMessageContaining("Invalid timestamp -5 for metric 'loss'");
        }

        @Test
        void checksKeysOfEveryKind() {
            assertInvalidParameter(() -> TrackingValidation.validateBatch(List.of(new Metric("a//b", 0, 0, 0)), List.of(), List.of()))
                    .hasMessageContaining("Invalid metric name");
            assertInvalidParameter(() -> TrackingValidation.validateBatch(List.of(), List.of(), List.of(new RunTag("t!", "v"))))
                    .hasMessageContaining("Invalid tag name");
        }

        @Test
        void checksValueLengthsInBatch() {
            assertInvalidParameter(() -> TrackingValidation.validateBatch(List.of(), List.of(new Param("p", "v".repeat(6001))), List.of()))
                    .hasMessageContaining("exceeded length limit of 6000");
        }
    }

    @Nested
    class Identifiers {
        @ParameterizedTest
        @ValueSource(strings = {"0123456789abcdef0123456789abcdef", "abc-DEF_123", "7"})
        void acceptsRunIds(String runId) {
            assertThatCode(() -> TrackingValidation.validateRunId(runId)).doesNotThrowAnyException();
        }

        @Test
        void acceptsRunIdOfMaximumLength() {
            assertThatCode(() -> TrackingValidation.validateRunId("r".repeat(256))).doesNotThrowAnyException();
        }

        @ParameterizedTest
        @ValueSource(strings = {"-abc", "_abc", "a b", "a/b", "../etc", "abc\n", "a.b"})
        void rejectsMalformedRunIds(String runId) {
            assertInvalidParameter(() -> TrackingValidation.validateRunId(runId)).hasMessageContaining("for parameter 'run_id' supplied");
        }

        @Test
        void rejectsRunIdLongerThanLimit() {
            assertInvalidParameter(() -> TrackingValidation.validateRunId("r".repeat(257))).hasMessageContaining("for parameter 'run_id' supplied");
        }

        @ParameterizedTest
        @NullAndEmptySource
        void rejectsMissingRunId(String runId) {
            assertInvalidParameter(() -> TrackingValidation.validateRunId(runId)).hasMessage("Missing value for required parameter 'run_id'.");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "123", "my-exp_1"})
        void acceptsExperimentIds(String experimentId) {
            assertThatCode(() -> TrackingValidation.validateExperimentId(experimentId)).doesNotThrowAnyException();
        }

        @Test
        void acceptsExperimentIdOfMaximumLength() {
            assertThatCode(() -> TrackingValidation.validateExperimentId("e".repeat(64))).doesNotThrowAnyException();
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "../1", "1 2", "1;drop"})
        void rejectsMalformedExperimentIds(String experimentId) {
            assertInvalidParameter(() -> TrackingValidation.validateExperimentId(experimentId))
                    .hasMessageContaining("for parameter 'experiment_id' supplied");
        }

        @Test
        void rejectsExperimentIdLongerThanLimit() {
            assertInvalidParameter(() -> TrackingValidation.validateExperimentId("e".repeat(65)))
                    .hasMessageContaining("for parameter 'experiment_id' supplied");
        }

        @ParameterizedTest
        @NullAndEmptySource
        void rejectsMissingExperimentId(String experimentId) {
            assertInvalidParameter(() -> TrackingValidation.validateExperimentId(experimentId))
                    .hasMessage("Missing value for required parameter 'experiment_id'.");
        }
    }

    @Nested
    class Names {
        @ParameterizedTest
        @ValueSource(strings = {"vision", "team/vision: resnet (v2)", "Ünïcode ✓"})
        void acceptsExperimentNamesWithAnyCharacters(String name) {
            assertThatCode(() -> TrackingValidation.validateExperimentName(name)).doesNotThrowAnyException();
        }

        @ParameterizedTest
        @NullAndEmptySource
        void rejectsMissingExperimentName(String name) {
            assertInvalidParameter(() -> TrackingValidation.validateExperimentName(name)).hasMessage("Missing value for required parameter 'name'.");
        }

        @Test
        void rejectsBlankExperimentName() {
            assertInvalidParameter(() -> TrackingValidation.validateExperimentName("   ")).hasMessageContaining("it must not be blank");
        }

        @Test
        void acceptsExperimentNameOfMaximumLength() {
            assertThatCode(() -> TrackingValidation.validateExperimentName("n".repeat(500))).doesNotThrowAnyException();
        }

        @Test
        void rejectsExperimentNameLongerThanLimitAbbreviatingIt() {
            assertInvalidParameter(() -> TrackingValidation.validateExperimentName("n".repeat(501)))
                    .hasMessageContaining("had length 501, which exceeded length limit of 500")
                    .hasMessageContaining("n".repeat(97) + "...")
                    .hasMessageNotContaining("n".repeat(101));
        }

        @Test
        void acceptsMissingRunName() {
            assertThatCode(() -> TrackingValidation.validateRunName(null)).doesNotThrowAnyException();
        }

        @Test
        void rejectsRunNameLongerThanLimit() {
            assertInvalidParameter(() -> TrackingValidation.validateRunName("r".repeat(251)))
                    .hasMessageContaining("had length 251, which exceeded length limit of 250");
        }

        @Test
        void rejectsEmptyExperimentTagKey() {
            assertInvalidParameter(() -> TrackingValidation.validateExperimentTag(new ExperimentTag("", "v")))
                    .hasMessage("Missing value for required parameter 'key'.");
        }

        @Test
        void rejectsExperimentTagKeyLongerThanLimit() {
            assertInvalidParameter(() -> TrackingValidation.validateExperimentTag(new ExperimentTag("k".repeat(251), "v")))
                    .hasMessageContaining("had length 251, which exceeded length limit of 250");
        }

        @ParameterizedTest
        @ValueSource(strings = {"team:owner", "../x", "a//b"})
        void rejectsExperimentTagKeyBreakingMlflowNameRules(String key) {
            assertInvalidParameter(() -> TrackingValidation.validateExperimentTag(new ExperimentTag(key, "v")))
                    .hasMessageContaining("Invalid tag name");
        }

        @Test
        void rejectsExperimentTagValueLongerThanLimit() {
            assertInvalidParameter(() -> TrackingValidation.validateExperimentTag(new ExperimentTag("k", "v".repeat(5001))))
                    .hasMessageContaining("Experiment tag value for key 'k' had length 5001");
        }
    }
}
