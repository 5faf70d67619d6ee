package io.slipway.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.client.data.AddDatasetOptions;
import io.slipway.client.data.AddedDataset;
import io.slipway.client.data.FileDigests;
import io.slipway.client.data.FileState;
import io.slipway.client.data.HashCache;
import io.slipway.client.data.TransferProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code addDataset} against a real server: new big files are streamed (hashed while they
 * upload), and nothing stored is sent again, whichever path a file takes. The stream threshold
 * is 1 KiB here so that the files stay small.
 */
class SlipwayClientAddDatasetTest extends AuthServerTest {
    private static final long THRESHOLD = 1024;
    /** Old enough that the hash cache records the files (outside the racy window). */
    private static final FileTime SETTLED = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));

    @TempDir
    Path local;

    private SlipwayClient client;
    private HashCache cache;

    @BeforeEach
    void connect() throws IOException {
        client = newUser().withStreamThreshold(THRESHOLD);
        cache = HashCache.open(local.resolve("cache").resolve(HashCache.FILE_NAME));
    }

    @AfterEach
    void closeCache() throws IOException {
        cache.close();
    }

    @Test
    void aBigNewFileIsStreamedAndCommittedUnderTheHashOfItsBytes() throws IOException {
        Path file = write("big.bin", random(8192, 1));
        Recorder progress = new Recorder();

        AddedDataset added = add(file, uniqueName("streamed"), progress);

        assertThat(added.version().files().get(0).sha256()).isEqualTo(FileDigests.sha256(file));
        assertThat(added.blobsUploaded()).isEqualTo(1);
        assertThat(added.bytesUploaded()).isEqualTo(8192);
        assertThat(progress.transferPlanned).containsExactly(0L); // nothing left to PUT after the stream
        assertThat(progress.bytesHashed).isEqualTo(8192);
    }

    @Test
    void aStreamedFilesHashIsCachedSoAnotherAddNeitherReadsNorSendsIt() throws IOException {
        Path file = write("big.bin", random(4096, 2));
        add(file, uniqueName("first"), new Recorder());
        assertThat(cache.lookup(List.of(FileState.read(file)))).containsValue(FileDigests.sha256(file));
        Recorder again = new Recorder();

        AddedDataset second = add(file, uniqueName("second"), again);

        assertThat(again.filesToHash).isZero();
        assertThat(second.blobsUploaded()).isZero();
        assertThat(second.bytesUploaded()).isZero();
    }

    @Test
    void theSameContentUnderAnotherNameIsNotUploadedAgain() throws IOException {
        byte[] content = random(4096, 3);
        add(write("v1/data.bin", content), uniqueName("original"), new Recorder());
        Recorder progress = new Recorder();

        AddedDataset copy = add(write("elsewhere/renamed.bin", content), uniqueName("copy"), progress);

        assertThat(copy.blobsUploaded()).isZero();
        assertThat(copy.bytesUploaded()).isZero();
        assertThat(progress.filesToHash).isEqualTo(1); // hashed first: its size is known
    }

    @Test
    void aFileOfAKnownSizeIsHashedFirstAndSentOnlyBecauseItIsMissing() throws IOException {
        add(write("a/one.bin", random(2048, 4)), uniqueName("one"), new Recorder());
        Recorder progress = new Recorder();

        AddedDataset other = add(write("b/two.bin", random(2048, 5)), uniqueName("two"), progress);

        assertThat(progress.transferPlanned).containsExactly(2048L); // the PUT path, after hashing
        assertThat(other.blobsUploaded()).isEqualTo(1);
        assertThat(client.getDatasetVersion(other.version().name(), 1).files().get(0).sha256())
                .isEqualTo(FileDigests.sha256(local.resolve("b/two.bin")));
    }

    @Test
    void newBigFilesOfTheSameSizeAreHashedFirstSoOneContentIsSentOnce() throws IOException {
        byte[] content = random(3000, 6);
        write("twins/a.bin", content);
        write("twins/b.bin", content);
        Recorder progress = new Recorder();

        AddedDataset added = add(local.resolve("twins"), uniqueName("twins"), progress);

        assertThat(progress.transferPlanned).containsExactly(3000L);
        assertThat(added.blobsUploaded()).isEqualTo(1);
        assertThat(added.version().files()).hasSize(2);
    }

    @Test
    void smallFilesAreHashedFirstAsBefore() throws IOException {
        Recorder progress = new Recorder();

        AddedDataset added = add(write("small.csv", "a,b\n1,2\n".getBytes()), uniqueName("small"), progress);

        assertThat(progress.transferPlanned).containsExactly(8L);
        assertThat(added.blobsUploaded()).isEqualTo(1);
    }

    private AddedDataset add(Path path, String name, Recorder progress) throws IOException {
        return client.addDataset(path, name, AddDatasetOptions.NONE, progress, cache);
    }

    private Path write(String relative, byte[] content) throws IOException {
        Path file = local.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Files.setLastModifiedTime(file, SETTLED);
        return file;
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** What an add reported: files it had to hash, bytes hashed (streamed ones included) and the bytes each transfer planned. */
    private static final class Recorder implements TransferProgress {
        int filesToHash;
        long bytesHashed;
        final List<Long> transferPlanned = new ArrayList<>();

        @Override
        public synchronized void planned(int files, long bytes, int filesToHash, long bytesToHash) {
            this.filesToHash = filesToHash;
        }

        @Override
        public synchronized void bytesHashed(long bytes) {
            bytesHashed += bytes;
        }

        @Override
        public synchronized void transferPlanned(int files, long bytes) {
            transferPlanned.add(bytes);
        }
    }
}
