package io.slipway.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticFraudDataTest {
    @TempDir
    Path dir;

    @Test
    void sameSeedWritesTheSameBytes() throws Exception {
        Path first = SyntheticFraudData.generate(500, 0.05, 7).writeCsv(dir.resolve("a.csv"));
        Path second = SyntheticFraudData.generate(500, 0.05, 7).writeCsv(dir.resolve("b.csv"));

        assertThat(Files.mismatch(first, second)).isEqualTo(-1);
    }

    @Test
    void fraudIsRareButPresent() {
        SyntheticFraudData data = SyntheticFraudData.generate(2_000, 0.05, 42);

        assertThat(data.fraudCount()).isBetween(60, 140);
    }

    @Test
    void csvHasAHeaderAndOneLinePerRow() throws Exception {
        List<String> lines = Files.readAllLines(SyntheticFraudData.generate(100, 0.05, 1).writeCsv(dir.resolve("data.csv")));

        assertThat(lines).hasSize(101);
        assertThat(lines.get(0)).isEqualTo(String.join(",", SyntheticFraudData.FEATURES) + ",is_fraud");
        assertThat(lines.subList(1, 101)).allSatisfy(line -> assertThat(line.split(",")).hasSize(7));
    }

    @Test
    void splitIsStratifiedAndStandardisedOnTrainingRows() {
        SyntheticFraudData data = SyntheticFraudData.generate(2_000, 0.05, 42);

        SyntheticFraudData.Split split = data.split(0.2, 42);

        assertThat(split.train().length + split.validation().length).isEqualTo(2_000);
        assertThat(split.validation().length).isBetween(399, 401);
        assertThat(count(split.validationLabels())).isEqualTo(Math.round(data.fraudCount() * 0.2f));
        for (int j = 0; j < SyntheticFraudData.FEATURES.size(); j++) {
            double mean = 0;
            for (double[] row : split.train()) {
                mean += row[j] / split.train().length;
            }
            assertThat(mean).isBetween(-1e-9, 1e-9);
        }
    }

    private static int count(boolean[] labels) {
        int n = 0;
        for (boolean label : labels) {
            n += label ? 1 : 0;
        }
        return n;
    }
}
