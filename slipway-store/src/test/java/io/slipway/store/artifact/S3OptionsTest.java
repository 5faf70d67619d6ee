package io.slipway.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3OptionsTest {
    @Test
    void usesPathStyleAccessWhenTheEndpointIsOverridden() {
        assertThat(S3Options.builder().region("r").build().pathStyleAccess()).isFalse();
        assertThat(S3Options.builder().region("r").endpoint(URI.create("http://minio:9000")).build().pathStyleAccess()).isTrue();
        assertThat(S3Options.builder().region("r").endpoint(URI.create("https://s3.example.com")).pathStyleAccess(false).build()
                .pathStyleAccess()).isFalse();
    }

    @Test
    void takesTheRegionFromTheEnvironmentElseUsEast1() {
        assertThat(S3Options.regionFrom(Map.of("AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "us-west-2"))).isEqualTo("eu-west-1");
        assertThat(S3Options.regionFrom(Map.of("AWS_DEFAULT_REGION", "us-west-2"))).isEqualTo("us-west-2");
        assertThat(S3Options.regionFrom(Map.of())).isEqualTo("us-east-1");
        assertThat(S3Options.builder().region("ap-south-1").build().region()).isEqualTo("ap-south-1");
    }

    @Test
    void usesTheDefaultCredentialChainUnlessAKeyPairIsGiven() {
        assertThat(S3Options.builder().region("r").build().hasStaticCredentials()).isFalse();
        assertThat(S3Options.builder().region("r").credentials("id", "secret").build().hasStaticCredentials()).isTrue();
    }

    @Test
    void doesNotPrintTheSecretKey() {
        assertThat(S3Options.builder().region("r").credentials("id", "very-secret").build().toString())
                .contains("id")
                .doesNotContain("very-secret");
    }

    @Test
    void rejectsPartsSmallerThanS3Allows() {
        assertThat(S3Options.builder().region("r").build().partSize()).isEqualTo(8L * 1024 * 1024);
        assertThatThrownBy(() -> S3Options.builder().region("r").partSize(1024 * 1024).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("part size");
    }

    @Test
    void rejectsAnEndpointThatIsNotAnHttpUrl() {
        assertThatThrownBy(() -> S3Options.builder().region("r").endpoint(URI.create("minio:9000")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minio:9000");
    }
}
