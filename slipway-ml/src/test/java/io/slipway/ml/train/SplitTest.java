package io.slipway.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.train.Split.Method;
import io.slipway.ml.train.Split.Spec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitTest {
    /** 1,000 rows, every 100th a fraud, time running backwards so the latest rows come first. */
    private static Frame frame() {
        double[] fraud = new double[1_000];
        double[] time = new double[1_000];
        for (int i = 0; i < fraud.length; i++) {
            fraud[i] = i % 100 == 0 ? 1 : 0;
            time[i] = 1_000 - i;
        }
        Map<String, Column> columns = new LinkedHashMap<>();
        columns.put("is_fraud", new Column.Numbers(fraud));
        columns.put("time", new Column.Numbers(time));
        return Frame.of(columns);
    }

    @Test
    void aRandomSplitIsReproducibleKeepsRowOrderAndCoversEveryRowOnce() {
        Split first = Split.of(frame(), new Spec(Method.RANDOM, 0.2, 7, null), "is_fraud");
        Split again = Split.of(frame(), new Spec(Method.RANDOM, 0.2, 7, null), "is_fraud");
        Split otherSeed = Split.of(frame(), new Spec(Method.RANDOM, 0.2, 8, null), "is_fraud");

        assertThat(first.validation()).hasSize(200).isSorted().isEqualTo(again.validation());
        assertThat(first.train()).hasSize(800).isSorted();
        assertThat(otherSeed.validation()).isNotEqualTo(first.validation());
        int[] all = new int[1_000];
        System.arraycopy(first.train(), 0, all, 0, 800);
        System.arraycopy(first.validation(), 0, all, 800, 200);
        Arrays.sort(all);
        for (int i = 0; i < all.length; i++) {
            assertThat(all[i]).isEqualTo(i);
        }
    }

    @Test
    void aStratifiedSplitKeepsTheClassRateOnBothSides() {
        Split split = Split.of(frame(), new Spec(Method.STRATIFIED, 0.2, 7, null), "is_fraud");

        assertThat(Arrays.stream(split.validation()).filter(row -> row % 100 == 0).count()).isEqualTo(2);
        assertThat(Arrays.stream(split.train()).filter(row -> row % 100 == 0).count()).isEqualTo(8);
    }

    @Test
    void aTimeSplitValidatesOnTheLatestRows() {
        Split split = Split.of(frame(), new Spec(Method.TIME, 0.1, 0, "time"), "is_fraud");

        assertThat(split.validation()).hasSize(100).containsExactly(java.util.stream.IntStream.range(0, 100).toArray());
    }

    @Test
    void badSpecsAreA400NamingTheField() {
        assertThatThrownBy(() -> new Spec(Method.RANDOM, 1.0, 0, null)).isInstanceOf(SlipwayException.class)
                .hasMessageContaining("split.validation_fraction");
        assertThatThrownBy(() -> new Spec(Method.TIME, 0.2, 0, null)).isInstanceOf(SlipwayException.class)
                .hasMessageContaining("split.column");
        assertThatThrownBy(() -> Split.of(frame(), new Spec(Method.TIME, 0.2, 0, "when"), "is_fraud"))
                .isInstanceOf(SlipwayException.class).hasMessageContaining("'when'");
        Frame tiny = Frame.of(Map.of("is_fraud", new Column.Numbers(new double[] {1, 0})));
        assertThatThrownBy(() -> Split.of(tiny, new Spec(Method.RANDOM, 0.1, 0, null), "is_fraud"))
                .isInstanceOf(SlipwayException.class).hasMessageContaining("one side would be empty");
    }
}
