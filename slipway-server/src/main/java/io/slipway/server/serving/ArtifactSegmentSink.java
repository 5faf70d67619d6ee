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
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The prediction log's segments in the server's artifact store, under {@link #ROOT} ({@code serving/predictions/...}). */
public final class ArtifactSegmentSink implements SegmentSink {
    public static final ArtifactPath ROOT = ArtifactPath.parse("serving", "root");
    private static final String DEPLOYMENT = "deployment=";
    private static final String DATE = "date=";

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
     * A segment's path, checked: {@code predictions/} or {@code feedback/}, then
     * {@code deployment=NAME/date=YYYY-MM-DD/NAME.parquet}, nothing that leaves the root; a 400
     * naming {@code path} otherwise.
     */
    public static ArtifactPath validate(String relativePath) {
        if (relativePath == null || relativePath.isEmpty()) {
            throw SlipwayException.missingParameter("path");
        }
        ArtifactPath path = ArtifactPath.parse(relativePath, "path");
        List<String> segments = path.segments();
        boolean valid = segments.size() == 4
                && (segments.get(0).equals(PredictionLog.PREDICTIONS) || segments.get(0).equals(PredictionLog.FEEDBACK))
                && segments.get(1).startsWith(DEPLOYMENT) && segments.get(1).length() > DEPLOYMENT.length()
                && isDate(segments.get(2)) && segments.get(3).endsWith(".parquet");
        if (!valid) {
            throw SlipwayException.invalidParameter("Invalid path '%s' for 'path': a segment is predictions/ or feedback/, then"
                    + " deployment=NAME/date=YYYY-MM-DD/NAME.parquet.", relativePath.length() > 200 ? relativePath.substring(0, 197) + "..."
                    : relativePath);
        }
        return path;
    }

    /** The deployment a valid segment path belongs to. */
    public static String deploymentOf(ArtifactPath segment) {
        return segment.segments().get(1).substring(DEPLOYMENT.length());
    }

    private static boolean isDate(String segment) {
        if (!segment.startsWith(DATE)) {
            return false;
        }
        try {
            LocalDate.parse(segment.substring(DATE.length()));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
