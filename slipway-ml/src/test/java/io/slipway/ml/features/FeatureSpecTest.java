package io.slipway.ml.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.core.SlipwayException;
import io.slipway.ml.features.FeatureSpec.Kind;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureSpecTest {
    private static Frame training() {
        Map<String, Column> columns = new LinkedHashMap<>();
        columns.put("amount", new Column.Numbers(new double[] {10, Double.NaN, 30, 40}));
        columns.put("device", new Column.Texts(new String[] {"web", "pos", "pos", null}));
        return Frame.of(columns);
    }

    @Test
    void categoriesAreOrderedByFrequencyThenValue() {
        FeatureSpec spec = FeatureSpec.fit(training(), List.of("device", "amount"));

        assertThat(spec.features()).containsExactly(
                new FeatureSpec.Feature("device", Kind.CATEGORICAL, List.of("pos", "web")),
                new FeatureSpec.Feature("amount", Kind.NUMERIC, List.of()));
        assertThat(spec.inputs()).extracting(c -> c.name() + ":" + c.type()).containsExactly("device:string", "amount:double");
    }

    @Test
    void encodesRowsInFeatureOrderWithNaNForMissingAndUnseenValues() {
        FeatureSpec spec = FeatureSpec.fit(training(), List.of("device", "amount"));
        Frame serving = Frame.fromRecords(List.of(Map.of("amount", 5, "device", "web"), Map.of("amount", 7, "device", "atm"),
                Map.of("extra", "ignored", "amount", 9, "device", "pos")));

        float[] encoded = spec.encode(serving);

        assertThat(encoded).containsExactly(1f, 5f, Float.NaN, 7f, 0f, 9f);
    }

    @Test
    void aCategoricalFeatureGivenNumbersLooksUpTheirText() {
        FeatureSpec spec = new FeatureSpec(List.of(new FeatureSpec.Feature("hour", Kind.CATEGORICAL, List.of("23", "3"))));

        assertThat(spec.encode(Frame.fromRecords(List.of(Map.of("hour", 3), Map.of("hour", 4))))).containsExactly(1f, Float.NaN);
    }

    @Test
    void textWhereANumberIsNeededIsA400NamingTheColumn() {
        FeatureSpec spec = FeatureSpec.fit(training(), List.of("amount"));

        assertThatThrownBy(() -> spec.encode(Frame.fromRecords(List.of(Map.of("amount", "12,50")))))
                .isInstanceOf(SlipwayException.class).hasMessageContaining("'amount'").hasMessageContaining("12,50");
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        FeatureSpec spec = FeatureSpec.fit(training(), List.of("device", "amount"));

        String text = json.writeValueAsString(spec);

        assertThat(text).isEqualTo("{\"features\":[{\"name\":\"device\",\"kind\":\"categorical\",\"categories\":[\"pos\",\"web\"]},"
                + "{\"name\":\"amount\",\"kind\":\"numeric\",\"categories\":[]}]}");
        assertThat(json.readValue(text, FeatureSpec.class)).isEqualTo(spec);
    }
}
