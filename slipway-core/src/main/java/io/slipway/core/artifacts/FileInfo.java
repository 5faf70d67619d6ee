package io.slipway.core.artifacts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A file or directory in an artifact listing; directories have no size. */
public record FileInfo(String path, boolean isDir, @JsonInclude(JsonInclude.Include.NON_NULL) Long fileSize) {
    public FileInfo {
        requireNonNull(path, "path is null");
    }
}
