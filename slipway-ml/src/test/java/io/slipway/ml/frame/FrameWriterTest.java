package io.slipway.ml.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import io.slipway.data.profile.ProfilerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameWriterTest {
    private static final ProfilerSettings SETTINGS = ProfilerSettings.defaults();

    @TempDir
    Path dir;

    @Test
    void csvQuotesAsRfc4180AndWritesMissingValuesEmpty() throws Exception {
        Path out = dir.resolve("out.csv");
        try (FrameWriter writer = FrameWriter.create(out, SETTINGS)) {
            writer.write(frame(new double[] {1, 2.5}, new String[] {"a,b", "say \"hi\""}));
            writer.write(frame(new double[] {Double.NaN}, new String[] {"two\nlines"}));
            writer.commit();
        }

        assertThat(Files.readString(out)).isEqualTo("x,text\r\n1,\"a,b\"\r\n2.5,\"say \"\"hi\"\"\"\r\n,\"two\nlines\"\r\n");
        assertThat(leftovers()).containsExactly("out.csv");
    }

    @Test
    void parquetAndJsonLinesReadBackWithTheirKindsAndOrder() throws Exception {
        for (String name : new String[] {"out.parquet", "out.jsonl"}) {
            Path out = dir.resolve(name);
            try (FrameWriter writer = FrameWriter.create(out, SETTINGS)) {
                writer.write(frame(new double[] {1, 2.5}, new String[] {"a,b", ""}));
                writer.write(frame(new double[] {Double.NaN}, new String[] {null}));
                writer.commit();
            }

            Frame back = new FrameReader(SETTINGS).read(out.toString());
            assertThat(((Column.Numbers) back.require("x")).values()).containsExactly(1.0, 2.5, Double.NaN);
            assertThat(((Column.Texts) back.require("text")).values()).containsExactly("a,b", "", null);
        }
        assertThat(leftovers()).containsExactlyInAnyOrder("out.parquet", "out.jsonl");
    }

    @Test
    void closingWithoutACommitLeavesNoFile() throws Exception {
        try (FrameWriter writer = FrameWriter.create(dir.resolve("out.parquet"), SETTINGS)) {
            writer.write(frame(new double[] {1}, new String[] {"a"}));
        }

        assertThat(leftovers()).isEmpty();
    }

    @Test
    void anUnknownExtensionOrAMissingDirectoryIsRefused() {
        assertThatThrownBy(() -> FrameWriter.create(dir.resolve("out.xlsx"), SETTINGS)).isInstanceOf(SlipwayException.class)
                .hasMessageContaining("name it .csv, .parquet or .jsonl");
        assertThatThrownBy(() -> FrameWriter.create(dir.resolve("nowhere/out.csv"), SETTINGS)).isInstanceOf(SlipwayException.class)
                .hasMessageContaining("no such directory");
    }

    private static Frame frame(double[] x, String[] text) {
        Map<String, Column> columns = new LinkedHashMap<>();
        columns.put("x", new Column.Numbers(x));
        columns.put("text", new Column.Texts(text));
        return Frame.of(columns);
    }

    private java.util.List<String> leftovers() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
