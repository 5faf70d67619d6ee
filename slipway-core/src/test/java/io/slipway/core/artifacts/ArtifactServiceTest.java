package io.slipway.core.artifacts;

import static io.slipway.core.testing.SlipwayAssertions.assertInvalidParameter;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The URI handling of {@link ArtifactService}; its store operations are covered by the server tests. */
class ArtifactServiceTest {
    private static final ArtifactPath RUN_ROOT = ArtifactPath.parse("1/0123456789abcdef0123456789abcdef/artifacts", "path");

    @Test
    void readsPathOfProxyUri() {
        assertThat(ArtifactService.pathOfUri("mlflow-artifacts:/1/0123456789abcdef0123456789abcdef/artifacts")).isEqualTo(RUN_ROOT);
    }

    @Test
    void dropsAuthorityOfProxyUri() {
        assertThat(ArtifactService.pathOfUri("mlflow-artifacts://tracking.example:5000/1/0123456789abcdef0123456789abcdef/artifacts"))
                .isEqualTo(RUN_ROOT);
    }

    @Test
    void readsPathWithoutLeadingSlash() {
        assertThat(ArtifactService.pathOfUri("mlflow-artifacts:1/0123456789abcdef0123456789abcdef/artifacts")).isEqualTo(RUN_ROOT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlflow-artifacts:", "mlflow-artifacts:/", "mlflow-artifacts://host:5000", "mlflow-artifacts://host:5000/"})
    void readsBareSchemeAsStoreRoot(String uri) {
        assertThat(ArtifactService.pathOfUri(uri)).isEqualTo(ArtifactPath.ROOT);
    }

    @Test
    void defaultArtifactRootIsTheStoreRoot() {
        assertThat(ArtifactService.pathOfUri(ArtifactService.DEFAULT_ARTIFACT_ROOT).isRoot()).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"s3://bucket/1/run/artifacts", "file:///tmp/artifacts", "/tmp/artifacts", "mlflow-artifact:/1", "runs:/abc/model"})
    void rejectsOtherSchemes(String uri) {
        assertInvalidParameter(() -> ArtifactService.pathOfUri(uri))
                .hasMessageContaining("is not served by this server: only 'mlflow-artifacts:/' URIs are proxied");
    }

    @Test
    void rejectsProxyUriEscapingTheRoot() {
        assertInvalidParameter(() -> ArtifactService.pathOfUri("mlflow-artifacts:/1/../../etc"))
                .hasMessageContaining("for 'artifact_uri'");
    }
}
