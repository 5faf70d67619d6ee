package io.slipway.cli.tracking;

import io.slipway.api.mlflow.TrackingMessages.Empty;
import io.slipway.api.mlflow.TrackingMessages.ListArtifactsResponse;
import io.slipway.core.artifacts.FileInfo;
import io.slipway.core.tracking.TrackingService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway artifacts ...}: a run's files, moved through the server's artifact proxy. */
@Command(name = "artifacts", description = "List, upload and download the artifacts of a run.")
public final class ArtifactsCommand extends TrackingCommand {

    @Command(name = "list", description = "Lists a run's artifacts, at its root or under PATH.")
    void list(@Parameters(paramLabel = "RUN_ID") String runId,
            @Parameters(paramLabel = "PATH", arity = "0..1", defaultValue = "", description = "A directory inside the run's artifacts.")
            String path,
            @Option(names = {"-r", "--recursive"}, description = "List the whole tree below PATH.") boolean recursive) {
        ListArtifactsResponse listing = client().listArtifacts(runId, path);
        String directory = trimSlashes(path);
        String prefix = directory.isEmpty() ? "" : directory + "/";
        List<FileInfo> files = recursive
                ? ArtifactListing.walk(client(), TrackingService.joinUri(listing.rootUri(), directory), prefix)
                : listing.files();
        output().print(new ListArtifactsResponse(listing.rootUri(), files, null), () -> ArtifactListing.render(files));
    }

    @Command(name = "upload", description = "Uploads a file, or a directory's contents, to a run's artifacts.")
    void upload(@Parameters(paramLabel = "RUN_ID") String runId,
            @Parameters(paramLabel = "LOCAL_FILE", description = "A file, or a directory whose files are all uploaded.") Path local,
            @Option(names = "--artifact-path", paramLabel = "PATH", defaultValue = "",
                    description = "Directory inside the run's artifacts (default: the root).") String artifactPath) throws IOException {
        Map<Path, String> uploads = uploadTargets(local, trimSlashes(artifactPath));
        uploads.forEach((file, target) -> client().uploadArtifact(runId, target, file));
        output().print(Empty.INSTANCE, () -> uploads.values().stream().map(target -> "Uploaded " + target + "\n")
                .collect(Collectors.joining("", "", uploads.size() + " file(s) uploaded to run " + runId + ".")));
    }

    @Command(name = "download", description = "Downloads an artifact file, or a directory of them, into --dest.")
    void download(@Parameters(paramLabel = "RUN_ID") String runId,
            @Parameters(paramLabel = "ARTIFACT_PATH", description = "A file or directory inside the run's artifacts.") String artifactPath,
            @Option(names = "--dest", paramLabel = "DIR", defaultValue = ".",
                    description = "Local directory to download into, created if missing (default: the current one).") Path dest) {
        String path = trimSlashes(artifactPath);
        String root = client().getRun(runId).info().artifactUri();
        // like cp -r: a directory arrives under its own name, the root's contents straight into --dest
        List<Path> written = path.isEmpty()
                ? ArtifactDownload.tree(client(), root, dest)
                : ArtifactDownload.treeOrFile(client(), TrackingService.joinUri(root, path), dest.resolve(baseName(path)), dest);
        output().print(Empty.INSTANCE, () -> written.isEmpty() ? "No artifacts to download."
                : written.stream().map(file -> "Downloaded " + file).collect(Collectors.joining("\n")));
    }

    /** Local file to artifact path: a file goes into {@code directory}, a directory's tree below it (as MLflow does). */
    private static Map<Path, String> uploadTargets(Path local, String directory) throws IOException {
        String prefix = directory.isEmpty() ? "" : directory + "/";
        Map<Path, String> targets = new LinkedHashMap<>();
        if (Files.isRegularFile(local)) {
            targets.put(local, prefix + local.getFileName());
        } else if (Files.isDirectory(local)) {
            try (Stream<Path> tree = Files.walk(local)) {
                tree.filter(Files::isRegularFile).sorted().forEach(file -> {
                    Path relative = local.relativize(file);
                    targets.put(file, prefix + String.join("/", StreamSupport.stream(relative.spliterator(), false)
                            .map(Path::toString).toList()));
                });
            }
        } else {
            throw new NoSuchFileException(local.toString());
        }
        return targets;
    }

    private static String trimSlashes(String path) {
        return path.replaceFirst("^/+", "").replaceFirst("/+$", "");
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
