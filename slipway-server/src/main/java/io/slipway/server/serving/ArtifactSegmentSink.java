package io.slipway.server.serving;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactPath;
import io.slipway.core.artifacts.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The prediction log's segments in the server's artifact store, under {@link #ROOT} ({@code serving/predictions/...}). */
public final class ArtifactSegmentSink implements SegmentSink {
    public static final ArtifactPath ROOT = ArtifactPath.parse("serving", "root");

    private final ArtifactStore store;

    public ArtifactSegmentSink(ArtifactStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public void store(String relativePath, Path file) {
        ArtifactPath path = validate(relativePath);
        try (InputStream content = Files.newInputStream(file)) {
            store.write(ROOT.resolve(path), content, Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the prediction log segment " + relativePath + ": " + e.getMessage(), e);
        }
    }

    /**
     * A segment's path, checked: inside the root, under {@code predictions/} or {@code feedback/},
     * a Parquet file; a 400 naming {@code path} otherwise.
     */
    public static ArtifactPath validate(String relativePath) {
        if (relativePath == null || relativePath.isEmpty()) {
            throw SlipwayException.missingParameter("path");
        }
        ArtifactPath path = ArtifactPath.parse(relativePath, "path");
        String top = path.segments().get(0);
        if (path.segments().size() < 2 || !(top.equals(PredictionLog.PREDICTIONS) || top.equals(PredictionLog.FEEDBACK))
                || !path.name().endsWith(".parquet")) {
            throw SlipwayException.invalidParameter("Invalid path '%s' for 'path': a segment is a .parquet file under predictions/ or"
                    + " feedback/.", relativePath.length() > 200 ? relativePath.substring(0, 197) + "..." : relativePath);
        }
        return path;
    }
}
