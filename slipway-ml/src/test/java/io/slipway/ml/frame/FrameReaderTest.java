package io.slipway.ml.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import io.slipway.data.profile.ProfilerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameReaderTest {
    private final FrameReader reader = new FrameReader(ProfilerSettings.defaults());

    @TempDir
    Path dir;

    @Test
    void readsNumbersTextBooleansAndTimesWithMissingValuesInFileOrder() throws Exception {
        Path csv = Files.writeString(dir.resolve("cards.csv"), """
                amount,country,card_present,timestamp
                12.5,US,true,2024-01-01 00:00:00
                ,GB,false,2024-01-01 00:00:01
                7,,true,
                """);

        Frame frame = reader.read(csv.toString());

        assertThat(frame.rowCount()).isEqualTo(3);
        assertThat(frame.columnNames()).containsExactly("amount", "country", "card_present", "timestamp");
        assertThat(((Column.Numbers) frame.require("amount")).values()).containsExactly(12.5, Double.NaN, 7.0);
        assertThat(((Column.Texts) frame.require("country")).values()).containsExactly("US", "GB", null);
        assertThat(((Column.Numbers) frame.require("card_present")).values()).containsExactly(1.0, 0.0, 1.0);
        assertThat(((Column.Numbers) frame.require("timestamp")).values()).containsExactly(1704067200000.0, 1704067201000.0, Double.NaN);
    }

    @Test
    void aDirectoryOfFilesReadsInTheSameOrderEveryTime() throws Exception {
        Path data = Files.createDirectories(dir.resolve("parts"));
        for (int part = 0; part < 5; part++) {
            StringBuilder csv = new StringBuilder("id\n");
            for (int i = 0; i < 2_000; i++) {
                csv.append(part * 2_000 + i).append('\n');
            }
            Files.writeString(data.resolve("part-" + part + ".csv"), csv);
        }

        double[] first = ((Column.Numbers) reader.read(data.toString()).require("id")).values();
        double[] second = ((Column.Numbers) reader.read(data.toString()).require("id")).values();

        assertThat(first).hasSize(10_000).isEqualTo(second);
        for (int i = 0; i < first.length; i++) {
            assertThat(first[i]).isEqualTo(i);
        }
    }

    @Test
    void nestedValuesAreRefusedNamingTheColumn() throws Exception {
        Path jsonl = Files.writeString(dir.resolve("nested.jsonl"), "{\"id\": 1, \"tags\": [\"a\", \"b\"]}\n");

        assertThatThrownBy(() -> reader.read(jsonl.toString())).isInstanceOf(SlipwayException.class).hasMessageContaining("'tags'");
    }

    @Test
    void aMalformedFileIsA400NamingTheLine() throws Exception {
        Path csv = Files.writeString(dir.resolve("bad.csv"), "a,b\n1,2\n3,4,5\n");

        assertThatThrownBy(() -> reader.read(csv.toString())).isInstanceOf(SlipwayException.class).hasMessageContaining("line 3");
    }
}
