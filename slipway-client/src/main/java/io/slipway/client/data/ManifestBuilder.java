package io.slipway.client.data;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import io.slipway.core.data.DatasetFile;
import io.slipway.core.data.DatasetManifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Builds the {@link DatasetManifest} of a file or directory, what {@code slipway data add} records.
 *
 * <p>What is in it:
 * <ul>
 * <li>A single file: one entry, named by the file name given (a link given as the path is
 *     followed, and keeps its own name).
 * <li>A directory (also one reached through a link given as the path): every regular file
 *     beneath it, hidden ones included, by its path relative to the directory with {@code /}
 *     separators, sorted by {@link DatasetManifest#PATH_ORDER}. Names are taken as the OS gives them
 *     (no Unicode normalisation). Empty subdirectories leave no trace.
 * <li>A name the server would refuse (see {@link DatasetFile#validatePath}, e.g. one with a line
 *     break) fails the build before anything is hashed.
 * <li>Links inside a directory are not followed, and the build fails naming the first one,
 *     as it does for FIFOs, sockets and devices: a dataset's content must not depend on what
 *     lies outside it, and skipping them silently would version less than was asked for.
 * </ul>
 *
 * <p>Files whose {@link FileState} matches the {@link HashCache} are not read: an unchanged
 * directory costs one {@code stat} per file (from the walk) and one cache query. The others
 * are hashed on a pool of {@code threads} threads, biggest first, and recorded in the cache in
 * batches. A file modified less than {@link #RACY_WINDOW} before the walk is not recorded:
 * a write in the same mtime tick after hashing would leave size and mtime unchanged (Git's
 * "racily clean" problem).
 *
 * <p>A {@link Delegate} may hash some of the files that need hashing another way before the
 * rest are hashed here: {@code SlipwayClient.addDataset} hashes big new files while it uploads
 * them. What it answers is recorded in the cache like the rest.
 */
public final class ManifestBuilder {
    /** Longer than any file system's mtime granularity in use (FAT: 2 s). */
    public static final Duration RACY_WINDOW = Duration.ofSeconds(2);
    private static final int RECORD_BATCH = 1000;

    private final HashCache cache;
    private final int threads;

    public ManifestBuilder(HashCache cache) {
        this(cache, Runtime.getRuntime().availableProcessors());
    }

    public ManifestBuilder(HashCache cache, int threads) {
        this.cache = requireNonNull(cache, "cache is null");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.threads = threads;
    }

    /**
     * Reports how a build goes, for progress bars. {@link #bytesHashed} and {@link #fileHashed}
     * are called from the hashing threads.
     */
    public interface Progress {
        Progress NONE = new Progress() { };

        /** After the walk: the files and bytes in the manifest, and how many must be hashed. */
        default void planned(int files, long bytes, int filesToHash, long bytesToHash) {
        }

        /** More bytes hashed, since the last call. */
        default void bytesHashed(long bytes) {
        }

        /** A file read and hashed (not taken from the cache). */
        default void fileHashed(String path, long size) {
        }
    }

    /** A file the cache did not know: its name in the manifest, where it is, its state when walked. */
    public record PendingFile(String name, Path file, FileState state) {
        public PendingFile {
            requireNonNull(name, "name is null");
            requireNonNull(file, "file is null");
            requireNonNull(state, "state is null");
        }
    }

    /** Hashes some of the files to hash some other way than reading them here, e.g. while uploading them. */
    @FunctionalInterface
    public interface Delegate {
        Delegate NONE = (files, progress, hashed) -> { };

        /**
         * Hashes those of {@code files} (biggest first) it will, telling {@code hashed} each one
         * as soon as it has it (so that a failure later keeps what was done); the builder hashes
         * the others. It reports its own progress and must fail when a file changed from the
         * state given while it read it.
         */
        void hash(List<PendingFile> files, Progress progress, HashedFiles hashed) throws IOException;
    }

    /** Receives a file {@link Delegate} hashed, with its lower-case hex SHA-256. */
    @FunctionalInterface
    public interface HashedFiles {
        void accept(PendingFile file, String sha256) throws IOException;
    }

    public DatasetManifest build(Path path) throws IOException {
        return build(path, Progress.NONE);
    }

    public DatasetManifest build(Path path, Progress progress) throws IOException {
        return build(path, progress, Delegate.NONE);
    }

    /**
     * The manifest of {@code path}, a file or a directory; {@code delegate} first hashes what it will of the files to hash.
     *
     * @throws IllegalArgumentException naming the path, if it does not exist, is not readable,
     *     is an empty directory or holds a link or special file
     */
    public DatasetManifest build(Path path, Progress progress, Delegate delegate) throws IOException {
        requireNonNull(progress, "progress is null");
        requireNonNull(delegate, "delegate is null");
        long walkStartedMillis = System.currentTimeMillis();
        List<Candidate> candidates = walk(path);
        Map<String, String> cached = cache.lookup(candidates.stream().map(Candidate::state).toList());

        List<Candidate> toHash = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (!cached.containsKey(candidate.state().path())) {
                toHash.add(candidate);
            }
        }
        progress.planned(candidates.size(), candidates.stream().mapToLong(c -> c.state().size()).sum(),
                toHash.size(), toHash.stream().mapToLong(c -> c.state().size()).sum());

        long settledBeforeMillis = walkStartedMillis - RACY_WINDOW.toMillis();
        Map<String, String> hashes = new HashMap<>(cached);
        hashes.putAll(delegated(toHash, delegate, settledBeforeMillis, progress));
        toHash.removeIf(candidate -> hashes.containsKey(candidate.state().path()));
        hashes.putAll(hash(toHash, settledBeforeMillis, progress));

        List<DatasetFile> files = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            files.add(new DatasetFile(candidate.name(), hashes.get(candidate.state().path()), candidate.state().size()));
        }
        return new DatasetManifest(files);
    }

    /** A file to put in the manifest: its name there, where it is, its state when walked. */
    private record Candidate(String name, Path file, FileState state) {
    }

    private record Hashed(Candidate file, String sha256) {
    }

    private static List<Candidate> walk(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("data path does not exist: " + path);
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("data path is not readable: " + path);
        }
        Path root = path.toRealPath();
        BasicFileAttributes rootAttributes = Files.readAttributes(root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (rootAttributes.isRegularFile()) {
            Path name = path.toAbsolutePath().normalize().getFileName();
            return List.of(new Candidate(portableName(name.toString(), root), root, FileState.of(root, rootAttributes)));
        }
        if (!rootAttributes.isDirectory()) {
            throw new IllegalArgumentException("data path is neither a regular file nor a directory: " + path);
        }
        List<Candidate> candidates = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isSymbolicLink()) {
                    throw new IllegalArgumentException("data directory holds a symbolic link, which Slipway does not follow: " + file);
                }
                if (!attributes.isRegularFile()) {
                    throw new IllegalArgumentException("data directory holds a special file (not a regular file or directory): " + file);
                }
                candidates.add(new Candidate(portableName(relativeName(root, file), file), file, FileState.of(file, attributes)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof AccessDeniedException) {
                    throw new IllegalArgumentException("data path is not readable: " + file, e);
                }
                throw e;
            }
        });
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("data directory has no files: " + path);
        }
        return candidates;
    }

    /** {@code name}, when it means the same on every OS; a file the server would refuse fails here, before any hashing. */
    private static String portableName(String name, Path file) {
        try {
            DatasetFile.validatePath(name, "path");
        } catch (SlipwayException e) {
            throw new IllegalArgumentException("data file has a name Slipway cannot version (" + e.getMessage() + "): " + file, e);
        }
        return name;
    }

    private static String relativeName(Path root, Path file) {
        StringBuilder name = new StringBuilder();
        for (Path segment : root.relativize(file)) {
            if (name.length() > 0) {
                name.append('/');
            }
            name.append(segment);
        }
        return name.toString();
    }

    /** What {@code delegate} hashed of {@code files}, each recorded in the cache as soon as it is known, when settled. */
    private Map<String, String> delegated(List<Candidate> files, Delegate delegate, long settledBeforeMillis, Progress progress)
            throws IOException {
        Map<String, String> hashes = new HashMap<>();
        if (files.isEmpty()) {
            return hashes;
        }
        List<PendingFile> biggestFirst = files.stream()
                .sorted(Comparator.comparingLong((Candidate c) -> c.state().size()).reversed())
                .map(c -> new PendingFile(c.name(), c.file(), c.state()))
                .toList();
        delegate.hash(biggestFirst, progress, (file, sha256) -> {
            if (!DatasetFile.isSha256(sha256)) {
                throw new IllegalArgumentException("not a lower-case hex SHA-256: " + sha256);
            }
            hashes.put(file.state().path(), sha256);
            if (TimeUnit.NANOSECONDS.toMillis(file.state().mtimeNanos()) < settledBeforeMillis) {
                cache.record(Map.of(file.state(), sha256));
            }
        });
        return hashes;
    }

    /** Hashes the files on the pool, recording settled ones (mtime before {@code settledBeforeMillis}) in the cache. */
    private Map<String, String> hash(List<Candidate> files, long settledBeforeMillis, Progress progress) throws IOException {
        Map<String, String> hashes = new HashMap<>(files.size() * 2);
        if (files.isEmpty()) {
            return hashes;
        }
        List<Candidate> biggestFirst = new ArrayList<>(files);
        biggestFirst.sort(Comparator.comparingLong((Candidate c) -> c.state().size()).reversed());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, files.size()), runnable -> {
            Thread thread = new Thread(runnable, "slipway-hash");
            thread.setDaemon(true);
            return thread;
        });
        Map<FileState, String> toRecord = new HashMap<>();
        try {
            CompletionService<Hashed> done = new ExecutorCompletionService<>(pool);
            for (Candidate file : biggestFirst) {
                done.submit(() -> new Hashed(file, hashOne(file, progress)));
            }
            for (int i = 0; i < files.size(); i++) {
                Hashed hashed = take(done);
                FileState state = hashed.file().state();
                hashes.put(state.path(), hashed.sha256());
                if (TimeUnit.NANOSECONDS.toMillis(state.mtimeNanos()) < settledBeforeMillis) {
                    toRecord.put(state, hashed.sha256());
                }
                if (toRecord.size() >= RECORD_BATCH) {
                    cache.record(toRecord);
                    toRecord.clear();
                }
            }
        } finally {
            pool.shutdownNow();
            // whatever got hashed before a failure need not be hashed again
            cache.record(toRecord);
        }
        return hashes;
    }

    private static String hashOne(Candidate file, Progress progress) throws IOException {
        long[] reported = {0};
        String sha256;
        try {
            sha256 = FileDigests.sha256(file.file(), bytesDone -> {
                progress.bytesHashed(bytesDone - reported[0]);
                reported[0] = bytesDone;
            });
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("data path is not readable: " + file.file(), e);
        }
        if (reported[0] != file.state().size()) {
            throw new IOException("data file changed while being hashed (" + file.state().size() + " bytes when listed, "
                    + reported[0] + " read): " + file.file());
        }
        progress.fileHashed(file.name(), file.state().size());
        return sha256;
    }

    private static Hashed take(CompletionService<Hashed> done) throws IOException {
        try {
            return done.take().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException(new IOException(cause));
        }
    }
}
