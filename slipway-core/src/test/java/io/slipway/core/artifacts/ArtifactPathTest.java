package io.slipway.core.artifacts;

import static io.slipway.core.testing.SlipwayAssertions.assertInvalidParameter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactPathTest {
    private static ArtifactPath path(String raw) {
        return ArtifactPath.parse(raw, "path");
    }

    @Nested
    class Parsing {
        @Test
        void splitsNestedPathIntoSegments() {
            ArtifactPath path = path("1/abc/artifacts/model/model.json");
            assertThat(path.segments()).containsExactly("1", "abc", "artifacts", "model", "model.json");
            assertThat(path).hasToString("1/abc/artifacts/model/model.json");
        }

        @Test
        void ignoresTrailingSlash() {
            assertThat(path("model/weights/")).isEqualTo(path("model/weights"));
        }

        @ParameterizedTest
        @NullAndEmptySource
        void readsMissingPathAsRoot(String raw) {
            assertThat(path(raw)).isEqualTo(ArtifactPath.ROOT);
            assertThat(path(raw).isRoot()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"read me.txt", "model.v1..bak", "...", "données/été.csv", "a%20b", "100%"})
        void acceptsOrdinaryNames(String raw) {
            assertThat(path(raw)).hasToString(raw);
        }

        @ParameterizedTest
        @ValueSource(strings = {"/etc/passwd", "/", "\\share\\x", "C:/Windows", "c:"})
        void rejectsAbsolutePaths(String raw) {
            assertInvalidParameter(() -> path(raw)).hasMessageContaining("absolute paths are not allowed");
        }

        @ParameterizedTest
        @ValueSource(strings = {"..", "../x", "a/../b", "a/..", ".", "./a", "a/./b", "a/."})
        void rejectsDotSegments(String raw) {
            assertInvalidParameter(() -> path(raw)).hasMessageContaining("'.' and '..' segments are not allowed");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a//b", "a//", "a/b//"})
        void rejectsEmptySegments(String raw) {
            assertInvalidParameter(() -> path(raw)).hasMessageContaining("empty path segments ('//') are not allowed");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a\\b", "a\\..\\b", "a\u0000b", "line\nbreak", "tab\there", "del\u007f"})
        void rejectsBackslashesAndControlCharacters(String raw) {
            assertInvalidParameter(() -> path(raw)).hasMessageContaining("backslashes and control characters are not allowed");
        }

        @ParameterizedTest
        @ValueSource(strings = {"%2e%2e/x", "%2E%2E", "a%2fb", "a%2Fb", "x/%2e"})
        void rejectsEncodedDotsAndSlashes(String raw) {
            assertInvalidParameter(() -> path(raw)).hasMessageContaining("encoded '.' or '/' are not allowed");
        }

        @Test
        void namesFieldAndPathInError() {
            assertInvalidParameter(() -> ArtifactPath.parse("../x", "artifact_uri"))
                    .hasMessageStartingWith("Invalid path '../x' for 'artifact_uri'");
        }

        @Test
        void abbreviatesVeryLongPathInError() {
            assertInvalidParameter(() -> path("a/".repeat(150) + ".."))
                    .hasMessageContaining("...'")
                    .hasMessageNotContaining("a/".repeat(100));
        }

        @Test
        void exposesUnmodifiableSegments() {
            assertThatThrownBy(() -> path("a/b").segments().add("c")).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class Navigation {
        @Test
        void resolvesChildPath() {
            assertThat(path("1/run/artifacts").resolve(path("model/w.bin"))).isEqualTo(path("1/run/artifacts/model/w.bin"));
        }

        @Test
        void resolvingRootGivesSamePath() {
            assertThat(path("a/b").resolve(ArtifactPath.ROOT)).isEqualTo(path("a/b"));
            assertThat(ArtifactPath.ROOT.resolve(path("a/b"))).isEqualTo(path("a/b"));
        }

        @Test
        void relativisesAgainstPrefix() {
            assertThat(path("1/run/artifacts/model/w.bin").relativeTo(path("1/run/artifacts"))).isEqualTo(path("model/w.bin"));
        }

        @Test
        void relativeToItselfIsRoot() {
            assertThat(path("a/b").relativeTo(path("a/b")).isRoot()).isTrue();
        }

        @Test
        void refusesToRelativiseAgainstNonPrefix() {
            assertThatThrownBy(() -> path("a/b").relativeTo(path("c"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a/b is not inside c");
        }

        @Test
        void startsWithWholeSegmentsOnly() {
            assertThat(path("ab/c").startsWith(path("a"))).isFalse();
            assertThat(path("a/b/c").startsWith(path("a/b"))).isTrue();
            assertThat(path("a/b").startsWith(ArtifactPath.ROOT)).isTrue();
            assertThat(path("a").startsWith(path("a/b"))).isFalse();
        }

        @Test
        void parentDropsLastSegment() {
            assertThat(path("a/b/c").parent()).isEqualTo(path("a/b"));
            assertThat(path("a").parent()).isEqualTo(ArtifactPath.ROOT);
        }

        @Test
        void rootHasNoParent() {
            assertThatThrownBy(ArtifactPath.ROOT::parent).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void nameIsLastSegment() {
            assertThat(path("model/weights/w.bin").name()).isEqualTo("w.bin");
            assertThat(ArtifactPath.ROOT.name()).isEmpty();
        }

        @Test
        void childAppendsOneName() {
            assertThat(path("model").child("w.bin")).isEqualTo(path("model/w.bin"));
            assertThat(ArtifactPath.ROOT.child("w.bin")).isEqualTo(path("w.bin"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", ".", "..", "a\\b", "%2e%2e"})
        void childRejectsInvalidName(String name) {
            assertInvalidParameter(() -> path("model").child(name)).hasMessageContaining("for 'name'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a/b", "../../etc", "/abs", "a/"})
        void childRejectsNameContainingSlash(String name) {
            assertInvalidParameter(() -> path("model").child(name)).hasMessageContaining("for 'name'");
        }
    }

    @Nested
    class Equality {
        @Test
        void equalPathsAreEqualAndHashAlike() {
            assertThat(path("a/b")).isEqualTo(path("a/b/")).hasSameHashCodeAs(path("a/b/"));
        }

        @Test
        void differentPathsAreUnequal() {
            assertThat(path("a/b")).isNotEqualTo(path("a/c")).isNotEqualTo(path("a")).isNotEqualTo("a/b");
        }

        @Test
        void builtPathEqualsParsedPath() {
            assertThat(path("a").resolve(path("b"))).isEqualTo(path("a/b")).hasSameHashCodeAs(path("a/b"));
        }
    }
}
