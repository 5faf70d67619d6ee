package io.slipway.core.data;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The content of a dataset version: its files sorted by path. Its digest identifies the content:
 * the SHA-256 of the UTF-8 bytes of one line per file, {@code <sha256> <size> <path>\n}, in path
 * order ({@link #PATH_ORDER}); the same files give the same digest wherever they were added from.
 */
public record DatasetManifest(List<DatasetFile> files) {
    public static final int MAX_FILES = 1_000_000;
    /**
     * Paths compared by their UTF-8 bytes, unsigned: the order {@code LC_ALL=C sort} gives, the same
     * on every OS ({@link String#compareTo} compares UTF-16 units, which puts characters beyond
     * U+FFFF before U+E000-U+FFFF).
     */
    public static final Comparator<String> PATH_ORDER = (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
            b.getBytes(StandardCharsets.UTF_8));

    public DatasetManifest {
        record Keyed(byte[] key, DatasetFile file) {}
        // each path encoded once, not in every comparison: a client re-adding 10,000 unchanged files sorts them here
        files = requireNonNull(files, "files is null").stream()
                .map(file -> new Keyed(file.path().getBytes(StandardCharsets.UTF_8), file))
                .sorted((a, b) -> Arrays.compareUnsigned(a.key(), b.key()))
                .map(Keyed::file)
                .toList();
    }

    /** Checks every entry and that no path appears twice. */
    public void validate() {
        if (files.isEmpty()) {
            throw SlipwayException.invalidParameter("A dataset version needs at least one file.");
        }
        if (files.size() > MAX_FILES) {
            throw SlipwayException.invalidParameter("A dataset version has at most %d files, not %d.", MAX_FILES, files.size());
        }
        for (int i = 0; i < files.size(); i++) {
            files.get(i).validate("files[" + i + "]");
            if (i > 0 && files.get(i).path().equals(files.get(i - 1).path())) {
                throw SlipwayException.invalidParameter("The path '%s' appears twice in the files.", files.get(i).path());
            }
        }
    }

    public long totalSize() {
        return files.stream().mapToLong(DatasetFile::size).sum();
    }

    public String digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (DatasetFile file : files) {
                sha.update((file.sha256() + " " + file.size() + " " + file.path() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
