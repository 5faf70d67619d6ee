package io.slipway.client.data;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    /** The hash {@link #recordInBatches} records for a file, different for each one. */
    private static String shaOf(FileState state) {
        return DataFixtures.sha256Hex(state.path().getBytes(StandardCharsets.UTF_8));
    }

    private final List<String> warnings = new ArrayList<>();

    private HashCache openCache() throws IOException {
        return HashCache.open(cacheFile(), warnings::add);
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

        assertThat(HashCache.defaultLocation(Map.of(), home)).isEqualTo(Path.of("/home/ada/.slipway/cache/hashes-v2.log"));
        assertThat(HashCache.defaultLocation(Map.of(HashCache.CACHE_DIR_ENV, "/var/cache/slipway"), home))
                .isEqualTo(Path.of("/var/cache/slipway/hashes-v2.log"));
    }

    @Test
    void rejectsAValueThatIsNotALowerCaseHexSha256() throws IOException {
        try (HashCache cache = openCache()) {
            assertThatThrownBy(() -> cache.record(Map.of(state("a"), "C".repeat(64)))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> cache.record(Map.of(state("a"), "c".repeat(63)))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void ignoresATornLastRecordAndWritesAfterTheGoodOnes() throws IOException {
        try (HashCache cache = openCache()) {
            cache.record(Map.of(state("a"), SHA));
            cache.record(Map.of(state("b"), SHA));
        }
        // as a process killed in the middle of its append leaves the file
        long size = Files.size(cacheFile());
        try (var channel = java.nio.channels.FileChannel.open(cacheFile(), StandardOpenOption.WRITE)) {
            channel.truncate(size - 5);
        }

        try (HashCache cache = openCache()) {
            assertThat(cache.lookup(List.of(state("a"), state("b")))).containsOnlyKeys("/data/a");
            cache.record(Map.of(state("c"), SHA));
        }
        try (HashCache cache = openCache()) {
            assertThat(cache.lookup(List.of(state("a"), state("b"), state("c")))).containsOnlyKeys("/data/a", "/data/c");
        }
        assertThat(warnings).singleElement().asString().contains("torn or corrupt");
    }

    @Test
    void neverAnswersFromARecordWithABitFlipped() throws IOException {
        try (HashCache cache = openCache()) {
            cache.record(Map.of(state("a"), SHA));
        }
        byte[] bytes = Files.readAllBytes(cacheFile());
        for (int i = bytes.length - 60; i < bytes.length; i++) {
            byte[] damaged = bytes.clone();
            damaged[i] ^= 0x10;
            Files.write(cacheFile(), damaged);
            try (HashCache cache = openCache()) {
                assertThat(cache.lookup(List.of(state("a")))).as("byte " + i).isEmpty();
            }
        }
    }

    @Test
    void discardsAFileThatIsNotAHashCacheWithAWarning() throws IOException {
        Files.createDirectories(cacheFile().getParent());
        Files.writeString(cacheFile(), "SQLite format 3\0 and so on");

        try (HashCache cache = openCache()) {
            assertThat(cache.size()).isZero();
            cache.record(Map.of(state("a"), SHA));
        }
        try (HashCache cache = openCache()) {
            assertThat(cache.lookup(List.of(state("a")))).containsEntry("/data/a", SHA);
        }
        assertThat(warnings).singleElement().asString().contains("not a Slipway hash cache");
    }

    @Test
    void compactsAFileOfMostlySupersededRecords() throws IOException {
        try (HashCache cache = openCache()) {
            for (long mtime = 0; mtime < 3000; mtime++) {
                cache.record(Map.of(new FileState("/data/a", 10, mtime, ""), SHA, state("b"), SHA));
            }
            assertThat(cache.lookup(List.of(new FileState("/data/a", 10, 2999, "")))).containsKey("/data/a");
        }
        assertThat(Files.size(cacheFile())).as("3,000 records of about 100 bytes for 2 entries").isLessThan(200_000);
        try (HashCache cache = openCache()) {
            assertThat(cache.size()).isEqualTo(2);
            assertThat(cache.lookup(List.of(new FileState("/data/a", 10, 2999, ""), state("b")))).hasSize(2);
        }
    }

    @Test
    void keepsWhatAnotherInstanceWroteWhenThatOneCompacted() throws IOException {
        try (HashCache early = openCache(); HashCache busy = openCache()) {
            early.record(Map.of(state("early"), SHA));
            for (long mtime = 0; mtime < 2000; mtime++) {
                busy.record(Map.of(new FileState("/data/busy", 10, mtime, ""), SHA));
            }
            early.record(Map.of(state("late"), SHA));
        }
        try (HashCache cache = openCache()) {
            assertThat(cache.lookup(List.of(state("early"), state("late"), new FileState("/data/busy", 10, 1999, "")))).hasSize(3);
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void aKilledWriterNeverLeavesAWrongHash() throws Exception {
        for (int round = 0; round < 3; round++) {
            long sizeBefore = Files.exists(cacheFile()) ? Files.size(cacheFile()) : 0;
            Process writer = startWriter("killed" + round, 1_000_000);
            // kill it in the middle of its writing, at a different point each round
            long deadline = System.nanoTime() + 20_000_000_000L;
            while ((Files.exists(cacheFile()) ? Files.size(cacheFile()) : 0) < sizeBefore + 100_000 * (round + 1)
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            writer.destroyForcibly().waitFor();

            try (HashCache cache = openCache()) {
                List<FileState> written = new ArrayList<>();
                for (int i = 0; i < 200_000; i++) {
                    written.add(state("killed" + round + "-" + i));
                }
                Map<String, String> found = cache.lookup(written);
                assertThat(found).as("hashes the writer got to record").isNotEmpty();
                for (FileState state : written) {
                    if (found.containsKey(state.path())) {
                        assertThat(found.get(state.path())).as(state.path()).isEqualTo(shaOf(state));
                    }
                }
                cache.record(Map.of(state("after" + round), SHA));
            }
        }
        try (HashCache cache = openCache()) {
            assertThat(cache.lookup(List.of(state("after0"), state("after1"), state("after2")))).hasSize(3);
        }
    }

    @Test
    void servesTwoThreadsWithTheirOwnInstances() throws Exception {
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
            processes.add(startWriter(writer, 2000));
        }
        for (Process process : processes) {
            assertThat(process.waitFor()).as("writer exit code").isZero();
        }
        try (HashCache cache = HashCache.open(cacheFile())) {
            assertThat(cache.size()).isEqualTo(4000);
            assertThat(cache.lookup(List.of(state("left-1999"), state("right-0")))).containsOnly(
                    Map.entry("/data/left-1999", shaOf(state("left-1999"))), Map.entry("/data/right-0", shaOf(state("right-0"))));
        }
    }

    private Process startWriter(String writer, int files) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CacheWriter.class.getName(),
                cacheFile().toString(), writer, Integer.toString(files))
                .redirectErrorStream(true).redirectOutput(tmp.resolve(writer + ".log").toFile()).start();
    }

    static void recordInBatches(HashCache cache, String writer, int files) throws IOException {
        for (int start = 0; start < files; start += 100) {
            Map<FileState, String> batch = new HashMap<>();
            for (int i = start; i < Math.min(files, start + 100); i++) {
                FileState state = state(writer + "-" + i);
                batch.put(state, shaOf(state));
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
