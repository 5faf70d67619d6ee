package io.slipway.store.artifact;

import static java.util.Objects.requireNonNull;

import io.slipway.core.artifacts.ArtifactPath;
import io.slipway.core.artifacts.ArtifactStore;
import io.slipway.core.artifacts.FileInfo;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Artifacts as objects in an S3 bucket below a key prefix; directories are key prefixes.
 * Writes are streamed and atomic: small ones are a single PUT, larger ones a multipart upload
 * that becomes visible only when completed and is aborted on any failure. Memory per write is
 * at most one part, and only when the length is unknown.
 */
public final class S3ArtifactStore implements ArtifactStore {
    /** S3 allows at most this many parts in one multipart upload. */
    static final int MAX_PARTS = 10_000;
    private static final int MAX_KEYS_PER_DELETE = 1000;
    /** The largest object CopyObject copies; beyond it, a multipart upload of copied ranges. */
    static final long MAX_COPY_OBJECT_BYTES = 5L * 1024 * 1024 * 1024;
    private static final long MAX_COPY_PART_BYTES = 512L * 1024 * 1024;
    private static final String OCTET_STREAM = "application/octet-stream";
    /**
     * A body streamed from the caller cannot be replayed, so the SDK's retry would only fail
     * again with a confusing error about mark/reset; report the first failure instead.
     */
    private static final Consumer<AwsRequestOverrideConfiguration.Builder> SINGLE_ATTEMPT = request -> request.addPlugin(
            config -> config.overrideConfiguration(config.overrideConfiguration().toBuilder()
                    .retryStrategy(AwsRetryStrategy.doNotRetry()).build()));
    private static final Consumer<AwsRequestOverrideConfiguration.Builder> RETRYABLE = request -> {};
    private static final Logger log = LoggerFactory.getLogger(S3ArtifactStore.class);

    private final S3Client client;
    private final S3Location location;
    private final long partSize;

    /** Takes ownership of {@code client}: {@link #close()} closes it. */
    public S3ArtifactStore(S3Client client, S3Location location, long partSize) {
        this.client = requireNonNull(client, "client is null");
        this.location = requireNonNull(location, "location is null");
        if (partSize < S3Options.MIN_PART_SIZE || partSize > S3Options.MAX_PART_SIZE) {
            throw new IllegalArgumentException("partSize out of range: " + partSize);
        }
        this.partSize = partSize;
    }

    public static S3ArtifactStore create(S3Location location, S3Options options) {
        return new S3ArtifactStore(clientBuilder(options).build(), location, options.partSize());
    }

    static S3ClientBuilder clientBuilder(S3Options options) {
        AwsCredentialsProvider credentials = options.hasStaticCredentials()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(options.accessKey(), options.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .region(Region.of(options.region()))
                .forcePathStyle(options.pathStyleAccess())
                .credentialsProvider(credentials);
        if (options.endpoint() != null) {
            builder.endpointOverride(options.endpoint());
        }
        return builder;
    }

    @Override
    public void write(ArtifactPath path, InputStream content, long length) throws IOException {
        String key = location.key(path);
        UploadSource source = new UploadSource(requireNonNull(content, "content is null"));
        try {
            if (length >= 0) {
                writeKnownLength(key, source, length);
            } else {
                writeUnknownLength(key, source);
            }
        } catch (RuntimeException e) {
            IOException sourceFailure = source.failure();
            if (sourceFailure != null) {
                sourceFailure.addSuppressed(e);
                throw sourceFailure;
            }
            if (e instanceof SdkException sdk) {
                throw failed("upload to", key, sdk);
            }
            throw e;
        }
    }

    private void writeKnownLength(String key, UploadSource content, long length) throws IOException {
        if (length <= partSize) {
            putObject(key, streamed(content.next(length), length), SINGLE_ATTEMPT);
            return;
        }
        // Grow the parts of a huge upload so that it still fits in MAX_PARTS.
        long size = Math.max(partSize, (length + MAX_PARTS - 1) / MAX_PARTS);
        uploadInParts(key, partNumber -> {
            long offset = (partNumber - 1) * size;
            if (offset >= length) {
                return null;
            }
            long partLength = Math.min(size, length - offset);
            return bodyPart(key, partNumber, streamed(content.next(partLength), partLength), SINGLE_ATTEMPT);
        });
    }

    private void writeUnknownLength(String key, InputStream content) throws IOException {
        byte[] buffer = new byte[(int) partSize];
        PushbackInputStream in = new PushbackInputStream(content, 1);
        int firstLength = in.readNBytes(buffer, 0, buffer.length);
        if (!hasMore(in)) {
            putObject(key, buffered(buffer, firstLength), RETRYABLE);
            return;
        }
        uploadInParts(key, partNumber -> {
            int partLength = partNumber == 1 ? firstLength : in.readNBytes(buffer, 0, buffer.length);
            return partLength == 0 ? null : bodyPart(key, partNumber, buffered(buffer, partLength), RETRYABLE);
        });
    }

    private static boolean hasMore(PushbackInputStream in) throws IOException {
        int next = in.read();
        if (next < 0) {
            return false;
        }
        in.unread(next);
        return true;
    }

    /** A body over the first {@code length} bytes of the buffer, which the SDK can re-read on a retry. */
    private static RequestBody buffered(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length, OCTET_STREAM);
    }

    /** A body read straight from the caller's stream: once only, so it must not be retried. */
    private static RequestBody streamed(InputStream part, long length) {
        return RequestBody.fromInputStream(part, length);
    }

    private void putObject(String key, RequestBody body, Consumer<AwsRequestOverrideConfiguration.Builder> attempts) {
        client.putObject(request -> request.bucket(location.bucket()).key(key).overrideConfiguration(attempts), body);
    }

    /** One part of a multipart upload, sent (or copied) into the upload given; answers its ETag. */
    @FunctionalInterface
    private interface Part {
        String upload(String uploadId);
    }

    @FunctionalInterface
    private interface PartSource {
        /** Part {@code partNumber} (from 1), or null after the last one. */
        Part part(int partNumber) throws IOException;
    }

    /** A part whose bytes come from {@code body}. */
    private Part bodyPart(String key, int partNumber, RequestBody body, Consumer<AwsRequestOverrideConfiguration.Builder> attempts) {
        return uploadId -> client.uploadPart(request -> request.bucket(location.bucket()).key(key)
                .uploadId(uploadId).partNumber(partNumber).overrideConfiguration(attempts), body).eTag();
    }

    private void uploadInParts(String key, PartSource parts) throws IOException {
        String uploadId = client.createMultipartUpload(request -> request.bucket(location.bucket()).key(key)).uploadId();
        try {
            List<CompletedPart> completed = new ArrayList<>();
            for (int partNumber = 1; ; partNumber++) {
                Part part = parts.part(partNumber);
                if (part == null) {
                    break;
                }
                if (partNumber > MAX_PARTS) {
                    throw new IOException(String.format("The upload to %s exceeds %d parts of %d bytes.", uri(key), MAX_PARTS, partSize));
                }
                String eTag = part.upload(uploadId);
                completed.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
            }
            client.completeMultipartUpload(request -> request.bucket(location.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(completed)));
        } catch (IOException | RuntimeException | Error e) {
            abort(key, uploadId, e);
            throw e;
        }
    }

    private void abort(String key, String uploadId, Throwable failure) {
        try {
            client.abortMultipartUpload(request -> request.bucket(location.bucket()).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            // Still invisible to readers; a bucket lifecycle rule reclaims its parts.
            log.warn("Could not abort the multipart upload {} to {}", uploadId, uri(key), e);
            failure.addSuppressed(e);
        }
    }

    /**
     * S3 has no rename: a server-side copy (CopyObject up to 5 GiB, beyond that a multipart
     * upload of copied ranges), then a delete of the source. The copy appears at {@code to} in
     * one step, as any PUT does; the bytes never pass through this process.
     */
    @Override
    public void move(ArtifactPath from, ArtifactPath to) throws IOException {
        String source = location.key(from);
        String target = location.key(to);
        try {
            long size = headObject(source).orElseThrow(() -> new NoSuchFileException(uri(source))).contentLength();
            if (size <= MAX_COPY_OBJECT_BYTES) {
                client.copyObject(request -> request.sourceBucket(location.bucket()).sourceKey(source)
                        .destinationBucket(location.bucket()).destinationKey(target));
            } else {
                copyInParts(source, target, size);
            }
            client.deleteObject(request -> request.bucket(location.bucket()).key(source));
        } catch (SdkException e) {
            throw failed("move to " + uri(target) + " of", source, e);
        }
    }

    private void copyInParts(String source, String target, long size) throws IOException {
        long part = Math.max(MAX_COPY_PART_BYTES, (size + MAX_PARTS - 1) / MAX_PARTS);
        uploadInParts(target, partNumber -> {
            long first = (partNumber - 1) * part;
            if (first >= size) {
                return null;
            }
            String range = "bytes=" + first + "-" + (Math.min(size, first + part) - 1);
            return uploadId -> client.uploadPartCopy(request -> request.sourceBucket(location.bucket()).sourceKey(source)
                    .destinationBucket(location.bucket()).destinationKey(target).uploadId(uploadId).partNumber(partNumber)
                    .copySourceRange(range)).copyPartResult().eTag();
        });
    }

    @Override
    public Optional<InputStream> read(ArtifactPath path) throws IOException {
        if (path.isRoot()) {
            return Optional.empty();
        }
        String key = location.key(path);
        try {
            return Optional.of(client.getObject(request -> request.bucket(location.bucket()).key(key)));
        } catch (S3Exception e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw failed("read of", key, e);
        } catch (SdkException e) {
            throw failed("read of", key, e);
        }
    }

    @Override
    public Optional<FileInfo> stat(ArtifactPath path) throws IOException {
        if (path.isRoot()) {
            return Optional.of(new FileInfo("", true, null));
        }
        String key = location.key(path);
        try {
            Optional<HeadObjectResponse> head = headObject(key);
            if (head.isPresent()) {
                return Optional.of(new FileInfo(path.toString(), false, head.get().contentLength()));
            }
            ListObjectsV2Response below = client.listObjectsV2(request -> request.bucket(location.bucket())
                    .prefix(location.directoryPrefix(path)).maxKeys(1));
            return below.contents().isEmpty() ? Optional.empty() : Optional.of(new FileInfo(path.toString(), true, null));
        } catch (SdkException e) {
            throw failed("stat of", key, e);
        }
    }

    @Override
    public List<FileInfo> list(ArtifactPath directory) throws IOException {
        String prefix = location.directoryPrefix(directory);
        List<FileInfo> children = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(request -> request.bucket(location.bucket())
                    .prefix(prefix).delimiter("/"))) {
                for (CommonPrefix common : page.commonPrefixes()) {
                    String name = common.prefix().substring(prefix.length(), common.prefix().length() - 1);
                    if (ArtifactNames.isAddressable(name)) {
                        children.add(new FileInfo(name, true, null));
                    }
                }
                for (S3Object object : page.contents()) {
                    // An empty name is a directory marker ("dir/") written by another tool.
                    String name = object.key().substring(prefix.length());
                    if (ArtifactNames.isAddressable(name)) {
                        children.add(new FileInfo(name, false, object.size()));
                    }
                }
            }
        } catch (SdkException e) {
            throw failed("listing of", prefix, e);
        }
        return ArtifactNames.sortedByName(children);
    }

    @Override
    public boolean delete(ArtifactPath path) throws IOException {
        String key = location.key(path);
        try {
            boolean deleted = false;
            if (headObject(key).isPresent()) {
                client.deleteObject(request -> request.bucket(location.bucket()).key(key));
                deleted = true;
            }
            String prefix = location.directoryPrefix(path);
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(request -> request.bucket(location.bucket())
                    .prefix(prefix).maxKeys(MAX_KEYS_PER_DELETE))) {
                if (!page.contents().isEmpty()) {
                    deleteObjects(page.contents());
                    deleted = true;
                }
            }
            return deleted;
        } catch (SdkException e) {
            throw failed("delete of", key, e);
        }
    }

    private void deleteObjects(List<S3Object> objects) throws IOException {
        List<ObjectIdentifier> identifiers = objects.stream().map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
        DeleteObjectsResponse response = client.deleteObjects(request -> request.bucket(location.bucket())
                .delete(delete -> delete.objects(identifiers).quiet(true)));
        if (!response.errors().isEmpty()) {
            var first = response.errors().get(0);
            throw new IOException(String.format("Could not delete %d objects, e.g. %s: %s %s",
                    response.errors().size(), uri(first.key()), first.code(), first.message()));
        }
    }

    private Optional<HeadObjectResponse> headObject(String key) {
        try {
            return Optional.of(client.headObject(request -> request.bucket(location.bucket()).key(key)));
        } catch (S3Exception e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** No such key; a missing bucket is a misconfiguration to report, not an absent artifact. */
    private static boolean isNotFound(S3Exception e) {
        return e.statusCode() == 404
                && (e.awsErrorDetails() == null || !"NoSuchBucket".equals(e.awsErrorDetails().errorCode()));
    }

    private IOException failed(String operation, String key, SdkException e) {
        return new IOException("The " + operation + " " + uri(key) + " failed: " + e.getMessage(), e);
    }

    private String uri(String key) {
        return "s3://" + location.bucket() + "/" + key;
    }

    @Override
    public String describe() {
        return location.toString();
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * The caller's content. It remembers the first failure of the stream (a client gone
     * mid-upload), which the SDK would otherwise wrap, and hands out parts of it.
     */
    private static final class UploadSource extends FilterInputStream {
        private IOException failure;

        UploadSource(InputStream in) {
            super(in);
        }

        IOException failure() {
            return failure;
        }

        /** The next {@code length} bytes; ending sooner is a failure, not a shorter part. */
        InputStream next(long length) {
            return new Part(length);
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private IOException record(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }

        private final class Part extends InputStream {
            private long remaining;

            Part(long length) {
                this.remaining = length;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                if (len == 0) {
                    return 0;
                }
                int n = UploadSource.this.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw record(new EOFException("The content ended " + remaining + " bytes before its announced length."));
                }
                remaining -= n;
                return n;
            }

            @Override
            public int available() throws IOException {
                return (int) Math.min(UploadSource.this.available(), remaining);
            }
        }
    }
}
