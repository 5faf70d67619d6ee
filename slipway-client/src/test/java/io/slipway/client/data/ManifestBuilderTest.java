package io.slipway.client.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.data.DatasetFile;
import io.slipway.core.data.DatasetManifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestBuilderTest {
    @TempDir
    Path tmp;

    private Path data;
    private HashCache cache;
    private ManifestBuilder builder;

    @BeforeEach
    void openCache() throws IOException {
        data = Files.createDirectory(tmp.resolve("data"));
        cache = HashCache.open(tmp.resolve("cache").resolve(HashCache.FILE_NAME));
        builder = new ManifestBuilder(cache, 2);
    }

    @AfterEach
    void closeCache() throws IOException {
        cache.close();
    }

    /** Counts the files actually read and hashed, i.e. not taken from the cache. */
    private static final class HashedFiles implements ManifestBuilder.Progress {
        final List<String> paths = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void fileHashed(String path, long size) {
            paths.add(path);
        }
    }

    private void writeSampleTree() throws IOException {
        DataFixtures.write(data, "train/b.csv", "1,2\n");
        DataFixtures.write(data, "train/a.csv", "3,4\n");
        DataFixtures.write(data, "README", "sample\n");
        DataFixtures.write(data, ".hidden/x", "x");
    }

    @Test
    void listsEveryFileByRelativePosixPathInPathOrder() throws IOException {
        writeSampleTree();

        DatasetManifest manifest = builder.build(data);

        assertThat(manifest.files()).extracting(DatasetFile::path).containsExactly(".hidden/x", "README", "train/a.csv", "train/b.csv");
        assertThat(manifest.files().get(2)).isEqualTo(new DatasetFile("train/a.csv", DataFixtures.sha256Hex("3,4\n".getBytes()), 4));
        assertThat(manifest.totalSize()).isEqualTo(1 + 7 + 4 + 4);
    }

    @Test
    void namesASingleFileByItsFileName() throws IOException {
        Path file = DataFixtures.write(data, "train/a.csv", "3,4\n");

        DatasetManifest manifest = builder.build(file);

        assertThat(manifest.files()).containsExactly(new DatasetFile("a.csv", DataFixtures.sha256Hex("3,4\n".getBytes()), 4));
    }

    @Test
    void buildsTheSameManifestWhateverTheThreadsOrCache() throws IOException {
        writeSampleTree();
        for (int i = 0; i < 50; i++) {
            DataFixtures.write(data, "many/f" + i, DataFixtures.randomBytes(i * 1000, i));
        }
        DatasetManifest first = builder.build(data);

        try (HashCache other = HashCache.open(tmp.resolve("other.db"))) {
            DatasetManifest singleThreaded = new ManifestBuilder(other, 1).build(data);
            assertThat(singleThreaded).isEqualTo(first);
        }
        assertThat(builder.build(data)).isEqualTo(first);
    }

    @Test
    void aDelegateHashesTheFilesItTakesBiggestFirstAndTheyAreCachedAndNotReadHere() throws IOException {
        writeSampleTree();
        List<String> offered = new ArrayList<>();
        String readme = DataFixtures.sha256Hex("sample\n".getBytes());
        ManifestBuilder.Delegate takesTheReadme = (files, progress, hashed) -> {
            files.forEach(file -> offered.add(file.name()));
            hashed.accept(files.get(0), readme);
        };
        HashedFiles readHere = new HashedFiles();

        DatasetManifest manifest = builder.build(data, readHere, takesTheReadme);

        assertThat(offered.get(0)).isEqualTo("README");
        assertThat(offered).containsExactlyInAnyOrder("README", "train/a.csv", "train/b.csv", ".hidden/x");
        assertThat(readHere.paths).containsExactlyInAnyOrder("train/a.csv", "train/b.csv", ".hidden/x");
        assertThat(manifest).isEqualTo(builder.build(data));
        assertThat(cache.lookup(List.of(FileState.read(data.resolve("README"))))).containsValue(readme);
    }

    @Test
    void whatADelegateHashedBeforeFailingStaysCached() throws IOException {
        writeSampleTree();
        ManifestBuilder.Delegate failsAfterOne = (files, progress, hashed) -> {
            hashed.accept(files.get(0), DataFixtures.sha256Hex("sample\n".getBytes()));
            throw new IOException("the connection dropped");
        };

        assertThatThrownBy(() -> builder.build(data, ManifestBuilder.Progress.NONE, failsAfterOne)).hasMessage("the connection dropped");
        assertThat(cache.lookup(List.of(FileState.read(data.resolve("README"))))).hasSize(1);
    }

    @Test
    void digestChangesWithOneByteOfContent() throws IOException {
        writeSampleTree();
        String before = builder.build(data).digest();

        Files.writeString(data.resolve("train/a.csv"), "3,5\n");

        assertThat(builder.build(data).digest()).isNotEqualTo(before);
    }

    @Test
    void digestChangesWithOneName() throws IOException {
        writeSampleTree();
        String before = builder.build(data).digest();

        Files.move(data.resolve("README"), data.resolve("README.md"));

        assertThat(builder.build(data).digest()).isNotEqualTo(before);
    }

    @Test
    void digestIgnoresMtime() throws IOException {
        writeSampleTree();
        String before = builder.build(data).digest();

        Files.setLastModifiedTime(data.resolve("README"), FileTime.from(Instant.now().minus(3, ChronoUnit.DAYS)));

        assertThat(builder.build(data).digest()).isEqualTo(before);
    }

    @Test
    void takesUnchangedFilesFromTheCache() throws IOException {
        writeSampleTree();
        HashedFiles cold = new HashedFiles();
        DatasetManifest first = builder.build(data, cold);

        HashedFiles warm = new HashedFiles();
        DatasetManifest second = builder.build(data, warm);

        assertThat(cold.paths).hasSize(4);
        assertThat(warm.paths).isEmpty();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void rehashesATouchedFile() throws IOException {
        writeSampleTree();
        builder.build(data);

        Files.setLastModifiedTime(data.resolve("README"), FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
        HashedFiles hashed = new HashedFiles();
        builder.build(data, hashed);

        assertThat(hashed.paths).containsExactly("README");
    }

    @Test
    void rehashesASameSizeRewriteInPlace() throws IOException {
        writeSampleTree();
        builder.build(data);

        Files.writeString(data.resolve("train/a.csv"), "9,9\n");
        HashedFiles hashed = new HashedFiles();
        DatasetManifest manifest = builder.build(data, hashed);

        assertThat(hashed.paths).containsExactly("train/a.csv");
        assertThat(manifest.files().get(2).sha256()).isEqualTo(DataFixtures.sha256Hex("9,9\n".getBytes()));
    }

    @Test
    void rehashesAFileReplacedByAnotherWithTheSameSizeAndMtime() throws IOException {
        writeSampleTree();
        builder.build(data);

        Path replacement = DataFixtures.write(tmp, "replacement", "9,9\n");
        Files.move(replacement, data.resolve("train/a.csv"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        HashedFiles hashed = new HashedFiles();
        DatasetManifest manifest = builder.build(data, hashed);

        assertThat(hashed.paths).containsExactly("train/a.csv");
        assertThat(manifest.files().get(2).sha256()).isEqualTo(DataFixtures.sha256Hex("9,9\n".getBytes()));
    }

    @Test
    void doesNotCacheAFileModifiedJustBeforeTheBuild() throws IOException {
        writeSampleTree();
        Files.writeString(data.resolve("README"), "fresh\n");
        builder.build(data);

        HashedFiles hashed = new HashedFiles();
        builder.build(data, hashed);

        assertThat(hashed.paths).containsExactly("README");
    }

    @Test
    void reportsThePlanAndEveryByteHashed() throws IOException {
        writeSampleTree();
        long[] plannedAndHashed = new long[2];
        builder.build(data, new ManifestBuilder.Progress() {
            @Override
            public void planned(int files, long bytes, int filesToHash, long bytesToHash) {
                plannedAndHashed[0] = bytesToHash;
            }

            @Override
            public synchronized void bytesHashed(long bytes) {
                plannedAndHashed[1] += bytes;
            }
        });

        assertThat(plannedAndHashed).containsExactly(16, 16);
    }

    @Test
    void rejectsAMissingPathByName() {
        Path missing = data.resolve("nope");

        assertThatThrownBy(() -> builder.build(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data path does not exist: " + missing);
    }

    @Test
    void rejectsADirectoryWithoutFiles() throws IOException {
        Files.createDirectories(data.resolve("only/empty/dirs"));

        assertThatThrownBy(() -> builder.build(data)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data directory has no files: " + data);
    }

    @Test
    void rejectsALinkInsideTheDirectory() throws IOException {
        writeSampleTree();
        Path link = Files.createSymbolicLink(data.resolve("link.csv"), data.resolve("README"));

        assertThatThrownBy(() -> builder.build(data)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("symbolic link").hasMessageEndingWith(link.toRealPath(LinkOption.NOFOLLOW_LINKS).toString());
    }

    @Test
    void followsALinkGivenAsThePath() throws IOException {
        writeSampleTree();
        Path link = Files.createSymbolicLink(tmp.resolve("current"), data);

        assertThat(builder.build(link)).isEqualTo(builder.build(data));
    }

    @Test
    void rejectsAFileNameWithALineBreakBeforeHashing() throws IOException {
        writeSampleTree();
        DataFixtures.write(data, "bad\nname.csv", "x");
        HashedFiles hashed = new HashedFiles();

        assertThatThrownBy(() -> builder.build(data, hashed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot version");
        assertThat(hashed.paths).isEmpty();
    }
}
