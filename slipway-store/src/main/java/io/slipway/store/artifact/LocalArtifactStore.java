package io.slipway.store.artifact;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;
import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactPath;
import io.slipway.core.artifacts.ArtifactStore;
import io.slipway.core.artifacts.FileInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Artifacts as files below a root directory. A write streams into a staging file inside the
 * root (so the final rename never crosses file systems), fsyncs it and renames it into place
 * (a big one of known length with direct I/O, see {@link DirectFileWriter});
 * until then readers see the previous content or nothing. The root belongs to one server
 * process at a time: staging files an hour old found at start-up are leftovers of a crash and are removed.
 */
public final class LocalArtifactStore implements ArtifactStore {
    static final String STAGING_DIRECTORY = ".slipway-staging";
    private static final String PART_SUFFIX = ".part";
    private static final int WRITE_BUFFER_BYTES = 1024 * 1024;
    /** Writes of at least this many bytes (when known up front) bypass the page cache: see {@link DirectFileWriter}. */
    static final long DIRECT_MIN_BYTES = 16L * 1024 * 1024;
    private static final Duration STALE_AFTER = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(LocalArtifactStore.class);

    private final Path root;
    private final Path staging;
    private final ExecutorService directWriters = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "slipway-artifact-writer");
        thread.setDaemon(true);
        return thread;
    });

    public LocalArtifactStore(Path root) {
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
        this.staging = this.root.resolve(STAGING_DIRECTORY);
        try {
            Files.createDirectories(staging);
            removeStaleParts();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the artifact directory " + this.root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(ArtifactPath path, InputStream content, long length) throws IOException {
        requireNonNull(content, "content is null");
        Path target = fileOf(path);
        Path part = staging.resolve(UUID.randomUUID() + PART_SUFFIX);
        try {
            long written = length >= DIRECT_MIN_BYTES ? DirectFileWriter.write(part, content, directWriters).orElse(-1) : -1;
            if (written < 0) {
                try (FileChannel channel = FileChannel.open(part, CREATE_NEW, WRITE)) {
                    written = copy(content, channel);
                    channel.force(true);
                }
            }
            if (length >= 0 && written != length) {
                throw new IOException(String.format(
                        "The upload to '%s' ended after %d of the %d bytes announced.", path, written, length));
            }
            Files.createDirectories(target.getParent());
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(part, e);
            throw e;
        }
    }

    /**
     * Copies in 1 MiB writes: HTTP bodies arrive in a few KiB at a time, and {@code transferTo}'s
     * 8 KiB writes made a 2 GiB blob cost seconds of system calls.
     */
    private static long copy(InputStream content, FileChannel channel) throws IOException {
        byte[] buffer = new byte[WRITE_BUFFER_BYTES];
        long written = 0;
        for (int n; (n = content.readNBytes(buffer, 0, buffer.length)) > 0; ) {
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
            while (chunk.hasRemaining()) {
                channel.write(chunk);
            }
            written += n;
        }
        return written;
    }

    @Override
    public void move(ArtifactPath from, ArtifactPath to) throws IOException {
        Path source = fileOf(from);
        Path target = fileOf(to);
        if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(from.toString());
        }
        Files.createDirectories(target.getParent());
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public Optional<InputStream> read(ArtifactPath path) throws IOException {
        if (path.isRoot() || isStaging(path)) {
            return Optional.empty();
        }
        Path file = resolve(path);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.newInputStream(file));
        } catch (NoSuchFileException deletedMeanwhile) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<FileInfo> stat(ArtifactPath path) throws IOException {
        if (isStaging(path)) {
            return Optional.empty();
        }
        return attributes(resolve(path)).map(attributes -> info(path.toString(), attributes));
    }

    @Override
    public List<FileInfo> list(ArtifactPath directory) throws IOException {
        if (isStaging(directory)) {
            return List.of();
        }
        Path dir = resolve(directory);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<FileInfo> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (entry.equals(staging) || !ArtifactNames.isAddressable(name)) {
                    continue;
                }
                attributes(entry).ifPresent(attributes -> children.add(info(name, attributes)));
            }
        } catch (NoSuchFileException deletedMeanwhile) {
            return List.of();
        }
        return ArtifactNames.sortedByName(children);
    }

    @Override
    public boolean delete(ArtifactPath path) throws IOException {
        Path target = fileOf(path);
        BasicFileAttributes attributes = attributes(target).orElse(null);
        if (attributes == null) {
            return false;
        }
        if (!attributes.isDirectory()) {
            return Files.deleteIfExists(target);
        }
        Files.walkFileTree(target, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
        return true;
    }

    @Override
    public String describe() {
        return root.toUri().toString();
    }

    @Override
    public void close() {
        directWriters.shutdown();
    }

    /** The file behind a path that may be written or deleted: never the root or the staging area. */
    private Path fileOf(ArtifactPath path) {
        requireNonNull(path, "path is null");
        if (path.isRoot()) {
            throw new IllegalArgumentException("The root of the artifact store is not a file.");
        }
        if (isStaging(path)) {
            throw SlipwayException.invalidParameter("'%s' is reserved by the artifact store.", path);
        }
        return resolve(path);
    }

    private Path resolve(ArtifactPath path) {
        Path resolved = root;
        for (String segment : path.segments()) {
            resolved = resolved.resolve(segment);
        }
        return resolved;
    }

    private static boolean isStaging(ArtifactPath path) {
        return !path.isRoot() && path.segments().get(0).equals(STAGING_DIRECTORY);
    }

    private static Optional<BasicFileAttributes> attributes(Path file) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.isDirectory() || attributes.isRegularFile() ? Optional.of(attributes) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static FileInfo info(String path, BasicFileAttributes attributes) {
        return attributes.isDirectory() ? new FileInfo(path, true, null) : new FileInfo(path, false, attributes.size());
    }

    /**
     * Removes staging files an interrupted server left behind. Only old ones: another server
     * sharing this directory (e.g. on a network file system) may be writing the young ones.
     */
    private void removeStaleParts() throws IOException {
        FileTime cutoff = FileTime.from(Instant.now().minus(STALE_AFTER));
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(staging, "*" + PART_SUFFIX)) {
            for (Path part : parts) {
                if (Files.getLastModifiedTime(part).compareTo(cutoff) < 0) {
                    log.info("Removing {}, an upload interrupted when a server stopped", part);
                    Files.deleteIfExists(part);
                }
            }
        }
    }

    private static void deleteQuietly(Path part, Throwable failure) {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
