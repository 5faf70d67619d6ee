package io.slipway.ml.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import io.slipway.data.profile.ProfilerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameBatchesTest {
    private final FrameReader reader = new FrameReader(ProfilerSettings.defaults());

    @TempDir
    Path dir;

    @Test
    void batchesHoldTheFileRowsInOrderAndTypedAsAWholeRead() throws Exception {
        Path csv = ids(2_500);

        List<Frame> batches = new ArrayList<>();
        try (FrameBatches frames = reader.batches(csv.toString(), 1_000)) {
            assertThat(frames.columnNames()).containsExactly("id", "name");
            frames.forEachRemaining(batches::add);
        }

        assertThat(batches).extracting(Frame::rowCount).containsExactly(1_000, 1_000, 500);
        Frame whole = reader.read(csv.toString());
        int row = 0;
        for (Frame batch : batches) {
            for (int i = 0; i < batch.rowCount(); i++, row++) {
                assertThat(batch.require("id").text(i)).isEqualTo(whole.require("id").text(row)).isEqualTo(Integer.toString(row));
                assertThat(batch.require("name").text(i)).isEqualTo(whole.require("name").text(row));
            }
        }
        assertThat(batches.get(0).require("name")).isInstanceOf(Column.Texts.class);
    }

    @Test
    void aBatchAsLargeAsTheFileIsOneBatch() throws Exception {
        try (FrameBatches frames = reader.batches(ids(1_000).toString(), 1_000)) {
            assertThat(frames.next().rowCount()).isEqualTo(1_000);
            assertThat(frames.hasNext()).isFalse();
        }
    }

    @Test
    void aFileWithoutRowsHasNoBatchesAndReadsAsAnEmptyFrame() throws Exception {
        Path csv = Files.writeString(dir.resolve("empty.csv"), "id,name\n");

        try (FrameBatches frames = reader.batches(csv.toString(), 10)) {
            assertThat(frames.hasNext()).isFalse();
        }
        assertThat(reader.read(csv.toString()).rowCount()).isZero();
    }

    @Test
    void textLateInANumberColumnIsA400() throws Exception {
        // past DuckDB's type-sniffing sample, so the column is read as numbers until the bad row
        StringBuilder csv = new StringBuilder("id,amount,country\n");
        for (int i = 0; i < 50_000; i++) {
            csv.append(i).append(',').append(i % 97).append(".5,US\n");
        }
        csv.append("50000,lots,US\n");
        Path file = Files.writeString(dir.resolve("late.csv"), csv);

        assertThatThrownBy(() -> {
            try (FrameBatches frames = reader.batches(file.toString(), 10_000)) {
                frames.forEachRemaining(frame -> { });
            }
        }).isInstanceOf(SlipwayException.class).hasMessageContaining("late.csv").hasMessageContaining("at line 50002").hasMessageContaining("lots");
    }

    private Path ids(int rows) throws Exception {
        StringBuilder csv = new StringBuilder("id,name\n");
        for (int i = 0; i < rows; i++) {
            csv.append(i).append(",name-").append(i).append('\n');
        }
        return Files.writeString(dir.resolve("ids-" + rows + ".csv"), csv);
    }
}
