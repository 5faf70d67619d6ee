package io.slipway.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactPath;
import io.slipway.core.artifacts.ArtifactStore;
import io.slipway.core.artifacts.FileInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalArtifactStoreTest extends AbstractArtifactStoreContractTest {
    @TempDir
    Path root;

    @Override
    protected ArtifactStore createStore() {
        return new LocalArtifactStore(root);
    }

    @Override
    protected void assertNoLeftoversOfFailedWrites() throws IOException {
        try (var staged = Files.list(staging())) {
            assertThat(staged).isEmpty();
        }
    }

    @Test
    void aBigWriteOfKnownLengthReadsBackExactlyWhateverItsLastBlock() throws IOException {
        byte[] content = new byte[(int) LocalArtifactStore.DIRECT_MIN_BYTES * 2 + 12_345];
        new java.util.Random(7).nextBytes(content);

        store.write(ArtifactPath.parse("big/blob", "path"), new ByteArrayInputStream(content), content.length);

        assertThat(Files.readAllBytes(root.resolve("big/blob"))).isEqualTo(content);
        assertNoLeftoversOfFailedWrites();
    }

    @Test
    void aBigWriteThatEndsShortOfItsLengthLeavesNothing() throws IOException {
        byte[] content = new byte[(int) LocalArtifactStore.DIRECT_MIN_BYTES + 1];

        assertThatThrownBy(() -> store.write(ArtifactPath.parse("big/short", "path"), new ByteArrayInputStream(content),
                content.length + 4096L)).isInstanceOf(IOException.class).hasMessageContaining("ended after");
        assertThat(root.resolve("big/short")).doesNotExist();
        assertNoLeftoversOfFailedWrites();
    }

    @Test
    void keepsFilesAtTheirPathBelowTheRoot() throws IOException {
        write("1/abc/artifacts/model.json", "{}");

        assertThat(root.resolve("1/abc/artifacts/model.json")).hasContent("{}");
    }

    @Test
    void removesUploadsInterruptedByACrashAtStartUp() throws IOException {
        Path stale = Files.writeString(staging().resolve("0b7e2c1e.part"), "half an upload");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        try (ArtifactStore restarted = new LocalArtifactStore(root)) {
            assertThat(stale).doesNotExist();
            assertThat(restarted.list(ArtifactPath.ROOT)).isEmpty();
        }
    }

    @Test
    void keepsYoungStagingFilesThatAnotherServerMayBeWriting() throws IOException {
        Path inFlight = Files.writeString(staging().resolve("5d1f0a2b.part"), "an upload in progress elsewhere");

        try (ArtifactStore another = new LocalArtifactStore(root)) {
            assertThat(inFlight).exists();
            assertThat(another.list(ArtifactPath.ROOT)).isEmpty();
        }
    }

    @Test
    void hidesAndReservesItsStagingDirectory() throws IOException {
        write("a.txt", "a");

        assertThat(staging()).isDirectory();
        assertThat(store.list(ArtifactPath.ROOT)).containsExactly(new FileInfo("a.txt", false, 1L));
        assertThat(store.stat(path(LocalArtifactStore.STAGING_DIRECTORY))).isEmpty();
        assertThatThrownBy(() -> store.write(path(LocalArtifactStore.STAGING_DIRECTORY + "/x.part"),
                new ByteArrayInputStream(new byte[1]), 1))
                .isInstanceOfSatisfying(SlipwayException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }

    @Test
    void leavesOutEntriesThatNoArtifactPathCanName() throws IOException {
        Files.writeString(root.resolve("back\\slash.txt"), "put there by hand");
        write("ok.txt", "ok");

        assertThat(store.list(ArtifactPath.ROOT)).containsExactly(new FileInfo("ok.txt", false, 2L));
    }

    @Test
    void describesItselfByTheFileUriOfItsRoot() {
        assertThat(store.describe()).isEqualTo(root.toAbsolutePath().toUri().toString()).startsWith("file:/");
    }

    private Path staging() {
        return root.resolve(LocalArtifactStore.STAGING_DIRECTORY);
    }
}
