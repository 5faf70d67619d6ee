package io.slipway.cli.data;

import io.slipway.api.slipway.DatasetMessages.DatasetVersionResponse;
import io.slipway.api.slipway.DatasetMessages.DatasetsResponse;
import io.slipway.api.slipway.DatasetMessages.DiffResponse;
import io.slipway.cli.output.Details;
import io.slipway.cli.output.Formats;
import io.slipway.cli.output.Table;
import io.slipway.cli.tracking.Tag;
import io.slipway.cli.tracking.TrackingCommand;
import io.slipway.client.data.AddDatasetOptions;
import io.slipway.client.data.AddedDataset;
import io.slipway.client.data.HashCache;
import io.slipway.core.data.DatasetDiff;
import io.slipway.core.data.DatasetSummary;
import io.slipway.core.data.DatasetTag;
import io.slipway.core.data.DatasetVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway data add | ls | show | diff | get}: versioned datasets. Each subcommand is its
 * own class, listed in the {@code data} group's {@code subcommands} ({@link DataCommand}), beside
 * commands of that group that need no server.
 */
public final class DatasetCommands {
    private DatasetCommands() {}

    @Command(name = "add", description = "Adds a file or directory as the next version of a dataset, uploading only what the server lacks.")
    public static final class Add extends TrackingCommand {
        @Parameters(paramLabel = "PATH", description = "A file, or a directory whose files are all added.")
        Path path;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The dataset.")
        String name;

        @Option(names = "--format", paramLabel = "FORMAT",
                description = "csv, parquet, jsonl, binary... (default: guessed from the file extensions).")
        String format;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Option(names = "--source", paramLabel = "URI", description = "Where the data came from.")
        String source;

        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag of the version; repeatable.")
        List<Tag> tags = List.of();

        @Option(names = "--hash-cache", paramLabel = "FILE",
                description = "The local cache of file hashes (default: $" + HashCache.CACHE_DIR_ENV + "/" + HashCache.FILE_NAME
                        + ", else ~/.slipway/cache/" + HashCache.FILE_NAME + ").")
        Path hashCache;

        @Override
        public void run() {
            if (!Files.exists(path)) {
                throw new UncheckedIOException(new NoSuchFileException(path.toString()));
            }
            String guessed = guessFormat(path);
            String chosen = format != null ? format : guessed;
            // tabular files named as such are profiled first: a malformed one fails the add before any upload
            TabularFacts facts = TABULAR.contains(guessed) && chosen.equals(guessed) ? TabularFacts.of(path) : TabularFacts.NONE;
            AddDatasetOptions options = new AddDatasetOptions(chosen, facts.schema(), facts.rowCount(), facts.profile(), source,
                    description, tags.stream().map(tag -> new DatasetTag(tag.key(), tag.value())).toList());
            ProgressBar bar = ProgressBar.onTerminal(err());
            AddedDataset added;
            try (HashCache cache = hashCache != null ? HashCache.open(hashCache) : HashCache.openDefault()) {
                added = client().addDataset(path, name, options, bar, cache);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                bar.finish();
            }
            DatasetVersion version = added.version();
            output().print(new DatasetVersionResponse(version), () -> (added.created() ? "Added " : "Unchanged: ") + version.reference()
                    + " (" + version.fileCount() + " files, " + Formats.bytes(version.totalSize()) + ", digest " + version.digest()
                    + "); uploaded " + added.blobsUploaded() + " file(s), " + Formats.bytes(added.bytesUploaded()) + ".");
        }
    }

    @Command(name = "ls", description = "Lists the datasets you may read.")
    public static final class Ls extends TrackingCommand {
        @Override
        public void run() {
            List<DatasetSummary> datasets = client().listDatasets();
            output().print(new DatasetsResponse(datasets), () -> {
                if (datasets.isEmpty()) {
                    return "No datasets.";
                }
                Table table = new Table("NAME", "LATEST", "CREATED", "UPDATED");
                datasets.forEach(d -> table.addRow(d.name(), "v" + d.latestVersion(), Formats.timestamp(d.creationTimestamp()),
                        Formats.timestamp(d.lastUpdatedTimestamp())));
                return table.render();
            });
        }
    }

    @Command(name = "show", description = "Shows a version of a dataset (default: the latest) and its files.")
    public static final class Show extends TrackingCommand {
        @Parameters(paramLabel = "NAME[@VERSION]", converter = DatasetRef.Converter.class)
        DatasetRef ref;

        @Override
        public void run() {
            DatasetVersion version = client().getDatasetVersion(ref.name(), ref.version());
            output().print(new DatasetVersionResponse(version), () -> {
                Details details = new Details("Dataset " + version.reference())
                        .add("digest", version.digest())
                        .add("files", Long.toString(version.fileCount()))
                        .add("size", Formats.bytes(version.totalSize()))
                        .add("format", version.format())
                        .add("rows", version.rowCount() == null ? "" : Long.toString(version.rowCount()))
                        .add("source", version.source())
                        .add("description", version.description())
                        .add("tags", version.tags().stream().map(t -> t.key() + "=" + t.value()).collect(Collectors.joining(", ")))
                        .add("created by", version.createdBy())
                        .add("created", Formats.timestamp(version.creationTimestamp()));
                if (version.schema() != null) {
                    details.add("schema", version.schema());
                }
                details.add("validation", ValidationCommands.latest(client().listDatasetValidations(version.name(), version.version(), 1)));
                Table files = new Table("PATH", "SIZE", "SHA-256");
                version.files().forEach(f -> files.addRow(f.path(), Formats.bytes(f.size()), f.sha256()));
                return details.render() + "\n\n" + files.render();
            });
        }
    }

    @Command(name = "diff", description = "Shows what changed between two versions: files added, removed and changed, and facts that moved.")
    public static final class Diff extends TrackingCommand {
        @Parameters(index = "0", paramLabel = "NAME@FROM", converter = DatasetRef.VersionedConverter.class)
        DatasetRef from;

        @Parameters(index = "1", paramLabel = "NAME@TO", converter = DatasetRef.VersionedConverter.class)
        DatasetRef to;

        @Override
        public void run() {
            if (!from.name().equals(to.name())) {
                throw new IllegalArgumentException("diff compares two versions of one dataset, not " + from.name() + " and " + to.name());
            }
            DatasetDiff diff = client().diffDatasetVersions(from.name(), from.version(), to.version());
            output().print(new DiffResponse(diff), () -> render(diff));
        }

        private static String render(DatasetDiff diff) {
            StringBuilder text = new StringBuilder(diff.name() + "@" + diff.fromVersion() + " -> " + diff.name() + "@" + diff.toVersion()
                    + ": " + diff.added().size() + " added, " + diff.removed().size() + " removed, " + diff.changed().size()
                    + " changed, " + diff.unchanged() + " unchanged");
            Table files = new Table("", "PATH", "SIZE");
            diff.added().forEach(f -> files.addRow("+", f.path(), Formats.bytes(f.size())));
            diff.removed().forEach(f -> files.addRow("-", f.path(), Formats.bytes(f.size())));
            diff.changed().forEach(c -> files.addRow("~", c.path(), Formats.bytes(c.fromSize()) + " -> " + Formats.bytes(c.toSize())));
            if (!files.isEmpty()) {
                text.append("\n\n").append(files.render());
            }
            if (!diff.fields().isEmpty()) {
                Table fields = new Table("FIELD", "FROM", "TO");
                diff.fields().forEach(f -> fields.addRow(f.field(), f.from(), f.to()));
                text.append("\n\n").append(fields.render());
            }
            if (!diff.columns().isEmpty()) {
                Table columns = new Table("COLUMN", "STATISTIC", "FROM", "TO");
                diff.columns().forEach(c -> columns.addRow(c.column(), c.statistic(), c.from(), c.to()));
                text.append("\n\n").append(columns.render());
            }
            return text.toString();
        }
    }

    @Command(name = "get", description = "Downloads every file of a version into DEST, each checked against its SHA-256.")
    public static final class Get extends TrackingCommand {
        @Parameters(index = "0", paramLabel = "NAME[@VERSION]", converter = DatasetRef.Converter.class)
        DatasetRef ref;

        @Parameters(index = "1", paramLabel = "DEST", description = "A directory, created if missing.")
        Path dest;

        @Override
        public void run() {
            ProgressBar bar = ProgressBar.onTerminal(err());
            DatasetVersion version;
            try {
                version = client().downloadDataset(ref.name(), ref.version(), dest, bar);
            } finally {
                bar.finish();
            }
            output().print(new DatasetVersionResponse(version), () -> "Downloaded " + version.reference() + " (" + version.fileCount()
                    + " files, " + Formats.bytes(version.totalSize()) + ") into " + dest + ".");
        }
    }

    private static final Set<String> TABULAR = Set.of("csv", "parquet", "jsonl");

    /** csv, parquet or jsonl when every file has that extension ({@code .ndjson} counts as jsonl), else binary. */
    static String guessFormat(Path path) {
        try (Stream<Path> files = Files.isDirectory(path) ? Files.walk(path).filter(Files::isRegularFile) : Stream.of(path)) {
            Set<String> formats = files.map(DatasetCommands::formatOf).collect(Collectors.toSet());
            return formats.size() == 1 ? formats.iterator().next() : "binary";
        } catch (IOException | UncheckedIOException e) {
            return "binary"; // the manifest build reports what is wrong with the path
        }
    }

    private static String formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String extension = name.substring(name.lastIndexOf('.') + 1);
        String format = extension.equals("ndjson") ? "jsonl" : extension;
        return name.contains(".") && TABULAR.contains(format) ? format : "binary";
    }
}
