package io.slipway.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.api.ApiJson;
import io.slipway.ml.predict.Task;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ComparisonTest {
    private static final int ROWS = 200;
    private static final boolean[] LABELS = new boolean[ROWS];
    private static final double[] CANDIDATE = new double[ROWS];
    private static final double[] CHAMPION = new double[ROWS];
    private static final String[] REGION = new String[ROWS];

    static {
        Random random = new Random(5);
        for (int i = 0; i < ROWS; i++) {
            LABELS[i] = random.nextBoolean();
            CANDIDATE[i] = Math.min(1, Math.max(0, (LABELS[i] ? 0.65 : 0.35) + random.nextGaussian() * 0.2));
            CHAMPION[i] = Math.min(1, Math.max(0, (LABELS[i] ? 0.55 : 0.45) + random.nextGaussian() * 0.2));
            // "north" is large, "south" small; "east" holds only negatives
            REGION[i] = i < 150 ? "north" : i < 170 ? "south" : null;
        }
        for (int i = 180; i < ROWS; i++) {
            REGION[i] = "east";
            LABELS[i] = false;
        }
    }

    @Test
    void deltasAreCandidateMinusChampionForEveryMetric() {
        Comparison c = Comparison.binary(LABELS, CANDIDATE, CHAMPION, 0.5, null, null);

        BinaryMetrics candidate = BinaryMetrics.of(LABELS, CANDIDATE, 0.5);
        BinaryMetrics champion = BinaryMetrics.of(LABELS, CHAMPION, 0.5);
        assertThat(c.task()).isEqualTo(Task.BINARY);
        assertThat(c.candidate()).isEqualTo(candidate.scalars());
        assertThat(c.delta().keySet()).containsExactlyElementsOf(candidate.scalars().keySet());
        assertThat(c.delta().get("roc_auc")).isEqualTo(candidate.rocAuc() - champion.rocAuc());
        assertThat(c.delta().get("roc_auc")).isPositive();
        assertThat(c.segments()).isEmpty();
    }

    @Test
    void smallAndOneClassSegmentsHaveNoAuc() {
        Comparison c = Comparison.binary(LABELS, CANDIDATE, CHAMPION, 0.5, "region", REGION);

        assertThat(c.segments()).extracting(Comparison.Segment::value).containsExactly("east", "north", "south", null);
        assertThat(c.segments()).extracting(Comparison.Segment::rows).containsExactly(20, 150, 20, 10);
        Comparison.Segment north = c.segments().get(1);
        assertThat(north.smallSample()).isFalse();
        assertThat(north.delta().get("roc_auc")).isNotNull();
        Comparison.Segment east = c.segments().get(0);
        assertThat(east.smallSample()).isTrue();
        assertThat(east.candidate().get("roc_auc")).isNull();
        assertThat(east.delta().get("pr_auc")).isNull();
        assertThat(east.delta().get("accuracy")).isNotNull();
    }

    @Test
    void regressionComparesEveryMetricPerSegment() {
        double[] actual = {1, 2, 3, 4};
        Comparison c = Comparison.regression(actual, new double[] {1, 2, 3, 5}, new double[] {2, 2, 3, 4}, "shop",
                new String[] {"a", "a", "b", "b"});

        assertThat(c.delta().get("mae")).isEqualTo(0.0);
        assertThat(c.segments()).hasSize(2);
        assertThat(c.segments().get(0).delta().get("mae")).isEqualTo(-0.5);
        assertThat(c.segments().get(1).delta().get("mae")).isEqualTo(0.5);
    }

    @Test
    void segmentsNeedAColumnNameAndOneValuePerRow() {
        assertThatThrownBy(() -> Comparison.binary(LABELS, CANDIDATE, CHAMPION, 0.5, null, REGION))
                .hasMessageContaining("segmentColumn is missing");
        assertThatThrownBy(() -> Comparison.binary(LABELS, CANDIDATE, CHAMPION, 0.5, "region", new String[] {"a"}))
                .hasMessageContaining("segments has 1 rows but labels has 200");
        assertThatThrownBy(() -> Comparison.binary(LABELS, CANDIDATE, new double[] {0.5}, 0.5, null, null))
                .hasMessageContaining("candidate has 200 rows but champion has 1");
    }

    @Test
    void roundTripsThroughTheApiMapper() throws Exception {
        ObjectMapper mapper = ApiJson.newMapper();
        Comparison c = Comparison.binary(LABELS, CANDIDATE, CHAMPION, 0.5, "region", REGION);

        String json = mapper.writeValueAsString(c);
        JsonNode tree = mapper.readTree(json);
        Comparison back = mapper.readValue(json, Comparison.class);

        assertThat(tree.get("task").asText()).isEqualTo("binary");
        assertThat(tree.get("segment_column").asText()).isEqualTo("region");
        assertThat(tree.get("segments").get(0).get("small_sample").asBoolean()).isTrue();
        assertThat(back.delta()).isEqualTo(c.delta());
        assertThat(back.segments().get(1)).isEqualTo(c.segments().get(1));
    }
}
