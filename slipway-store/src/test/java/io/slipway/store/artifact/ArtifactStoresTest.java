package io.slipway.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactStore;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoresTest {
    private static final S3Options S3 = S3Options.builder()
            .endpoint(URI.create("http://127.0.0.1:9"))
            .region("eu-west-1")
            .credentials("key", "secret")
            .build();

    @TempDir
    Path directory;

    @Test
    void opensALocalStoreForAPlainPath() throws Exception {
        try (ArtifactStore store = ArtifactStores.open(directory.resolve("artifacts").toString(), S3)) {
            assertThat(store).isInstanceOf(LocalArtifactStore.class);
            assertThat(store.describe()).isEqualTo(directory.resolve("artifacts").toUri().toString());
        }
    }

    @Test
    void opensALocalStoreForAFileUri() throws Exception {
        String uri = "file://" + directory.resolve("artifacts");

        try (ArtifactStore store = ArtifactStores.open(uri, S3)) {
            assertThat(store).isInstanceOf(LocalArtifactStore.class);
            assertThat(store.describe()).isEqualTo(uri + "/");
        }
    }

    @Test
    void opensAnS3StoreForAnS3Uri() throws Exception {
        try (ArtifactStore store = ArtifactStores.open("s3://models/team-a/", S3)) {
            assertThat(store).isInstanceOf(S3ArtifactStore.class);
            assertThat(store.describe()).isEqualTo("s3://models/team-a");
        }
    }

    @Test
    void rejectsOtherSchemesNamingTheSupportedForms() {
        assertThatThrownBy(() -> ArtifactStores.open("gs://bucket/prefix", S3))
                .isInstanceOfSatisfying(SlipwayException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageContaining("'gs://bucket/prefix'")
                .hasMessageContaining("s3://bucket/prefix")
                .hasMessageContaining("file:///");
    }

    @Test
    void rejectsAnS3UriWithoutBucket() {
        assertThatThrownBy(() -> ArtifactStores.open("s3:///prefix", S3))
                .isInstanceOfSatisfying(SlipwayException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageContaining("'s3:///prefix'")
                .hasMessageContaining("no bucket");
    }
}
