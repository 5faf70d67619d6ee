package io.slipway.store.artifact;

import io.slipway.store.testing.TestStreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.artifacts.ArtifactPath;
import io.slipway.core.artifacts.ArtifactStore;
import io.slipway.core.artifacts.FileInfo;
import io.slipway.store.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Runs the contract against a real S3 API (S3Proxy on loopback), plus the multipart paths. */
class S3ArtifactStoreTest extends AbstractArtifactStoreContractTest {
    private static final long MiB = 1024 * 1024;
    private static final String PREFIX = "slipway/artifacts";
    private static final AtomicInteger buckets = new AtomicInteger();

    private static S3ProxyServer server;
    /** Looks at the bucket behind the store's back. */
    private static S3Client inspector;

    private String bucket;
    /** The S3 operations the store under test made, in order. */
    private final List<String> operations = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start();
        inspector = S3ArtifactStore.clientBuilder(options(S3Options.DEFAULT_PART_SIZE)).build();
    }

    @AfterAll
    static void stopServer() throws Exception {
        inspector.close();
        server.close();
    }

    @Override
    protected ArtifactStore createStore() {
        return storeWithPartSize(S3Options.MIN_PART_SIZE);
    }

    @Override
    protected void assertNoLeftoversOfFailedWrites() {
        assertThat(inspector.listMultipartUploads(request -> request.bucket(bucket)).uploads()).isEmpty();
    }

    @Test
    void keepsObjectsBelowTheLocationPrefix() throws IOException {
        write("run/a.txt", "a");

        assertThat(inspector.headObject(request -> request.bucket(bucket).key(PREFIX + "/run/a.txt")).contentLength()).isEqualTo(1);
        assertThat(store.describe()).isEqualTo("s3://" + bucket + "/" + PREFIX);
    }

    @Test
    void worksOnABucketWithoutPrefix() throws IOException {
        try (ArtifactStore whole = S3ArtifactStore.create(new S3Location(bucket, ""), options(S3Options.MIN_PART_SIZE))) {
            byte[] bytes = "top".getBytes(StandardCharsets.UTF_8);
            whole.write(path("top.txt"), new ByteArrayInputStream(bytes), bytes.length);
            write("below.txt", "b");

            assertThat(whole.describe()).isEqualTo("s3://" + bucket);
            assertThat(whole.list(ArtifactPath.ROOT)).containsExactly(
                    new FileInfo("slipway", true, null), new FileInfo("top.txt", false, 3L));
        }
    }

    @Test
    void listingAndDeletingFollowContinuationPages() throws Exception {
        // more than the 1000 keys S3 returns per page (one at a time: parallel puts made S3Proxy drop connections)
        for (int i = 0; i < 1005; i++) {
            String key = PREFIX + "/many/" + String.format("f%04d", i);
            inspector.putObject(request -> request.bucket(bucket).key(key), RequestBody.empty());
        }

        assertThat(store.list(path("many"))).hasSize(1005).last().isEqualTo(new FileInfo("f1004", false, 0L));
        assertThat(store.delete(path("many"))).isTrue();
        assertThat(store.stat(path("many"))).isEmpty();
    }

    @Test
    void reportsAMissingBucketInsteadOfAMissingArtifact() throws IOException {
        try (ArtifactStore misconfigured = S3ArtifactStore.create(new S3Location("no-such-bucket", ""), options(S3Options.MIN_PART_SIZE))) {
            assertThatThrownBy(() -> misconfigured.read(path("a.txt"))).isInstanceOf(IOException.class).hasMessageContaining("s3://no-such-bucket/a.txt");
            assertThatThrownBy(() -> misconfigured.stat(path("a.txt"))).isInstanceOf(IOException.class);
        }
    }

    @Test
    void ignoresDirectoryMarkersWrittenByOtherTools() throws IOException {
        inspector.putObject(request -> request.bucket(bucket).key(PREFIX + "/run/"), RequestBody.empty());
        write("run/a.txt", "a");

        assertThat(store.list(path("run"))).containsExactly(new FileInfo("a.txt", false, 1L));
        assertThat(store.stat(path("run"))).contains(new FileInfo("run", true, null));
    }

    @Test
    void knownLengthUpToOnePartIsASinglePut() throws IOException {
        store.write(path("one-part.bin"), TestStreams.pseudoRandom(4, S3Options.MIN_PART_SIZE), S3Options.MIN_PART_SIZE);

        assertThat(operations).containsExactly("PutObject");
        assertThat(store.stat(path("one-part.bin"))).contains(new FileInfo("one-part.bin", false, S3Options.MIN_PART_SIZE));
    }

    @Test
    void unknownLengthThatFitsInOnePartIsASinglePut() throws IOException {
        store.write(path("one-part.bin"), TestStreams.pseudoRandom(4, S3Options.MIN_PART_SIZE), -1);

        assertThat(operations).containsExactly("PutObject");
        assertThat(store.stat(path("one-part.bin"))).contains(new FileInfo("one-part.bin", false, S3Options.MIN_PART_SIZE));
    }

    @Test
    void unknownLengthBeyondOnePartIsAMultipartUpload() throws IOException {
        long length = 2 * S3Options.MIN_PART_SIZE + 1;
        DigestInputStream content = TestStreams.sha256(TestStreams.pseudoRandom(5, length));

        store.write(path("three-parts.bin"), content, -1);

        assertThat(operations).containsExactly(
                "CreateMultipartUpload", "UploadPart", "UploadPart", "UploadPart", "CompleteMultipartUpload");
        assertThat(sha256Of("three-parts.bin")).isEqualTo(TestStreams.hex(content));
    }

    @Test
    void knownLengthBeyondOnePartIsAMultipartUpload() throws IOException {
        long length = S3Options.MIN_PART_SIZE + 1;
        DigestInputStream content = TestStreams.sha256(TestStreams.pseudoRandom(6, length));

        store.write(path("two-parts.bin"), content, length);

        assertThat(operations).containsExactly("CreateMultipartUpload", "UploadPart", "UploadPart", "CompleteMultipartUpload");
        assertThat(sha256Of("two-parts.bin")).isEqualTo(TestStreams.hex(content));
    }

    @Test
    void streamsMoreThan100MegabytesOfKnownLength() throws IOException {
        assertLargeUploadRoundTrips(110 * MiB, 110 * MiB);
    }

    @Test
    void streamsMoreThan100MegabytesOfUnknownLength() throws IOException {
        assertLargeUploadRoundTrips(110 * MiB + 12345, -1);
    }

    @Test
    void interruptedMultipartUploadOfKnownLengthLeavesNoObjectAndNoUpload() throws IOException {
        assertInterruptedUploadLeavesNothing(110 * MiB);
    }

    @Test
    void interruptedMultipartUploadOfUnknownLengthLeavesNoObjectAndNoUpload() throws IOException {
        assertInterruptedUploadLeavesNothing(-1);
    }

    private void assertLargeUploadRoundTrips(long size, long announcedLength) throws IOException {
        store.close();
        store = storeWithPartSize(S3Options.DEFAULT_PART_SIZE);
        DigestInputStream content = TestStreams.sha256(TestStreams.pseudoRandom(size, size));

        store.write(path("run/artifacts/big.bin"), content, announcedLength);

        assertThat(store.stat(path("run/artifacts/big.bin"))).contains(new FileInfo("run/artifacts/big.bin", false, size));
        assertThat(operations).filteredOn("UploadPart"::equals).hasSize((int) ((size + S3Options.DEFAULT_PART_SIZE - 1) / S3Options.DEFAULT_PART_SIZE));
        assertThat(operations).contains("CompleteMultipartUpload");
        assertThat(sha256Of("run/artifacts/big.bin")).isEqualTo(TestStreams.hex(content));
    }

    private void assertInterruptedUploadLeavesNothing(long announcedLength) throws IOException {
        store.close();
        store = storeWithPartSize(S3Options.DEFAULT_PART_SIZE);
        InputStream dropped = TestStreams.failingAfter(TestStreams.pseudoRandom(7, 110 * MiB), 20 * MiB);

        assertThatThrownBy(() -> store.write(path("run/artifacts/big.bin"), dropped, announcedLength))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("simulated client disconnect");

        assertThat(operations).contains("AbortMultipartUpload").doesNotContain("CompleteMultipartUpload");
        assertNothingAt("run/artifacts/big.bin");
        assertThat(store.list(ArtifactPath.ROOT)).isEmpty();
        assertThat(inspector.listObjectsV2(request -> request.bucket(bucket)).contents()).isEmpty();
        assertNoLeftoversOfFailedWrites();
    }

    private String sha256Of(String path) throws IOException {
        return TestStreams.sha256Of(store.read(path(path)).orElseThrow());
    }

    private ArtifactStore storeWithPartSize(long partSize) {
        if (bucket == null) {
            bucket = "bucket-" + buckets.incrementAndGet();
            server.createBucket(bucket);
        }
        S3Client client = S3ArtifactStore.clientBuilder(options(partSize))
                .overrideConfiguration(override -> override.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        operations.add(context.request().getClass().getSimpleName().replaceFirst("Request$", ""));
                    }
                }))
                .build();
        return new S3ArtifactStore(client, new S3Location(bucket, PREFIX), partSize);
    }

    private static S3Options options(long partSize) {
        return S3Options.builder()
                .endpoint(server.endpoint())
                .region(server.region())
                .credentials(server.accessKey(), server.secretKey())
                .partSize(partSize)
                .build();
    }
}
