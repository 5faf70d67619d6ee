package io.slipway.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactPath;
import org.junit.jupiter.api.Test;

class S3LocationTest {
    @Test
    void parsesABucketAlone() {
        assertThat(S3Location.parse("s3://models")).isEqualTo(new S3Location("models", ""));
        assertThat(S3Location.parse("s3://models/")).isEqualTo(new S3Location("models", ""));
    }

    @Test
    void parsesABucketAndPrefixIgnoringTrailingSlashes() {
        assertThat(S3Location.parse("s3://models/team/a//")).isEqualTo(new S3Location("models", "team/a"));
    }

    @Test
    void rejectsAUriWithoutBucketNamingIt() {
        assertThatThrownBy(() -> S3Location.parse("s3://"))
                .isInstanceOfSatisfying(SlipwayException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageContaining("'s3://'")
                .hasMessageContaining("no bucket");
    }

    @Test
    void rejectsEmptyPrefixSegments() {
        assertThatThrownBy(() -> S3Location.parse("s3://models/a//b"))
                .isInstanceOf(SlipwayException.class)
                .hasMessageContaining("'s3://models/a//b'");
    }

    @Test
    void rejectsOtherSchemes() {
        assertThatThrownBy(() -> S3Location.parse("gs://models")).hasMessageContaining("'gs://models'");
    }

    @Test
    void keysArePrefixedWithOneSlash() {
        ArtifactPath path = ArtifactPath.parse("1/run/artifacts/m.json", "path");

        assertThat(new S3Location("b", "team").key(path)).isEqualTo("team/1/run/artifacts/m.json");
        assertThat(new S3Location("b", "").key(path)).isEqualTo("1/run/artifacts/m.json");
        assertThat(new S3Location("b", "team").directoryPrefix(ArtifactPath.ROOT)).isEqualTo("team/");
        assertThat(new S3Location("b", "").directoryPrefix(ArtifactPath.ROOT)).isEmpty();
    }

    @Test
    void printsAsAnS3Uri() {
        assertThat(S3Location.parse("s3://models/team/")).hasToString("s3://models/team");
        assertThat(S3Location.parse("s3://models")).hasToString("s3://models");
    }
}
