package io.slipway.bench;

import io.slipway.client.data.FileDigests;
import io.slipway.client.data.HashCache;
import io.slipway.client.data.ManifestBuilder;
import io.slipway.core.data.DatasetManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Client-side data versioning: (a) SHA-256 of one big file with {@link FileDigests} against
 * {@code openssl dgst -sha256} on the same file, best of 3 each, interleaved; (b) the manifest
 * of a directory of 10,000 small files with an empty hash cache, then unchanged, in this JVM
 * and in a fresh one (as each {@code slipway data add} is). The files sit in the page cache
 * throughout: this measures hashing and the state DB, not the disk.
 */
final class HashBench {
    private static final int BLOCK_BYTES = 64 * 1024 * 1024;
    private static final int SMALL_FILES = 10_000;

    record Result(long fileBytes, double opensslSeconds, double javaSeconds, int files, long directoryBytes,
                  double coldSeconds, double warmSeconds, double warmFreshJvmSeconds, double warmFreshJvmWallSeconds) {
        double opensslGbPerSecond() {
            return fileBytes / opensslSeconds / 1e9;
        }

        double javaGbPerSecond() {
            return fileBytes / javaSeconds / 1e9;
        }
    }

    static Result run(double fileGb) throws Exception {
        Path dir = Files.createTempDirectory("slipway-hash-bench");
        try {
            Path big = dir.resolve("big.bin");
            long bytes = (long) (fileGb * 1024 * 1024 * 1024);
            System.err.printf("  writing %,d bytes...%n", bytes);
            writeRandom(big, bytes);
            double openssl = Double.MAX_VALUE;
            double java = Double.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                String expected = openssl(big);
                openssl = Math.min(openssl, (System.nanoTime() - start) / 1e9);
                start = System.nanoTime();
                String actual = FileDigests.sha256(big);
                java = Math.min(java, (System.nanoTime() - start) / 1e9);
                check(actual.equals(expected), "FileDigests " + actual + " != openssl " + expected);
            }
            Files.delete(big);

            Path tree = dir.resolve("tree");
            long treeBytes = writeSmallFiles(tree);
            // files younger than the racy window are hashed but not cached; a real add of fresh data is the same
            Thread.sleep(ManifestBuilder.RACY_WINDOW.toMillis() + 500);
            Path cacheFile = dir.resolve("cache").resolve(HashCache.FILE_NAME);
            double cold;
            double warm = Double.MAX_VALUE;
            try (HashCache cache = HashCache.open(cacheFile)) {
                ManifestBuilder builder = new ManifestBuilder(cache);
                long start = System.nanoTime();
                DatasetManifest first = builder.build(tree);
                cold = (System.nanoTime() - start) / 1e9;
                check(first.files().size() == SMALL_FILES, "manifest has " + first.files().size() + " files");
                for (int i = 0; i < 3; i++) {
                    start = System.nanoTime();
                    DatasetManifest again = builder.build(tree);
                    warm = Math.min(warm, (System.nanoTime() - start) / 1e9);
                    check(again.equals(first), "warm manifest differs from the cold one");
                }
            }
            long start = System.nanoTime();
            double freshJvm = warmAddInFreshJvm(tree, cacheFile);
            double freshJvmWall = (System.nanoTime() - start) / 1e9;
            return new Result(bytes, openssl, java, SMALL_FILES, treeBytes, cold, warm, freshJvm, freshJvmWall);
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** A repeated 64 MiB random block: incompressible enough for a hash, and quick to write. */
    static void writeRandom(Path file, long bytes) throws IOException {
        byte[] block = new byte[BLOCK_BYTES];
        new Random(1).nextBytes(block);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < bytes; ) {
                ByteBuffer buffer = ByteBuffer.wrap(block, 0, (int) Math.min(BLOCK_BYTES, bytes - written));
                while (buffer.hasRemaining()) {
                    written += out.write(buffer);
                }
            }
        }
    }

    /** 10,000 files of 1-4 KB in 100 directories. */
    private static long writeSmallFiles(Path tree) throws IOException {
        Random random = new Random(2);
        byte[] content = new byte[4096];
        long total = 0;
        for (int i = 0; i < SMALL_FILES; i++) {
            Path file = tree.resolve(String.format("d%02d/f%05d.bin", i % 100, i));
            if (i < 100) {
                Files.createDirectories(file.getParent());
            }
            random.nextBytes(content);
            int size = 1024 + random.nextInt(3 * 1024 + 1);
            Files.write(file, Arrays.copyOf(content, size));
            total += size;
        }
        return total;
    }

    static String openssl(Path file) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("openssl", "dgst", "-sha256", "-r", file.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("the hash benchmark compares against `openssl dgst -sha256`, and openssl is not on the PATH", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        check(process.waitFor() == 0, "openssl failed: " + output);
        return output.split("\\s+")[0];
    }

    /** The unchanged tree's manifest in a new JVM; returns the build's seconds as that JVM measured them. */
    private static double warmAddInFreshJvm(Path tree, Path cacheFile) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WarmAdd.class.getName(),
                tree.toString(), cacheFile.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        check(process.waitFor() == 0, "warm add in a fresh JVM failed: " + output);
        return Double.parseDouble(output);
    }

    /** Main of the fresh JVM: opens the cache, builds the manifest, prints the seconds that took. */
    static final class WarmAdd {
        public static void main(String[] args) throws IOException {
            long start = System.nanoTime();
            try (HashCache cache = HashCache.open(Path.of(args[1]))) {
                new ManifestBuilder(cache).build(Path.of(args[0]));
            }
            System.out.println((System.nanoTime() - start) / 1e9);
        }
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
