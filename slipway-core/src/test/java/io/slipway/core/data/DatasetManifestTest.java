package io.slipway.core.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetManifestTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @Test
    void sortsFilesByPathAndSumsTheirSizes() {
        DatasetManifest manifest = new DatasetManifest(List.of(new DatasetFile("z.csv", A, 3), new DatasetFile("a/b.csv", B, 4)));

        assertThat(manifest.files()).extracting(DatasetFile::path).containsExactly("a/b.csv", "z.csv");
        assertThat(manifest.totalSize()).isEqualTo(7);
    }

    @Test
    void ordersPathsByUtf8BytesNotUtf16Units() {
        String privateUse = "\uE000.txt";
        String emoji = "\uD83D\uDE00.txt";

        DatasetManifest manifest = new DatasetManifest(List.of(new DatasetFile(emoji, A, 1), new DatasetFile(privateUse, A, 1)));

        assertThat(manifest.files()).extracting(DatasetFile::path).containsExactly(privateUse, emoji);
    }

    @Test
    void digestIsTheSha256OfOneLinePerFileInPathOrder() throws Exception {
        DatasetManifest manifest = new DatasetManifest(List.of(new DatasetFile("b.csv", B, 10), new DatasetFile("a.csv", A, 4)));

        String lines = A + " 4 a.csv\n" + B + " 10 b.csv\n";
        assertThat(manifest.digest()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lines.getBytes(UTF_8))));
    }

    @Test
    void rejectsAPathThatAppearsTwice() {
        DatasetManifest duplicates = new DatasetManifest(List.of(new DatasetFile("a", A, 1), new DatasetFile("a", B, 1)));

        assertThatThrownBy(duplicates::validate).isInstanceOf(SlipwayException.class).hasMessageContaining("appears twice");
    }

    @Test
    void rejectsPathsThatAreNotPortableRelativePosixPaths() {
        for (String path : List.of("", "/abs", "a/../b", "./a", "a//b", "dir/", "a\\b", "line\nbreak", "carriage\rreturn")) {
            DatasetManifest manifest = new DatasetManifest(List.of(new DatasetFile(path, A, 1)));
            assertThatThrownBy(manifest::validate).as(path).isInstanceOf(SlipwayException.class).hasMessageContaining("files[0].path");
        }
    }

    @Test
    void rejectsAnEmptyManifest() {
        assertThatThrownBy(() -> new DatasetManifest(List.of()).validate()).isInstanceOf(SlipwayException.class)
                .hasMessageContaining("at least one file");
    }
}
