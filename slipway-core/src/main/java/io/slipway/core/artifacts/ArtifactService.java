package io.slipway.core.artifacts;

import static java.util.Objects.requireNonNull;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.tracking.LifecycleStage;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.TrackingService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Artifacts of runs, kept in one {@link ArtifactStore} and addressed by {@code mlflow-artifacts:/}
 * URIs, as MLflow's artifact proxy does. Reads may address any path in the store; writes and
 * deletes must fall inside the artifact root of an existing, active run.
 */
public final class ArtifactService {
    public static final String SCHEME = "mlflow-artifacts:";
    public static final String DEFAULT_ARTIFACT_ROOT = SCHEME + "/";

    private final ArtifactStore store;
    private final TrackingService tracking;

    public ArtifactService(ArtifactStore store, TrackingService tracking) {
        this.store = requireNonNull(store, "store is null");
        this.tracking = requireNonNull(tracking, "tracking is null");
    }

    public String describeStore() {
        return store.describe();
    }

    /** The listing of artifacts/list: root URI of the run, and its files with run-relative paths. */
    public record RunListing(String rootUri, List<FileInfo> files) {}

    public RunListing listRunArtifacts(String runId, String path) {
        Run run = tracking.getRun(runId);
        ArtifactPath root = pathOfUri(run.info().artifactUri());
        ArtifactPath relative = ArtifactPath.parse(path, "path");
        ArtifactPath directory = root.resolve(relative);
        List<FileInfo> files = io(() -> store.list(directory)).stream()
                .map(f -> new FileInfo(relative.child(f.path()).toString(), f.isDir(), f.fileSize()))
                .toList();
        return new RunListing(run.info().artifactUri(), files);
    }

    /** The proxy's listing: children of {@code path}, by base name. */
    public List<FileInfo> list(String path) {
        ArtifactPath directory = ArtifactPath.parse(path, "path");
        return io(() -> store.list(directory));
    }

    public InputStream download(String path) {
        ArtifactPath file = ArtifactPath.parse(path, "path");
        Optional<InputStream> content = io(() -> store.read(file));
        if (content.isEmpty()) {
            boolean isDirectory = io(() -> store.stat(file)).map(FileInfo::isDir).orElse(false);
            throw isDirectory
                    ? SlipwayException.invalidParameter("'%s' is a directory; list it instead of downloading it.", file)
                    : SlipwayException.notFound("No artifact at '%s'.", file);
        }
        return content.get();
    }

    /**
     * Copies the files under {@code path} (a directory of the store, e.g. a model version's) into
     * {@code into}, keeping their layout; the number of files copied (0: nothing there).
     */
    public int downloadTree(String path, Path into) {
        int copied = 0;
        for (FileInfo entry : list(path)) {
            String child = path + "/" + entry.path();
            Path target = into.resolve(entry.path());
            if (entry.isDir()) {
                copied += downloadTree(child, target);
                continue;
            }
            try (InputStream content = download(child)) {
                Files.createDirectories(into);
                Files.copy(content, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not copy artifact " + child + ": " + e.getMessage(), e);
            }
            copied++;
        }
        return copied;
    }

    public Optional<FileInfo> stat(String path) {
        ArtifactPath file = ArtifactPath.parse(path, "path");
        return io(() -> store.stat(file));
    }

    /** Streams an upload to {@code path}; nothing is visible there until the whole body has arrived. */
    public void upload(String path, InputStream content, long length) {
        ArtifactPath file = ArtifactPath.parse(path, "path");
        requireWritable(file);
        if (io(() -> store.stat(file)).map(FileInfo::isDir).orElse(false)) {
            throw SlipwayException.invalidParameter("Cannot upload to '%s': it is a directory.", file);
        }
        io(() -> {
            store.write(file, content, length);
            return null;
        });
    }

    public void delete(String path) {
        ArtifactPath target = ArtifactPath.parse(path, "path");
        requireWritable(target);
        boolean deleted = io(() -> store.delete(target));
        if (!deleted) {
            throw SlipwayException.notFound("No artifact at '%s'.", target);
        }
    }

    /** The store path of an {@code mlflow-artifacts:} URI; other schemes are not served here. */
    public static ArtifactPath pathOfUri(String uri) {
        if (uri == null || !uri.startsWith(SCHEME)) {
            throw SlipwayException.invalidParameter(
                    "Artifact URI '%s' is not served by this server: only '%s' URIs are proxied.", uri, DEFAULT_ARTIFACT_ROOT);
        }
        String rest = uri.substring(SCHEME.length());
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        while (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        return ArtifactPath.parse(rest, "artifact_uri");
    }

    /** Writes must land in the artifact root {@code …/<run_id>/artifacts} of an active run. */
    private void requireWritable(ArtifactPath path) {
        List<String> segments = path.segments();
        for (int i = 0; i + 1 < segments.size(); i++) {
            if (!segments.get(i + 1).equals("artifacts") || !segments.get(i).matches("[0-9a-f]{32}")) {
                continue;
            }
            Optional<Run> run = tracking.findRun(segments.get(i));
            if (run.isEmpty()) {
                continue;
            }
            ArtifactPath root = pathOfUriOrNull(run.get().info().artifactUri());
            if (root != null && path.startsWith(root) && !path.equals(root)) {
                if (run.get().info().lifecycleStage() != LifecycleStage.ACTIVE) {
                    throw SlipwayException.invalidParameter(
                            "The run %s must be in the 'active' state to change its artifacts. Current state is deleted.", segments.get(i));
                }
                return;
            }
        }
        throw new SlipwayException(ErrorCode.INVALID_PARAMETER_VALUE, String.format(
                "Cannot write '%s': artifacts can only be written inside the artifact root of an active run "
                        + "(<experiment_id>/<run_id>/artifacts/...).", path));
    }

    private static ArtifactPath pathOfUriOrNull(String uri) {
        try {
            return pathOfUri(uri);
        } catch (SlipwayException e) {
            return null;
        }
    }

    @FunctionalInterface
    private interface IoAction<T> {
        T run() throws IOException;
    }

    private <T> T io(IoAction<T> action) {
        try {
            return action.run();
        } catch (SlipwayException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // a client error (e.g. an interrupted upload) may arrive wrapped by the store's SDK
            for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
                if (cause instanceof SlipwayException clientError) {
                    throw clientError;
                }
            }
            throw new SlipwayException(ErrorCode.INTERNAL_ERROR,
                    "The artifact store (" + store.describe() + ") failed: " + e.getMessage(), e);
        }
    }
}
