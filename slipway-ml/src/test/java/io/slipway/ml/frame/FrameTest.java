package io.slipway.ml.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameTest {
    @Test
    void recordsBecomeColumnsWithMissingValues() {
        Map<String, Object> second = new HashMap<>();
        second.put("amount", null);
        second.put("country", "GB");
        Frame frame = Frame.fromRecords(List.of(Map.of("amount", 12.5, "country", "US", "card_present", true), second));

        assertThat(frame.rowCount()).isEqualTo(2);
        assertThat(frame.columnNames()).containsExactlyInAnyOrder("amount", "country", "card_present");
        assertThat(((Column.Numbers) frame.require("amount")).values()).containsExactly(12.5, Double.NaN);
        assertThat(((Column.Texts) frame.require("country")).values()).containsExactly("US", "GB");
        assertThat(((Column.Numbers) frame.require("card_present")).values()).containsExactly(1.0, Double.NaN);
        assertThat(frame.require("card_present").isMissing(1)).isTrue();
    }

    @Test
    void aFieldMixingNumbersAndTextIsA400NamingIt() {
        assertThatThrownBy(() -> Frame.fromRecords(List.of(Map.of("amount", 1), Map.of("amount", "lots"))))
                .isInstanceOf(SlipwayException.class)
                .hasMessageContaining("'amount' at record 1");
    }

    @Test
    void aMissingColumnIsA400NamingItAndWhatThereIs() {
        Frame frame = Frame.fromRecords(List.of(Map.of("amount", 1)));

        assertThatThrownBy(() -> frame.require("country")).isInstanceOf(SlipwayException.class)
                .hasMessageContaining("'country'").hasMessageContaining("amount");
    }

    @Test
    void columnsMustHaveOneLength() {
        assertThatThrownBy(() -> Frame.of(Map.of("a", new Column.Numbers(new double[2]), "b", new Column.Texts(new String[3]))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
