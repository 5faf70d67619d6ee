package io.slipway.client.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashCacheTest {
    private static final String SHA = "c".repeat(64);

    @TempDir
    Path tmp;

    private static FileState state(String name) {
        return new FileState("/data/" + name, 10, 1_700_000_000_123_456_789L, "(dev=801,ino=42)");
    }

    private Path cacheFile() {
        return tmp.resolve("cache").resolve(HashCache.FILE_NAME);
    }

    @Test
    void findsARecordedHashForTheSameState() throws IOException {
        try (HashCache cache = HashCache.open(cacheFile())) {
            cache.record(Map.of(state("a"), SHA));

            assertThat(cache.lookup(List.of(state("a"), state("b")))).containsExactly(Map.entry("/data/a", SHA));
        }
    }

    @Test
    void ignoresAnEntryWhenSizeMtimeOrInodeChanged() throws IOException {
        try (HashCache cache = HashCache.open(cacheFile())) {
            FileState recorded = state("a");
            cache.record(Map.of(recorded, SHA));

            for (FileState changed : List.of(
                    new FileState(recorded.path(), 11, recorded.mtimeNanos(), recorded.inode()),
                    new FileState(recorded.path(), 10, recorded.mtimeNanos() + 1, recorded.inode()),
                    new FileState(recorded.path(), 10, recorded.mtimeNanos(), "(dev=801,ino=43)"))) {
                assertThat(cache.lookup(List.of(changed))).as(changed.toString()).isEmpty();
            }
        }
    }

    @Test
    void survivesReopening() throws IOException {
        try (HashCache cache = HashCache.open(cacheFile())) {
            cache.record(Map.of(state("a"), SHA));
        }
        try (HashCache cache = HashCache.open(cacheFile())) {
            assertThat(cache.lookup(List.of(state("a")))).containsEntry("/data/a", SHA);
        }
    }

    @Test
    void handlesPathsThatNeedEscaping() throws IOException {
        FileState odd = new FileState("/data/quote\"back\\slash\ttab ünï €", 1, 2, "");
        try (HashCache cache = HashCache.open(cacheFile())) {
            cache.record(Map.of(odd, SHA));

            assertThat(cache.lookup(List.of(odd))).containsEntry(odd.path(), SHA);
        }
    }

    @Test
    void livesInTheDirectoryTheEnvironmentNames() {
        Path home = Path.of("/home/ada");

        assertThat(HashCache.defaultLocation(Map.of(), home)).isEqualTo(Path.of("/home/ada/.slipway/cache/hashes.db"));
        assertThat(HashCache.defaultLocation(Map.of(HashCache.CACHE_DIR_ENV, "/var/cache/slipway"), home))
                .isEqualTo(Path.of("/var/cache/slipway/hashes.db"));
    }

    @Test
    void servesTwoThreadsWithTheirOwnConnections() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (String writer : List.of("left", "right")) {
                writers.add(pool.submit(() -> {
                    try (HashCache cache = HashCache.open(cacheFile())) {
                        recordInBatches(cache, writer, 2000);
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (HashCache cache = HashCache.open(cacheFile())) {
            assertThat(cache.size()).isEqualTo(4000);
        }
    }

    @Test
    void servesTwoProcesses() throws Exception {
        List<Process> processes = new ArrayList<>();
        for (String writer : List.of("left", "right")) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CacheWriter.class.getName(),
                    cacheFile().toString(), writer, "2000").redirectErrorStream(true).redirectOutput(tmp.resolve(writer + ".log").toFile()).start());
        }
        for (Process process : processes) {
            assertThat(process.waitFor()).as("writer exit code").isZero();
        }
        try (HashCache cache = HashCache.open(cacheFile())) {
            assertThat(cache.size()).isEqualTo(4000);
            assertThat(cache.lookup(List.of(state("left-1999"), state("right-0")))).hasSize(2);
        }
    }

    static void recordInBatches(HashCache cache, String writer, int files) throws IOException {
        for (int start = 0; start < files; start += 100) {
            Map<FileState, String> batch = new HashMap<>();
            for (int i = start; i < Math.min(files, start + 100); i++) {
                batch.put(state(writer + "-" + i), SHA);
            }
            cache.record(batch);
            cache.lookup(batch.keySet());
        }
    }

    /** The other process in {@link #servesTwoProcesses}: records files into the cache given. */
    public static final class CacheWriter {
        public static void main(String[] args) throws IOException {
            try (HashCache cache = HashCache.open(new File(args[0]).toPath())) {
                recordInBatches(cache, args[1], Integer.parseInt(args[2]));
            }
        }
    }
}
