package io.slipway.core.artifacts;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A relative path inside an artifact store, e.g. {@code 1/4f0c…/artifacts/model/model.json}.
 * It can never escape its root: no absolute paths, no {@code .} or {@code ..} segments, no
 * backslashes or control characters. The empty path is the root itself.
 */
public final class ArtifactPath {
    public static final ArtifactPath ROOT = new ArtifactPath(List.of());
    private static final Pattern WINDOWS_DRIVE = Pattern.compile("[A-Za-z]:([/\\\\]|$)");

    private final List<String> segments;

    private ArtifactPath(List<String> segments) {
        this.segments = segments;
    }

    /**
     * Parses a path sent by a client; {@code field} names it in the error. A trailing slash is
     * ignored, everything else that could leave the root is rejected.
     */
    public static ArtifactPath parse(String raw, String field) {
        requireNonNull(field, "field is null");
        if (raw == null || raw.isEmpty()) {
            return ROOT;
        }
        if (raw.startsWith("/") || raw.startsWith("\\") || WINDOWS_DRIVE.matcher(raw).lookingAt()) {
            throw invalid(raw, field, "absolute paths are not allowed");
        }
        String trimmed = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
        List<String> parts = new ArrayList<>();
        for (String segment : trimmed.split("/", -1)) {
            checkSegment(raw, field, segment);
            parts.add(segment);
        }
        return new ArtifactPath(Collections.unmodifiableList(parts));
    }

    private static void checkSegment(String raw, String field, String segment) {
        if (segment.isEmpty()) {
            throw invalid(raw, field, "empty path segments ('//') are not allowed");
        }
        if (segment.equals(".") || segment.equals("..")) {
            throw invalid(raw, field, "'.' and '..' segments are not allowed");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '\\' || c < 0x20 || c == 0x7f) {
                throw invalid(raw, field, "backslashes and control characters are not allowed");
            }
        }
        if (segment.contains("%2e") || segment.contains("%2E") || segment.contains("%2f") || segment.contains("%2F")) {
            throw invalid(raw, field, "encoded '.' or '/' are not allowed");
        }
    }

    private static SlipwayException invalid(String raw, String field, String reason) {
        String shown = raw.length() > 200 ? raw.substring(0, 197) + "..." : raw;
        return SlipwayException.invalidParameter("Invalid path '%s' for '%s': %s.", shown, field, reason);
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    public List<String> segments() {
        return segments;
    }

    public String name() {
        return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
    }

    public ArtifactPath parent() {
        if (segments.isEmpty()) {
            throw new IllegalStateException("the root has no parent");
        }
        return new ArtifactPath(segments.subList(0, segments.size() - 1));
    }

    public ArtifactPath resolve(ArtifactPath child) {
        if (child.isRoot()) {
            return this;
        }
        List<String> joined = new ArrayList<>(segments);
        joined.addAll(child.segments);
        return new ArtifactPath(Collections.unmodifiableList(joined));
    }

    /** Appends one already-valid name (e.g. a directory entry read back from the store). */
    public ArtifactPath child(String name) {
        if (name.indexOf('/') >= 0) {
            throw invalid(name, "name", "a name cannot contain '/'");
        }
        checkSegment(name, "name", name);
        return resolve(new ArtifactPath(List.of(name)));
    }

    public boolean startsWith(ArtifactPath prefix) {
        return segments.size() >= prefix.segments.size() && segments.subList(0, prefix.segments.size()).equals(prefix.segments);
    }

    /** This path relative to {@code base}, which must be a prefix of it. */
    public ArtifactPath relativeTo(ArtifactPath base) {
        if (!startsWith(base)) {
            throw new IllegalArgumentException(this + " is not inside " + base);
        }
        return new ArtifactPath(segments.subList(base.segments.size(), segments.size()));
    }

    @Override
    public String toString() {
        return String.join("/", segments);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArtifactPath other && segments.equals(other.segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }

    static ArtifactPath of(String... segments) {
        return new ArtifactPath(List.copyOf(Arrays.asList(segments)));
    }
}
