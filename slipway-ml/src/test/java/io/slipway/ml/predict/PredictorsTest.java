package io.slipway.ml.predict;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictorsTest {
    @TempDir
    Path model;

    @Test
    void aDirectoryWithoutAnMlModelFileIsA400() {
        assertThatThrownBy(() -> Predictors.load(model)).isInstanceOf(SlipwayException.class).hasMessageContaining("has no MLmodel file");
    }

    @Test
    void aModelOfOnlyUnknownFlavorsIsA400NamingThem() throws Exception {
        Files.writeString(model.resolve("MLmodel"), "flavors:\n  sklearn:\n    pickled_model: model.pkl\n");

        assertThatThrownBy(() -> Predictors.load(model)).isInstanceOf(SlipwayException.class)
                .hasMessageContaining("has flavors sklearn; Slipway loads");
    }
}
