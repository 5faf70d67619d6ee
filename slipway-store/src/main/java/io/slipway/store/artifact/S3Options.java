package io.slipway.store.artifact;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Map;

/**
 * How to reach S3 or an S3-compatible object store (MinIO, Ceph, ...). Built with
 * {@link #builder()}, which fills in the defaults: path-style access whenever an endpoint is
 * overridden, the region from {@code AWS_REGION} / {@code AWS_DEFAULT_REGION} (else
 * {@code us-east-1}), the SDK's default credential chain unless a key pair is given, and
 * multipart parts of 8 MiB.
 *
 * @param endpoint the endpoint override, or null for AWS S3
 * @param accessKey the access key id, or null (with {@code secretKey}) for the default credential chain
 * @param partSize bytes per multipart part; also the largest object written with a single PUT
 */
public record S3Options(URI endpoint, boolean pathStyleAccess, String region, String accessKey, String secretKey, long partSize) {
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    public static final long DEFAULT_PART_SIZE = 8L * 1024 * 1024;
    /** Parts of unknown-length uploads are buffered in memory, so they stay well below S3's 5 GiB. */
    public static final long MAX_PART_SIZE = 1024L * 1024 * 1024;
    static final String DEFAULT_REGION = "us-east-1";

    public S3Options {
        if (endpoint != null && (!endpoint.isAbsolute() || endpoint.getHost() == null
                || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https")))) {
            throw new IllegalArgumentException("The S3 endpoint must be an http:// or https:// URL with a host, not '" + endpoint + "'");
        }
        requireNonNull(region, "region is null");
        if (region.isBlank()) {
            throw new IllegalArgumentException("The S3 region is blank");
        }
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("Give both the S3 access key and secret key, or neither");
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException(String.format(
                    "The S3 part size must be between %d and %d bytes, not %d", MIN_PART_SIZE, MAX_PART_SIZE, partSize));
        }
    }

    public static S3Options defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean hasStaticCredentials() {
        return accessKey != null;
    }

    /** The region named by the environment as the AWS CLI reads it, else {@value #DEFAULT_REGION}. */
    static String regionFrom(Map<String, String> environment) {
        for (String variable : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String region = environment.get(variable);
            if (region != null && !region.isBlank()) {
                return region.trim();
            }
        }
        return DEFAULT_REGION;
    }

    @Override
    public String toString() {
        return "S3Options[endpoint=" + endpoint + ", pathStyleAccess=" + pathStyleAccess + ", region=" + region
                + ", accessKey=" + accessKey + ", secretKey=" + (secretKey == null ? null : "****") + ", partSize=" + partSize + "]";
    }

    public static final class Builder {
        private URI endpoint;
        private Boolean pathStyleAccess;
        private String region;
        private String accessKey;
        private String secretKey;
        private long partSize = DEFAULT_PART_SIZE;

        private Builder() {}

        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder pathStyleAccess(boolean pathStyleAccess) {
            this.pathStyleAccess = pathStyleAccess;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder credentials(String accessKey, String secretKey) {
            this.accessKey = requireNonNull(accessKey, "accessKey is null");
            this.secretKey = requireNonNull(secretKey, "secretKey is null");
            return this;
        }

        public Builder partSize(long partSize) {
            this.partSize = partSize;
            return this;
        }

        public S3Options build() {
            boolean pathStyle = pathStyleAccess != null ? pathStyleAccess : endpoint != null;
            String resolvedRegion = region != null ? region : regionFrom(System.getenv());
            return new S3Options(endpoint, pathStyle, resolvedRegion, accessKey, secretKey, partSize);
        }
    }
}
