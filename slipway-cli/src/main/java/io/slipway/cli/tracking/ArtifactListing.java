package io.slipway.cli.tracking;

import io.slipway.cli.output.Formats;
import io.slipway.cli.output.Table;
import io.slipway.client.SlipwayClient;
import io.slipway.core.artifacts.FileInfo;
import io.slipway.core.tracking.TrackingService;
import java.util.ArrayList;
import java.util.List;

/** Artifacts as a listing: one directory, or a whole tree. */
public final class ArtifactListing {
    private ArtifactListing() {}

    /**
     * Everything below the artifact directory {@code directoryUri} (an {@code mlflow-artifacts:} URI),
     * directories before their contents; paths are relative to it, after {@code pathPrefix}.
     */
    public static List<FileInfo> walk(SlipwayClient client, String directoryUri, String pathPrefix) {
        List<FileInfo> all = new ArrayList<>();
        for (FileInfo child : client.listArtifactDirectory(directoryUri)) {
            String path = pathPrefix + child.path();
            all.add(new FileInfo(path, child.isDir(), child.fileSize()));
            if (child.isDir()) {
                all.addAll(walk(client, TrackingService.joinUri(directoryUri, child.path()), path + "/"));
            }
        }
        return all;
    }

    /** Paths as given (relative to the listed directory); directories end in {@code /}. */
    public static String render(List<FileInfo> files) {
        if (files.isEmpty()) {
            return "No artifacts.";
        }
        Table table = new Table("PATH", "SIZE");
        for (FileInfo file : files) {
            table.addRow(file.isDir() ? file.path() + "/" : file.path(),
                    file.fileSize() == null ? "-" : Formats.bytes(file.fileSize()));
        }
        return table.render();
    }
}
