package io.slipway.store.artifact;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactPath;

/**
 * Where an {@link S3ArtifactStore} keeps its objects: a bucket and a key prefix without leading
 * or trailing slashes (empty for the whole bucket). The artifact {@code a/b.txt} is the key
 * {@code prefix/a/b.txt}.
 */
public record S3Location(String bucket, String prefix) {
    private static final String SCHEME = "s3://";

    public S3Location {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(prefix, "prefix is null");
        if (bucket.isEmpty() || bucket.contains("/")) {
            throw new IllegalArgumentException("Invalid bucket name '" + bucket + "'");
        }
        if (prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")) {
            throw new IllegalArgumentException("Invalid key prefix '" + prefix + "': no leading, trailing or double slashes");
        }
    }

    /** Parses {@code s3://bucket} or {@code s3://bucket/some/prefix} (a trailing slash is ignored). */
    public static S3Location parse(String uri) {
        requireNonNull(uri, "uri is null");
        if (!uri.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw invalid(uri, "it does not start with s3://");
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (bucket.isEmpty()) {
            throw invalid(uri, "it names no bucket");
        }
        if (prefix.startsWith("/") || prefix.contains("//")) {
            throw invalid(uri, "the key prefix has an empty segment ('//')");
        }
        if (bucket.contains("?") || bucket.contains("#") || prefix.contains("?") || prefix.contains("#")) {
            throw invalid(uri, "query strings and fragments are not allowed");
        }
        return new S3Location(bucket, prefix);
    }

    private static SlipwayException invalid(String uri, String reason) {
        return SlipwayException.invalidParameter(
                "Invalid S3 location '%s': %s. Expected s3://bucket or s3://bucket/prefix.", uri, reason);
    }

    /** The key of the object at {@code path}. */
    String key(ArtifactPath path) {
        if (path.isRoot()) {
            throw new IllegalArgumentException("The root of the artifact store is not an object.");
        }
        return prefix.isEmpty() ? path.toString() : prefix + "/" + path;
    }

    /** The key prefix shared by everything below {@code directory}, ending in a slash (or empty). */
    String directoryPrefix(ArtifactPath directory) {
        if (directory.isRoot()) {
            return prefix.isEmpty() ? "" : prefix + "/";
        }
        return key(directory) + "/";
    }

    @Override
    public String toString() {
        return prefix.isEmpty() ? SCHEME + bucket : SCHEME + bucket + "/" + prefix;
    }
}
