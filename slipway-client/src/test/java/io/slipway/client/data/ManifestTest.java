package io.slipway.client.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @Test
    void sortsEntriesAndCountsThem() {
        Manifest manifest = Manifest.of(List.of(new Manifest.Entry("z.csv", A, 3), new Manifest.Entry("a/b.csv", B, 4)));

        assertThat(manifest.entries()).extracting(Manifest.Entry::path).containsExactly("a/b.csv", "z.csv");
        assertThat(manifest.totalSize()).isEqualTo(7);
        assertThat(manifest.fileCount()).isEqualTo(2);
    }

    @Test
    void ordersPathsByUtf8BytesNotUtf16Units() {
        String privateUse = "\uE000.txt";
        String emoji = "\uD83D\uDE00.txt";

        Manifest manifest = Manifest.of(List.of(new Manifest.Entry(emoji, A, 1), new Manifest.Entry(privateUse, A, 1)));

        assertThat(manifest.entries()).extracting(Manifest.Entry::path).containsExactly(privateUse, emoji);
    }

    @Test
    void digestIsTheSha256OfTheCanonicalLines() {
        Manifest manifest = Manifest.of(List.of(new Manifest.Entry("b.csv", B, 10), new Manifest.Entry("a.csv", A, 4)));

        assertThat(manifest.canonicalText()).isEqualTo(A + " 4 a.csv\n" + B + " 10 b.csv\n");
        assertThat(manifest.digest()).isEqualTo(DataFixtures.sha256Hex(manifest.canonicalText().getBytes(UTF_8)));
    }

    @Test
    void rejectsUnsortedOrDuplicatePaths() {
        List<Manifest.Entry> duplicates = List.of(new Manifest.Entry("a", A, 1), new Manifest.Entry("a", B, 1));

        assertThatThrownBy(() -> new Manifest(duplicates, 2, 2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sorted");
    }

    @Test
    void rejectsPathsThatAreNotPortableRelativePosixPaths() {
        for (String path : List.of("", "/abs", "a/../b", "./a", "a//b", "dir/", "a\\b", "line\nbreak")) {
            assertThatThrownBy(() -> new Manifest.Entry(path, A, 1)).as(path).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void rejectsAnEmptyManifest() {
        assertThatThrownBy(() -> Manifest.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
