package io.slipway.cli.tracking;

import io.slipway.cli.output.Formats;
import io.slipway.cli.output.Table;
import io.slipway.client.SlipwayClient;
import io.slipway.core.artifacts.FileInfo;
import java.util.ArrayList;
import java.util.List;

/** A run's artifacts as a listing: one directory, or a whole tree. */
public final class ArtifactListing {
    private ArtifactListing() {}

    /** Everything below {@code path} (the run's root when empty), directories before their contents. */
    public static List<FileInfo> walk(SlipwayClient client, String runId, String path) {
        List<FileInfo> all = new ArrayList<>();
        for (FileInfo file : client.listArtifacts(runId, path).files()) {
            all.add(file);
            if (file.isDir()) {
                all.addAll(walk(client, runId, file.path()));
            }
        }
        return all;
    }

    /** Paths relative to the run's artifact root; directories end in {@code /}. */
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
