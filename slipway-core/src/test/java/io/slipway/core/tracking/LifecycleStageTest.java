package io.slipway.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LifecycleStageTest {
    @Test
    void usesMlflowLowerCaseWireNames() {
        assertThat(LifecycleStage.ACTIVE.wireName()).isEqualTo("active");
        assertThat(LifecycleStage.DELETED.wireName()).isEqualTo("deleted");
    }

    @ParameterizedTest
    @CsvSource({"active, ACTIVE", "ACTIVE, ACTIVE", "Deleted, DELETED"})
    void readsWireNamesCaseInsensitively(String wireName, LifecycleStage expected) {
        assertThat(LifecycleStage.fromWireName(wireName)).isEqualTo(expected);
    }

    @Test
    void rejectsUnknownWireName() {
        assertThatThrownBy(() -> LifecycleStage.fromWireName("archived"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("archived");
    }
}
