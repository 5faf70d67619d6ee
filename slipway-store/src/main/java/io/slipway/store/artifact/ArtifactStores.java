package io.slipway.store.artifact;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Opens the artifact store named by {@code --artifacts-destination}. */
public final class ArtifactStores {
    private static final String SUPPORTED_FORMS = "a local path, file:///absolute/path or s3://bucket/prefix";
    // Two characters at least, so that a Windows drive ("C:\...") reads as a path.
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+):");

    private ArtifactStores() {}

    /**
     * A {@link LocalArtifactStore} for a plain path or {@code file:} URI, an {@link S3ArtifactStore}
     * for {@code s3://bucket/prefix}; {@code s3Options} apply to the latter only.
     */
    public static ArtifactStore open(String destination, S3Options s3Options) {
        requireNonNull(destination, "destination is null");
        requireNonNull(s3Options, "s3Options is null");
        if (destination.isBlank()) {
            throw unsupported(destination, "it is empty");
        }
        Matcher scheme = SCHEME.matcher(destination);
        String name = scheme.lookingAt() ? scheme.group(1).toLowerCase(Locale.ROOT) : "";
        return switch (name) {
            case "" -> new LocalArtifactStore(localPath(destination, () -> Path.of(destination)));
            case "file" -> new LocalArtifactStore(localPath(destination, () -> Path.of(URI.create(destination))));
            case "s3" -> S3ArtifactStore.create(S3Location.parse(destination), s3Options);
            default -> throw unsupported(destination, "the scheme '" + scheme.group(1) + "' is not supported");
        };
    }

    private static Path localPath(String destination, Supplier<Path> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) { // also InvalidPathException
            throw unsupported(destination, e.getMessage());
        }
    }

    private static SlipwayException unsupported(String destination, String reason) {
        return SlipwayException.invalidParameter(
                "Invalid artifacts destination '%s': %s. Supported forms: %s.", destination, reason, SUPPORTED_FORMS);
    }
}
