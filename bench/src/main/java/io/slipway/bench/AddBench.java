package io.slipway.bench;

import io.slipway.cli.testing.ServerProcess;
import io.slipway.client.SlipwayClient;
import io.slipway.client.data.AddDatasetOptions;
import io.slipway.client.data.AddedDataset;
import io.slipway.client.data.FileDigests;
import io.slipway.client.data.HashCache;
import io.slipway.client.data.TransferProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A first {@code data add} of one big file (hash and store) against {@code openssl dgst -sha256}
 * on the same file, in the same run: rounds alternate openssl, {@link FileDigests} alone, the
 * client's {@code addDataset} as it is (the file streamed, hashed on the way) and the same add
 * hashing first (stream threshold off, the path files of a known size take), each add into a
 * server started for it in its own JVM on a fresh data directory, so nothing is deduplicated
 * and every add stores all the bytes (fsync included). The file sits in the page cache: this
 * measures hashing, HTTP and the store, not the source disk.
 */
final class AddBench {
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
        try {
            Path big = dir.resolve("big.bin");
            long bytes = (long) (fileGb * 1024 * 1024 * 1024);
            System.err.printf("  writing %,d bytes...%n", bytes);
            HashBench.writeRandom(big, bytes);
            String expected = HashBench.openssl(big); // also brings the file into the page cache
            List<Double> openssl = new ArrayList<>();
            List<Double> hash = new ArrayList<>();
            List<Double> add = new ArrayList<>();
            List<Double> hashFirst = new ArrayList<>();
            String label = null;
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                HashBench.check(HashBench.openssl(big).equals(expected), "openssl answered another hash");
                openssl.add((System.nanoTime() - start) / 1e9);

                start = System.nanoTime();
                HashBench.check(FileDigests.sha256(big).equals(expected), "FileDigests disagrees with openssl");
                hash.add((System.nanoTime() - start) / 1e9);

                for (boolean streamed : new boolean[] {true, false}) {
                    try (Backend backend = Backend.create(kind, "add"); ServerProcess server = backend.startServer(serverHeap)) {
                        label = backend.label();
                        Path cacheFile = dir.resolve("cache-" + round + "-" + streamed).resolve(HashCache.FILE_NAME);
                        SlipwayClient connected = SlipwayClient.connect(server.url());
                        try (SlipwayClient client = streamed ? connected : connected.withStreamThreshold(Long.MAX_VALUE);
                                HashCache cache = HashCache.open(cacheFile)) {
                            start = System.nanoTime();
                            AddedDataset added = client.addDataset(big, "bench-add", AddDatasetOptions.NONE, TransferProgress.NONE, cache);
                            double seconds = (System.nanoTime() - start) / 1e9;
                            (streamed ? add : hashFirst).add(seconds);
                            HashBench.check(added.version().files().get(0).sha256().equals(expected), "the add recorded another hash");
                            HashBench.check(added.bytesUploaded() == bytes, "the add uploaded " + added.bytesUploaded() + " bytes");
                        }
                    }
                }
                System.err.printf("  round %d: openssl %.2f s, hash %.2f s, add %.2f s, add hashing first %.2f s%n", round + 1,
                        openssl.get(round), hash.get(round), add.get(round), hashFirst.get(round));
            }
            return new Result(label, bytes, rounds, Stats.median(Stats.array(openssl)), Stats.median(Stats.array(hash)),
                    Stats.median(Stats.array(add)), add, Stats.median(Stats.array(hashFirst)));
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
