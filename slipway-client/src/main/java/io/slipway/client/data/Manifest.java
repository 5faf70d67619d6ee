package io.slipway.client.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The content of a dataset version: one {@link Entry} per regular file, sorted by
 * {@link #PATH_ORDER}, with the total size and file count.
 *
 * <p>{@link #digest()} identifies that content. It is the lower-case hex SHA-256 of the
 * canonical text form, the UTF-8 bytes of one line per entry in manifest order:
 * <pre>{@code <sha256 as 64 lower-case hex> SP <size in decimal> SP <relative POSIX path> LF}</pre>
 * e.g. {@code "9f86d0…0a08 4 train/a.csv\n"}. Nothing else (no header, no mtime, no
 * permissions) enters it, so the same bytes under the same names give the same digest on any
 * machine.
 */
public record Manifest(List<Entry> entries, long totalSize, int fileCount) {
    /**
     * Paths compared by their UTF-8 bytes, unsigned: the order {@code LC_ALL=C sort} gives and
     * the same on every OS ({@link String#compareTo} compares UTF-16 units, which puts
     * characters beyond U+FFFF before U+E000-U+FFFF).
     */
    public static final Comparator<String> PATH_ORDER = (a, b) -> Arrays.compareUnsigned(a.getBytes(UTF_8), b.getBytes(UTF_8));

    public Manifest {
        entries = List.copyOf(requireNonNull(entries, "entries is null"));
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a manifest has at least one file");
        }
        long sum = 0;
        for (int i = 0; i < entries.size(); i++) {
            sum += entries.get(i).size();
            if (i > 0 && PATH_ORDER.compare(entries.get(i - 1).path(), entries.get(i).path()) >= 0) {
                throw new IllegalArgumentException("entries are not sorted by path without duplicates at: " + entries.get(i).path());
            }
        }
        if (totalSize != sum || fileCount != entries.size()) {
            throw new IllegalArgumentException("totalSize/fileCount do not match the entries");
        }
    }

    /** The manifest of these entries, in any order. */
    public static Manifest of(Collection<Entry> entries) {
        record Keyed(byte[] key, Entry entry) {
        }
        // encode each path once rather than in every comparison: this sort is on the re-add path
        List<Entry> sorted = entries.stream().map(e -> new Keyed(e.path().getBytes(UTF_8), e))
                .sorted((a, b) -> Arrays.compareUnsigned(a.key(), b.key())).map(Keyed::entry).toList();
        return new Manifest(sorted, sorted.stream().mapToLong(Entry::size).sum(), sorted.size());
    }

    /** The canonical text form described in the class comment. */
    public String canonicalText() {
        StringBuilder text = new StringBuilder(entries.size() * 100);
        for (Entry entry : entries) {
            entry.appendCanonicalLine(text);
        }
        return text.toString();
    }

    /** Lower-case hex SHA-256 of {@link #canonicalText()}: what identifies this content. */
    public String digest() {
        MessageDigest digest = FileDigests.newSha256();
        StringBuilder line = new StringBuilder(256);
        for (Entry entry : entries) {
            line.setLength(0);
            entry.appendCanonicalLine(line);
            digest.update(line.toString().getBytes(UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * One file: its path relative to the added directory ({@code /}-separated, no {@code .} or
     * {@code ..} segments, no backslashes or line breaks, so it means the same on every OS), or
     * its own name when a single file was added.
     */
    public record Entry(String path, String sha256, long size) {
        private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

        public Entry {
            requireNonNull(path, "path is null");
            requireNonNull(sha256, "sha256 is null");
            if (path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.contains("\\")
                    || path.contains("\n") || path.contains("\r")) {
                throw new IllegalArgumentException("not a relative POSIX path without line breaks: " + path);
            }
            for (String segment : path.split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    throw new IllegalArgumentException("path has an empty, . or .. segment: " + path);
                }
            }
            if (!SHA256_HEX.matcher(sha256).matches()) {
                throw new IllegalArgumentException("sha256 is not 64 lower-case hex digits: " + sha256);
            }
            if (size < 0) {
                throw new IllegalArgumentException("size is negative: " + size);
            }
        }

        void appendCanonicalLine(StringBuilder out) {
            out.append(sha256).append(' ').append(size).append(' ').append(path).append('\n');
        }
    }
}
