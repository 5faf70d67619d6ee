package io.slipway.client.data;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * What {@link HashCache} keys a file's hash on: its absolute path, size, last-modified time in
 * nanoseconds and identity on disk. The identity is {@link BasicFileAttributes#fileKey()}, the
 * device and inode on Linux and macOS (from the same {@code stat} as size and mtime, so a file
 * replaced by another is noticed even with equal size and mtime), and {@code ""} where the OS
 * has none (Windows).
 */
public record FileState(String path, long size, long mtimeNanos, String inode) {
    public FileState {
        requireNonNull(path, "path is null");
        requireNonNull(inode, "inode is null");
        if (!Path.of(path).isAbsolute()) {
            throw new IllegalArgumentException("path is not absolute: " + path);
        }
    }

    /** The state of {@code file} as {@code attributes} (read without following links) describe it. */
    public static FileState of(Path file, BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        return new FileState(file.toAbsolutePath().normalize().toString(), attributes.size(),
                attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS), key == null ? "" : key.toString());
    }

    /** The state of {@code file} now: one {@code stat}. */
    public static FileState read(Path file) throws IOException {
        return of(file, Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }
}
