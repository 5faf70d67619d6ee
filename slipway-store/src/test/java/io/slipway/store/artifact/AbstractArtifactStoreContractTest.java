package io.slipway.store.artifact;

import io.slipway.store.testing.TestStreams;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.artifacts.ArtifactPath;
import io.slipway.core.artifacts.ArtifactStore;
import io.slipway.core.artifacts.FileInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ArtifactStore} promises, written once; a subclass per backend supplies the
 * store and checks that a failed write left nothing behind in the backend's own terms.
 */
abstract class AbstractArtifactStoreContractTest {
    protected ArtifactStore store;

    /** A new, empty store. */
    protected abstract ArtifactStore createStore() throws Exception;

    /** Fails when a failed write left something behind that readers cannot see (staging files, open uploads). */
    protected abstract void assertNoLeftoversOfFailedWrites() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    @Test
    void readsBackWhatWasWrittenWithKnownLength() throws IOException {
        store.write(path("1/abc/artifacts/model.json"), content("{\"w\": 1}"), 8);

        assertThat(read("1/abc/artifacts/model.json")).isEqualTo("{\"w\": 1}");
    }

    @Test
    void readsBackWhatWasWrittenWithUnknownLength() throws IOException {
        store.write(path("1/abc/artifacts/model.json"), content("{\"w\": 2}"), -1);

        assertThat(read("1/abc/artifacts/model.json")).isEqualTo("{\"w\": 2}");
    }

    @Test
    void overwriteReplacesTheContent() throws IOException {
        write("a/b.txt", "the first, longer version");
        write("a/b.txt", "second");

        assertThat(read("a/b.txt")).isEqualTo("second");
        assertThat(store.stat(path("a/b.txt"))).contains(new FileInfo("a/b.txt", false, 6L));
    }

    @Test
    void moveTakesTheFileToItsNewPathReplacingWhatWasThere() throws IOException {
        write("staging/x1", "the new content");
        write("blobs/ab/cd", "old");

        store.move(path("staging/x1"), path("blobs/ab/cd"));
        store.move(path("blobs/ab/cd"), path("blobs/ef/gh"));

        assertThat(read("blobs/ef/gh")).isEqualTo("the new content");
        assertNothingAt("staging/x1");
        assertNothingAt("blobs/ab/cd");
    }

    @Test
    void moveOfNothingFailsAndChangesNothing() throws IOException {
        write("blobs/ab/cd", "kept");

        assertThatThrownBy(() -> store.move(path("staging/missing"), path("blobs/ab/cd"))).isInstanceOf(NoSuchFileException.class);
        assertThat(read("blobs/ab/cd")).isEqualTo("kept");
    }

    @Test
    void storesEmptyFiles() throws IOException {
        store.write(path("empty-known.txt"), InputStream.nullInputStream(), 0);
        store.write(path("empty-unknown.txt"), InputStream.nullInputStream(), -1);

        assertThat(read("empty-known.txt")).isEmpty();
        assertThat(read("empty-unknown.txt")).isEmpty();
        assertThat(store.stat(path("empty-unknown.txt"))).contains(new FileInfo("empty-unknown.txt", false, 0L));
    }

    @Test
    void listsImmediateChildrenAtEveryLevelSortedByName() throws IOException {
        write("run/artifacts/model/weights.bin", "0123456789");
        write("run/artifacts/model/config.json", "{}");
        write("run/artifacts/metrics.csv", "a,b");
        write("run/artifacts/b-plot/loss.png", "png");
        write("run/artifacts/a.txt", "a");

        assertThat(store.list(ArtifactPath.ROOT)).containsExactly(new FileInfo("run", true, null));
        assertThat(store.list(path("run"))).containsExactly(new FileInfo("artifacts", true, null));
        assertThat(store.list(path("run/artifacts"))).containsExactly(
                new FileInfo("a.txt", false, 1L),
                new FileInfo("b-plot", true, null),
                new FileInfo("metrics.csv", false, 3L),
                new FileInfo("model", true, null));
        assertThat(store.list(path("run/artifacts/model"))).containsExactly(
                new FileInfo("config.json", false, 2L),
                new FileInfo("weights.bin", false, 10L));
    }

    @Test
    void listOfAMissingDirectoryOrAFileIsEmpty() throws IOException {
        write("dir/file.txt", "x");

        assertThat(store.list(path("nowhere"))).isEmpty();
        assertThat(store.list(path("dir/file.txt"))).isEmpty();
    }

    @Test
    void listOfAnEmptyStoreIsEmpty() throws IOException {
        assertThat(store.list(ArtifactPath.ROOT)).isEmpty();
    }

    @Test
    void statTellsFilesFromDirectoriesFromNothing() throws IOException {
        write("dir/sub/file.txt", "12345");

        assertThat(store.stat(path("dir/sub/file.txt"))).contains(new FileInfo("dir/sub/file.txt", false, 5L));
        assertThat(store.stat(path("dir/sub"))).contains(new FileInfo("dir/sub", true, null));
        assertThat(store.stat(path("dir"))).contains(new FileInfo("dir", true, null));
        assertThat(store.stat(path("dir/missing.txt"))).isEmpty();
        assertThat(store.stat(path("di"))).isEmpty();
    }

    @Test
    void theRootIsADirectory() throws IOException {
        assertThat(store.stat(ArtifactPath.ROOT)).contains(new FileInfo("", true, null));
    }

    @Test
    void theRootIsNeitherWrittenNorDeleted() {
        assertThatThrownBy(() -> store.write(ArtifactPath.ROOT, content("x"), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(ArtifactPath.ROOT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readOfADirectoryOrOfNothingIsEmpty() throws IOException {
        write("dir/file.txt", "x");

        assertThat(store.read(path("dir"))).isEmpty();
        assertThat(store.read(path("dir/other.txt"))).isEmpty();
        assertThat(store.read(ArtifactPath.ROOT)).isEmpty();
    }

    @Test
    void deletesAFile() throws IOException {
        write("dir/gone.txt", "x");
        write("dir/kept.txt", "y");

        assertThat(store.delete(path("dir/gone.txt"))).isTrue();

        assertThat(store.stat(path("dir/gone.txt"))).isEmpty();
        assertThat(store.list(path("dir"))).containsExactly(new FileInfo("kept.txt", false, 1L));
    }

    @Test
    void deletesADirectoryWithEverythingBelowIt() throws IOException {
        write("run/artifacts/a.txt", "a");
        write("run/artifacts/deep/er/b.txt", "b");
        write("run/other.txt", "o");

        assertThat(store.delete(path("run/artifacts"))).isTrue();

        assertThat(store.stat(path("run/artifacts"))).isEmpty();
        assertThat(store.read(path("run/artifacts/deep/er/b.txt"))).isEmpty();
        assertThat(store.list(path("run"))).containsExactly(new FileInfo("other.txt", false, 1L));
    }

    @Test
    void deleteOfNothingReturnsFalse() throws IOException {
        write("dir/file.txt", "x");

        assertThat(store.delete(path("dir/missing.txt"))).isFalse();
        assertThat(store.delete(path("missing"))).isFalse();
        assertThat(read("dir/file.txt")).isEqualTo("x");
    }

    @Test
    void failedWriteWithKnownLengthLeavesNothingVisible() throws Exception {
        write("run/kept.txt", "k");
        InputStream dropped = TestStreams.failingAfter(TestStreams.pseudoRandom(1, 1000), 600);

        assertThatThrownBy(() -> store.write(path("run/partial.bin"), dropped, 1000))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("simulated client disconnect");

        assertNothingAt("run/partial.bin");
        // not containsExactly: S3Proxy may list its own temporary file until it notices the dropped request
        assertThat(store.list(path("run"))).contains(new FileInfo("kept.txt", false, 1L))
                .extracting(FileInfo::path).doesNotContain("partial.bin");
        assertNoLeftoversOfFailedWrites();
    }

    @Test
    void failedWriteWithUnknownLengthLeavesNothingVisible() throws Exception {
        InputStream dropped = TestStreams.failingAfter(TestStreams.pseudoRandom(2, 1000), 600);

        assertThatThrownBy(() -> store.write(path("run/partial.bin"), dropped, -1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("simulated client disconnect");

        assertNothingAt("run/partial.bin");
        assertThat(store.list(ArtifactPath.ROOT)).isEmpty();
        assertNoLeftoversOfFailedWrites();
    }

    @Test
    void failedOverwriteKeepsThePreviousContent() throws Exception {
        write("model.bin", "version 1");
        InputStream dropped = TestStreams.failingAfter(TestStreams.pseudoRandom(3, 1000), 10);

        assertThatThrownBy(() -> store.write(path("model.bin"), dropped, -1)).isInstanceOf(IOException.class);

        assertThat(read("model.bin")).isEqualTo("version 1");
        assertNoLeftoversOfFailedWrites();
    }

    @Test
    void contentShorterThanItsAnnouncedLengthIsRejected() throws Exception {
        assertThatThrownBy(() -> store.write(path("short.txt"), content("only this"), 100))
                .isInstanceOf(IOException.class);

        assertNothingAt("short.txt");
        assertNoLeftoversOfFailedWrites();
    }

    @Test
    void namesWithSpacesAndUnicodeWork() throws IOException {
        write("my run/résumé ü 模型/data file.txt", "unicode");
        write("my run/émoji 🚀.txt", "rocket");

        assertThat(read("my run/résumé ü 模型/data file.txt")).isEqualTo("unicode");
        assertThat(store.list(path("my run"))).containsExactly(
                new FileInfo("résumé ü 模型", true, null),
                new FileInfo("émoji 🚀.txt", false, 6L));
        assertThat(store.stat(path("my run/résumé ü 模型"))).contains(new FileInfo("my run/résumé ü 模型", true, null));
        assertThat(store.delete(path("my run/résumé ü 模型"))).isTrue();
        assertThat(store.list(path("my run"))).containsExactly(new FileInfo("émoji 🚀.txt", false, 6L));
    }

    protected static ArtifactPath path(String path) {
        return ArtifactPath.parse(path, "path");
    }

    protected void write(String path, String content) throws IOException {
        byte[] bytes = content.getBytes(UTF_8);
        store.write(path(path), new ByteArrayInputStream(bytes), bytes.length);
    }

    protected String read(String path) throws IOException {
        Optional<InputStream> content = store.read(path(path));
        assertThat(content).as("content of %s", path).isPresent();
        try (InputStream in = content.get()) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    protected void assertNothingAt(String path) throws IOException {
        assertThat(store.stat(path(path))).isEmpty();
        assertThat(store.read(path(path))).isEmpty();
    }

    private static InputStream content(String text) {
        return new ByteArrayInputStream(text.getBytes(UTF_8));
    }
}
