package io.slipway.store.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Pattern;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A real S3 API server for tests: S3Proxy in this JVM, on a free loopback port, keeping objects
 * as files in a temporary directory (so large uploads do not sit in the heap) and checking
 * AWS V2/V4 signatures made with {@link #accessKey()} / {@link #secretKey()}.
 *
 * <pre>{@code
 * try (S3ProxyServer s3 = S3ProxyServer.start()) {
 *     s3.createBucket("artifacts");
 *     // point a client at s3.endpoint(), region s3.region(), path-style access
 * }
 * }</pre>
 */
public final class S3ProxyServer implements AutoCloseable {
    private static final String ACCESS_KEY = "slipway-test-access-key";
    private static final String SECRET_KEY = "slipway-test-secret-key";
    private static final String REGION = "us-east-1";
    private static final Pattern VALID_BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final Path directory;
    private final BlobStore blobStore;
    private final S3Proxy proxy;
    private final URI endpoint;

    private S3ProxyServer(Path directory, BlobStore blobStore, S3Proxy proxy) {
        this.directory = directory;
        this.blobStore = blobStore;
        this.proxy = proxy;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public static S3ProxyServer start() throws Exception {
        Path directory = Files.createTempDirectory("slipway-s3proxy-");
        BlobStore blobStore = new FilesystemNio2BlobStore(directory.toString());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // a test's requests are over when it closes the server: no graceful drain
                .stopTimeout(0)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            deleteRecursively(directory);
            throw e;
        }
        return new S3ProxyServer(directory, blobStore, proxy);
    }

    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    /** Any region is accepted; this is the one to sign with. */
    public String region() {
        return REGION;
    }

    /** Creates a bucket directly in the backing store; the name must be a valid S3 bucket name. */
    public void createBucket(String name) {
        // S3Proxy answers NoSuchBucket for invalid names, whatever its store holds: fail here instead.
        if (!VALID_BUCKET_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid S3 bucket name '" + name + "': 3 to 63 of a-z, 0-9, '.' and '-'");
        }
        blobStore.createContainer(name);
    }

    @Override
    public void close() throws IOException {
        try {
            proxy.stop();
            blobStore.close();
        } catch (Exception e) {
            throw new IOException("Could not stop S3Proxy", e);
        } finally {
            deleteRecursively(directory);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
