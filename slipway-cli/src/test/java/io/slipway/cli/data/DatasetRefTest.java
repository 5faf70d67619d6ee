package io.slipway.cli.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DatasetRefTest {
    @Test
    void aNameAloneMeansTheLatestVersion() {
        assertThat(DatasetRef.parse("cards")).isEqualTo(new DatasetRef("cards", null));
    }

    @Test
    void theVersionFollowsTheAt() {
        assertThat(DatasetRef.parse("cards@12")).isEqualTo(new DatasetRef("cards", 12));
    }

    @Test
    void rejectsAnythingButAPositiveVersion() {
        for (String bad : List.of("cards@", "cards@0", "cards@-1", "cards@v2", "@3", "cards@99999999999")) {
            assertThatThrownBy(() -> DatasetRef.parse(bad)).as(bad).isInstanceOf(TypeConversionException.class);
        }
    }

    @Test
    void aVersionedReferenceNeedsTheVersion() {
        assertThatThrownBy(() -> DatasetRef.parseVersioned("cards")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("cards@1");
    }
}
