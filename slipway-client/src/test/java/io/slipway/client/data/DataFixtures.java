package io.slipway.client.data;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Random;

/** Small helpers that build data trees for the tests. */
final class DataFixtures {
    /** An mtime old enough that the builder records the file's hash (outside the racy window). */
    static final FileTime SETTLED = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));

    private DataFixtures() {
    }

    /** Writes {@code content} to {@code root/relative}, creating directories, with a settled mtime. */
    static Path write(Path root, String relative, String content) throws IOException {
        return write(root, relative, content.getBytes(UTF_8));
    }

    static Path write(Path root, String relative, byte[] content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Files.setLastModifiedTime(file, SETTLED);
        return file;
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(FileDigests.newSha256().digest(bytes));
    }
}
