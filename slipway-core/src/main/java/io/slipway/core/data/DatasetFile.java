package io.slipway.core.data;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import java.util.regex.Pattern;

/**
 * One file of a dataset version: its path inside the dataset (relative, POSIX separators), the
 * SHA-256 of its bytes (which is also where the blob store keeps it) and its size.
 */
public record DatasetFile(String path, String sha256, long size) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    public static final int MAX_PATH_LENGTH = 1024;

    public DatasetFile {
        requireNonNull(path, "path is null");
        requireNonNull(sha256, "sha256 is null");
    }

    /** Checks a file entry sent by a client; {@code field} names it in errors (e.g. {@code files[3]}). */
    public void validate(String field) {
        validatePath(path, field + ".path");
        if (!SHA256.matcher(sha256).matches()) {
            throw SlipwayException.invalidParameter("Invalid value '%s' for parameter '%s.sha256': 64 lower-case hexadecimal characters.",
                    abbreviate(sha256), field);
        }
        if (size < 0) {
            throw SlipwayException.invalidParameter("Invalid value %d for parameter '%s.size': it cannot be negative.", size, field);
        }
    }

    /**
     * Checks that {@code path} means the same on every OS: relative, {@code /}-separated, no empty,
     * {@code .} or {@code ..} segments, no backslashes or control characters (line breaks included,
     * which would break the manifest's line format). {@code field} names it in errors.
     */
    public static void validatePath(String path, String field) {
        if (path.isEmpty()) {
            throw SlipwayException.missingParameter(field);
        }
        if (path.length() > MAX_PATH_LENGTH || path.startsWith("/") || path.endsWith("/") || path.contains("\\")
                || path.contains("//") || path.chars().anyMatch(c -> c < 0x20)) {
            throw SlipwayException.invalidParameter("Invalid value '%s' for parameter '%s': a relative path with '/' separators,"
                    + " no empty segments or control characters, at most %d characters.", abbreviate(path), field, MAX_PATH_LENGTH);
        }
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw SlipwayException.invalidParameter("Invalid value '%s' for parameter '%s': '.' and '..' segments are not allowed.",
                        abbreviate(path), field);
            }
        }
    }

    public static boolean isSha256(String value) {
        return value != null && SHA256.matcher(value).matches();
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
