package io.slipway.server.serving;

import static io.slipway.server.serving.PredictionLogFixtures.DAY_ONE;
import static io.slipway.server.serving.PredictionLogFixtures.DAY_TWO;
import static io.slipway.server.serving.PredictionLogFixtures.binary;
import static io.slipway.server.serving.PredictionLogFixtures.regression;
import static io.slipway.server.serving.PredictionLogFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import io.slipway.store.artifact.LocalArtifactStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionLogReaderTest {
    private static final LocalDate NOV_27 = LocalDate.parse("2026-11-27");
    private static final LocalDate NOV_28 = LocalDate.parse("2026-11-28");

    @TempDir
    Path dir;
    private PredictionLog log;
    private PredictionLogReader reader;

    @BeforeEach
    void open() {
        LocalArtifactStore store = new LocalArtifactStore(dir.resolve("artifacts"));
        log = new PredictionLog(new ArtifactSegmentSink(store), settings(1000), dir.resolve("work"), Clock.systemUTC());
        reader = new PredictionLogReader(store, dir.resolve("reads"));
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void readsPredictionsNewestFirstWithTheirInputs() {
        log.offer(binary("old", DAY_ONE, 0.2));
        log.offer(binary("new", DAY_TWO, 0.9, 0.1));
        log.flush();

        List<LoggedPrediction> rows = reader.search("fraud", NOV_27, NOV_28, 100, null);

        assertThat(rows).extracting(LoggedPrediction::predictionId).containsExactly("new-1", "new-0", "old");
        LoggedPrediction first = rows.get(1);
        assertThat(first.requestId()).isEqualTo("new");
        assertThat(first.timestampMillis()).isEqualTo(DAY_TWO);
        assertThat(first.modelName()).isEqualTo("fraud");
        assertThat(first.modelVersion()).isEqualTo("3");
        assertThat(first.role()).isEqualTo("stable");
        assertThat(first.latencyMs()).isEqualTo(2.5);
        assertThat(first.prediction()).isEqualTo(0.9);
        assertThat(first.label()).isEqualTo("fraud");
        assertThat(first.probabilities()).containsExactly(0.09999999999999998, 0.9);
        assertThat(first.inputs()).containsExactly(Map.entry("amount", 100.0), Map.entry("country", "FR"));
        assertThat(first.groundTruth()).isNull();
        assertThat(first.feedbackTimestampMillis()).isNull();
    }

    @Test
    void readsOnlyTheAskedDatesAndAtMostMaxResults() {
        log.offer(binary("old", DAY_ONE, 0.2));
        log.offer(binary("new", DAY_TWO, 0.9, 0.1, 0.4));
        log.flush();

        assertThat(reader.search("fraud", NOV_27, NOV_27, 100, null)).extracting(LoggedPrediction::predictionId).containsExactly("old");
        assertThat(reader.search("fraud", NOV_27, NOV_28, 2, null)).hasSize(2);
        assertThat(reader.search("other", NOV_27, NOV_28, 100, null)).isEmpty();
    }

    @Test
    void joinsTheLatestFeedbackByPredictionId() {
        log.offer(binary("req", DAY_ONE, 0.9, 0.1));
        log.offerFeedback(new FeedbackRecord("fraud", "req-0", null, "legit", DAY_ONE + 1000));
        log.offerFeedback(new FeedbackRecord("fraud", "req-0", null, "fraud", DAY_TWO));
        log.flush();

        List<LoggedPrediction> rows = reader.search("fraud", NOV_27, NOV_27, 100, null);

        assertThat(rows).extracting(LoggedPrediction::predictionId, LoggedPrediction::groundTruth, LoggedPrediction::feedbackTimestampMillis)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("req-1", null, null),
                        org.assertj.core.groups.Tuple.tuple("req-0", "fraud", DAY_TWO));
    }

    @Test
    void joinsFeedbackByBusinessKeyOfAnInputColumn() {
        log.offer(binary("req", DAY_TWO, 0.9, 0.1));
        log.offerFeedback(new FeedbackRecord("fraud", null, "101", "fraud", DAY_TWO));
        log.offerFeedback(new FeedbackRecord("fraud", "req-0", null, "ignored by key", DAY_TWO));
        log.flush();

        List<LoggedPrediction> rows = reader.search("fraud", NOV_28, NOV_28, 100, "amount");

        assertThat(rows).extracting(LoggedPrediction::predictionId, LoggedPrediction::groundTruth)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("req-1", "fraud"), org.assertj.core.groups.Tuple.tuple("req-0", null));
    }

    @Test
    void readsSegmentsOfDifferentModelsTogether() {
        log.offer(binary("b", DAY_TWO, 0.9));
        log.offer(new PredictionRecord("r", DAY_TWO + 1, "fraud", new io.slipway.core.serving.ModelRef("fraud", "4"), PredictionRecord.CANARY,
                regression("x", DAY_TWO, 1).inputs(), regression("x", DAY_TWO, 7).predictions(), 0));
        log.flush();

        List<LoggedPrediction> rows = reader.search("fraud", NOV_28, NOV_28, 100, null);

        assertThat(rows).extracting(LoggedPrediction::predictionId).containsExactly("r", "b");
        assertThat(rows.get(0).probabilities()).isNull();
        assertThat(rows.get(0).label()).isNull();
        assertThat(rows.get(0).inputs()).containsEntry("amount", null);
    }

    @Test
    void refusesAnUnknownKeyColumnABackwardRangeAndAnOutOfRangeMax() {
        log.offer(binary("req", DAY_TWO, 0.9));
        log.flush();

        assertThatThrownBy(() -> reader.search("fraud", NOV_28, NOV_28, 10, "nope")).isInstanceOf(SlipwayException.class)
                .hasMessageContaining("key_column");
        assertThatThrownBy(() -> reader.search("fraud", NOV_28, NOV_27, 10, null)).isInstanceOf(SlipwayException.class)
                .hasMessageContaining("from");
        assertThatThrownBy(() -> reader.search("fraud", NOV_28, NOV_28, 0, null)).isInstanceOf(SlipwayException.class)
                .hasMessageContaining("max_results");
        assertThatThrownBy(() -> reader.search("fraud", NOV_28, NOV_28, 10_001, null)).isInstanceOf(SlipwayException.class)
                .hasMessageContaining("max_results");
    }
}
