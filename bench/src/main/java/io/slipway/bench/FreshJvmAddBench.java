package io.slipway.bench;

import io.slipway.client.data.HashCache;
import io.slipway.client.data.ManifestBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * What {@code slipway data add} of 10,000 small files costs as the CLI runs it: each add in a
 * new JVM, timed from process start to exit (the figure issue 4's "under 1 s" is about), and
 * the build inside it. First with a cache that lives nowhere yet (cold), then unchanged
 * (warm). Each warm run starts with whatever a previous process left on disk, as a user's
 * second add does.
 *
 * <p>{@code java -cp 'bench/target/slipway-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*'
 * io.slipway.bench.FreshJvmAddBench [files] [warm runs] [JVM flag...]}
 */
public final class FreshJvmAddBench {
    private FreshJvmAddBench() {
    }

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int warmRuns = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> jvmFlags = args.length > 2 ? Arrays.asList(args).subList(2, args.length) : List.of();
        Path dir = Files.createTempDirectory("slipway-fresh-jvm-add");
        try {
            Path tree = dir.resolve("tree");
            writeSmallFiles(tree, files);
            // files younger than the racy window are hashed but not cached
            Thread.sleep(ManifestBuilder.RACY_WINDOW.toMillis() + 500);
            Path cacheFile = dir.resolve("cache").resolve(HashCache.FILE_NAME);
            System.out.printf("%,d files, JVM flags %s%n", files, jvmFlags);
            report("cold", add(tree, cacheFile, jvmFlags));
            for (int i = 1; i <= warmRuns; i++) {
                report("warm " + i, add(tree, cacheFile, jvmFlags));
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void report(String run, double[] seconds) {
        System.out.printf("%-7s process %6.0f ms   build %6.0f ms%n", run, seconds[0] * 1e3, seconds[1] * 1e3);
    }

    /** One add in a new JVM: {process start to exit, open + build as the JVM measured it}. */
    private static double[] add(Path tree, Path cacheFile, List<String> jvmFlags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Add.class.getName(), tree.toString(), cacheFile.toString()));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int exit = process.waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("add in a fresh JVM failed: " + output);
        }
        String[] lines = output.split("\n");
        return new double[] {wall, Double.parseDouble(lines[lines.length - 1])};
    }

    private static void writeSmallFiles(Path tree, int count) throws IOException {
        Random random = new Random(2);
        byte[] content = new byte[4096];
        for (int i = 0; i < count; i++) {
            Path file = tree.resolve(String.format("d%02d/f%05d.bin", i % 100, i));
            if (i < 100) {
                Files.createDirectories(file.getParent());
            }
            random.nextBytes(content);
            Files.write(file, Arrays.copyOf(content, 1024 + random.nextInt(3 * 1024 + 1)));
        }
    }

    /** Main of the fresh JVM: opens the cache, builds the manifest, prints the seconds that took. */
    public static final class Add {
        private Add() {
        }

        public static void main(String[] args) throws IOException {
            long start = System.nanoTime();
            try (HashCache cache = HashCache.open(Path.of(args[1]))) {
                new ManifestBuilder(cache).build(Path.of(args[0]));
            }
            System.out.println((System.nanoTime() - start) / 1e9);
        }
    }
}
