package io.slipway.bench;

import io.slipway.cli.testing.ServerProcess;
import io.slipway.client.SlipwayClient;
import io.slipway.client.data.AddDatasetOptions;
import io.slipway.client.data.AddedDataset;
import io.slipway.client.data.FileDigests;
import io.slipway.client.data.HashCache;
import io.slipway.client.data.TransferProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A first {@code data add} of one big file (hash and store) against {@code openssl dgst -sha256}
 * on the same file, in the same run: rounds alternate openssl, {@link FileDigests} alone, the
 * client's {@code addDataset} as it is (the file streamed, hashed by the server on the way) and the
 * same add hashing first (stream threshold off, the path files of a known size take). One server,
 * in its own JVM, serves every add, warmed up first by adding a smaller file both ways, as a
 * long-running server is; before each add one byte is appended to the file, so its content and
 * size are new to the server, nothing is deduplicated and every add stores all the bytes (fsync
 * included). The file sits in the page cache: this measures hashing, HTTP and the store, not the
 * source disk.
 */
final class AddBench {
    private static final long WARM_UP_BYTES = 256L * 1024 * 1024;

    record Result(String backend, long fileBytes, int rounds, double opensslSeconds, double hashSeconds, double addSeconds,
                  List<Double> addRounds, double hashFirstSeconds) {
        double opensslGbPerSecond() {
            return fileBytes / opensslSeconds / 1e9;
        }

        double hashGbPerSecond() {
            return fileBytes / hashSeconds / 1e9;
        }

        double addGbPerSecond() {
            return fileBytes / addSeconds / 1e9;
        }

        /** Add throughput over openssl's, medians of the same run. */
        double ratio() {
            return opensslSeconds / addSeconds;
        }

        double hashFirstRatio() {
            return opensslSeconds / hashFirstSeconds;
        }
    }

    static Result run(Backend.Kind kind, double fileGb, int rounds, String serverHeap) throws Exception {
        Path dir = Files.createTempDirectory("slipway-add-bench");
        try (Backend backend = Backend.create(kind, "add"); ServerProcess server = backend.startServer(serverHeap);
                SlipwayClient client = SlipwayClient.connect(server.url())) {
            Path big = dir.resolve("big.bin");
            long bytes = (long) (fileGb * 1024 * 1024 * 1024);
            System.err.printf("  writing %,d bytes...%n", bytes);
            HashBench.writeRandom(big, bytes);
            Path warm = dir.resolve("warm.bin");
            HashBench.writeRandom(warm, WARM_UP_BYTES);
            for (boolean streamed : new boolean[] {true, false}) {
                appendByte(warm);
                add(client, warm, streamed, dir, "warm-up-" + streamed, FileDigests.sha256(warm));
            }
            List<Double> openssl = new ArrayList<>();
            List<Double> hash = new ArrayList<>();
            List<Double> add = new ArrayList<>();
            List<Double> hashFirst = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                appendByte(big);
                long start = System.nanoTime();
                String expected = HashBench.openssl(big);
                openssl.add((System.nanoTime() - start) / 1e9);

                start = System.nanoTime();
                HashBench.check(FileDigests.sha256(big).equals(expected), "FileDigests disagrees with openssl");
                hash.add((System.nanoTime() - start) / 1e9);

                add.add(add(client, big, true, dir, "round-" + round, expected));
                appendByte(big);
                hashFirst.add(add(client, big, false, dir, "round-" + round, HashBench.openssl(big)));
                System.err.printf("  round %d: openssl %.2f s, hash %.2f s, add %.2f s, add hashing first %.2f s%n", round + 1,
                        openssl.get(round), hash.get(round), add.get(round), hashFirst.get(round));
            }
            return new Result(backend.label(), bytes, rounds, Stats.median(Stats.array(openssl)), Stats.median(Stats.array(hash)),
                    Stats.median(Stats.array(add)), add, Stats.median(Stats.array(hashFirst)));
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Adds {@code file} as a new dataset, streamed or hashing first, with a cache of its own; answers the seconds it took. */
    private static double add(SlipwayClient connected, Path file, boolean streamed, Path dir, String name, String expected)
            throws Exception {
        Path cacheFile = dir.resolve("cache-" + name + "-" + streamed).resolve(HashCache.FILE_NAME);
        SlipwayClient client = streamed ? connected : connected.withStreamThreshold(Long.MAX_VALUE);
        try (HashCache cache = HashCache.open(cacheFile)) {
            long start = System.nanoTime();
            AddedDataset added = client.addDataset(file, "bench-add-" + name + (streamed ? "-streamed" : "-hashed"), AddDatasetOptions.NONE,
                    TransferProgress.NONE, cache);
            double seconds = (System.nanoTime() - start) / 1e9;
            HashBench.check(added.version().files().get(0).sha256().equals(expected), "the add recorded another hash");
            HashBench.check(added.bytesUploaded() == Files.size(file), "the add uploaded " + added.bytesUploaded() + " bytes");
            return seconds;
        }
    }

    /** One more byte: content and size the server has not seen. */
    private static void appendByte(Path file) throws IOException {
        Files.write(file, new byte[] {(byte) System.nanoTime()}, StandardOpenOption.APPEND);
    }
}
