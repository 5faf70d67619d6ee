package io.slipway.cli.tracking;

import io.slipway.client.SlipwayClient;
import io.slipway.core.artifacts.FileInfo;
import io.slipway.core.tracking.TrackingService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Downloads artifacts through the server's artifact proxy, addressed by {@code mlflow-artifacts:}
 * URI: a run's files and a model version's files are fetched the same way.
 */
public final class ArtifactDownload {
    private ArtifactDownload() {}

    /** Every file below the directory {@code directoryUri}, each at its relative path below {@code dest}; none when it is empty. */
    public static List<Path> tree(SlipwayClient client, String directoryUri, Path dest) {
        return files(client, directoryUri, ArtifactListing.walk(client, directoryUri, ""), dest);
    }

    /**
     * The files below the directory {@code uri} into {@code treeDest}; when {@code uri} lists nothing
     * it is taken for a file and saved in {@code fileDir} under its own name (the server reports it
     * if there is no such file).
     */
    public static List<Path> treeOrFile(SlipwayClient client, String uri, Path treeDest, Path fileDir) {
        List<FileInfo> below = ArtifactListing.walk(client, uri, "");
        if (below.isEmpty()) {
            return List.of(save(client, uri, fileDir, uri.substring(uri.lastIndexOf('/') + 1)));
        }
        return files(client, uri, below, treeDest);
    }

    private static List<Path> files(SlipwayClient client, String directoryUri, List<FileInfo> below, Path dest) {
        List<Path> written = new ArrayList<>();
        for (FileInfo file : below) {
            if (!file.isDir()) {
                written.add(save(client, TrackingService.joinUri(directoryUri, file.path()), dest, file.path()));
            }
        }
        return written;
    }

    private static Path save(SlipwayClient client, String fileUri, Path dest, String localRelative) {
        Path root = dest.toAbsolutePath().normalize();
        Path target = root.resolve(localRelative).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IllegalArgumentException("Refusing to write '" + localRelative + "' outside " + root);
        }
        client.downloadArtifactFile(fileUri, target);
        return target;
    }
}
