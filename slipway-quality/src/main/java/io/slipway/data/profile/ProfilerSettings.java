package io.slipway.data.profile;

import java.lang.management.ManagementFactory;

/**
 * How much of the machine a profile may use. DuckDB spills to disk rather than exceed
 * {@code memoryLimit}; the aggregates a profile needs are sketches of bounded size, so a small
 * limit slows nothing down and a big file cannot exhaust the machine.
 *
 * @param threads DuckDB worker threads
 * @param memoryLimit DuckDB's {@code memory_limit}, e.g. {@code 2GB}
 */
public record ProfilerSettings(int threads, String memoryLimit) {
    public ProfilerSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (memoryLimit == null || !memoryLimit.matches("\\d+(\\.\\d+)?\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)")) {
            throw new IllegalArgumentException("memoryLimit must look like 512MB or 2GB, got " + memoryLimit);
        }
    }

    /** All processors; a quarter of physical memory (the rest is the JVM's and the OS's), at least 256 MB. */
    public static ProfilerSettings defaults() {
        long physical = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        long mb = Math.max(256, physical / 4 / (1024 * 1024));
        return new ProfilerSettings(Runtime.getRuntime().availableProcessors(), mb + "MB");
    }
}
