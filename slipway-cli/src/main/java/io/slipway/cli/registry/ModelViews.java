package io.slipway.cli.registry;

import io.slipway.cli.output.Details;
import io.slipway.cli.output.Formats;
import io.slipway.cli.output.Table;
import io.slipway.cli.tracking.RunViews;
import io.slipway.core.governance.DatasetRef;
import io.slipway.core.governance.ModelLineage;
import io.slipway.core.registry.ModelStage;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.RegisteredModel;
import io.slipway.core.registry.RegistryTag;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** How registered models and their versions look in a terminal. */
final class ModelViews {
    private ModelViews() {}

    static String list(List<RegisteredModel> models) {
        if (models.isEmpty()) {
            return "No registered models found.";
        }
        Table table = new Table("NAME", "LATEST VERSIONS", "ALIASES", "UPDATED");
        for (RegisteredModel model : models) {
            table.addRow(model.name(), latestVersions(model), aliases(model), Formats.timestamp(model.lastUpdatedTimestamp()));
        }
        return table.render();
    }

    static String detail(RegisteredModel model) {
        String fields = new Details("Registered model " + model.name())
                .add("description", model.description())
                .add("created", Formats.timestamp(model.creationTimestamp()))
                .add("last updated", Formats.timestamp(model.lastUpdatedTimestamp()))
                .render();
        Table latest = new Table("VERSION", "STAGE", "RUN", "SOURCE");
        newestFirst(model.latestVersions()).forEach(version -> latest.addRow(version.version(), version.currentStage().wireName(),
                version.runId(), version.source()));
        Table aliases = new Table("ALIAS", "VERSION", "URI");
        model.aliases().forEach(alias -> aliases.addRow(alias.alias(), alias.version(), "models:/" + model.name() + "@" + alias.alias()));
        return String.join("\n\n", fields, latest.renderSection("Latest version in each stage"), aliases.renderSection("Aliases"),
                tags(model.tags()).renderSection("Tags"));
    }

    static String versions(List<ModelVersion> versions) {
        if (versions.isEmpty()) {
            return "No versions found.";
        }
        Table table = new Table("VERSION", "STAGE", "ALIASES", "RUN", "SOURCE", "CREATED");
        for (ModelVersion version : versions) {
            table.addRow(version.version(), version.currentStage().wireName(), String.join(", ", version.aliases()), version.runId(),
                    version.source(), Formats.timestamp(version.creationTimestamp()));
        }
        return table.render();
    }

    /** One version, where its files are, and the params and metrics of the run it came from (when that still exists). */
    static String detail(ModelVersion version, String storageLocation, Optional<Run> run) {
        Details fields = new Details("Model version " + version.name() + " " + version.version()
                + " (models:/" + version.name() + "/" + version.version() + ")")
                .add("stage", version.currentStage().wireName())
                .add("aliases", version.aliases().isEmpty() ? "-" : String.join(", ", version.aliases()))
                .add("status", version.status().name())
                .add("source", version.source())
                .add("stored at", storageLocation)
                .add("run", run.map(ModelViews::runLabel).orElse(version.runId().isEmpty() ? "-" : version.runId() + " (not found)"))
                .add("created", Formats.timestamp(version.creationTimestamp()))
                .add("last updated", Formats.timestamp(version.lastUpdatedTimestamp()));
        if (!version.description().isEmpty()) {
            fields.add("description", version.description());
        }
        String text = fields.render() + "\n\n" + tags(version.tags()).renderSection("Tags");
        if (run.isPresent()) {
            text += "\n\n" + RunViews.params(run.get()).renderSection("Run params")
                    + "\n\n" + RunViews.metrics(run.get()).renderSection("Run metrics (latest values)");
        }
        return text;
    }

    /** Where a version comes from: its source, its run and the datasets that run logged as inputs. */
    static String lineage(ModelLineage lineage) {
        ModelVersion version = lineage.modelVersion();
        RunInfo run = lineage.run();
        String fields = new Details("Lineage of '" + version.name() + "' version " + version.version())
                .add("source", version.source())
                .add("run", run == null ? (version.runId().isEmpty() ? "-" : version.runId() + " (not found)")
                        : run.runId() + (run.runName().isEmpty() ? "" : " (" + run.runName() + ")"))
                .add("experiment", run == null ? "-" : run.experimentId())
                .render();
        Table datasets = new Table("NAME", "DIGEST", "CONTEXT", "SOURCE TYPE", "SOURCE");
        for (DatasetRef dataset : lineage.datasets()) {
            datasets.addRow(dataset.name(), dataset.digest(), dataset.context(), dataset.sourceType(), dataset.source());
        }
        return fields + "\n\n" + datasets.renderSection("Datasets");
    }

    private static String runLabel(Run run) {
        return run.info().runId() + (run.info().runName().isEmpty() ? "" : " (" + run.info().runName() + ")");
    }

    /** E.g. {@code 3, 2 (Production)}: the newest version of each stage, the stage named unless it is None. */
    private static String latestVersions(RegisteredModel model) {
        return newestFirst(model.latestVersions()).stream()
                .map(version -> version.currentStage() == ModelStage.NONE
                        ? version.version()
                        : version.version() + " (" + version.currentStage().wireName() + ")")
                .collect(Collectors.joining(", "));
    }

    /** E.g. {@code champion=2, challenger=3}. */
    private static String aliases(RegisteredModel model) {
        return model.aliases().stream().map(alias -> alias.alias() + "=" + alias.version()).collect(Collectors.joining(", "));
    }

    private static List<ModelVersion> newestFirst(List<ModelVersion> versions) {
        return versions.stream().sorted(Comparator.comparingInt(ModelVersion::number).reversed()).toList();
    }

    private static Table tags(List<RegistryTag> tags) {
        Table table = new Table("KEY", "VALUE");
        tags.stream().sorted(Comparator.comparing(RegistryTag::key)).forEach(tag -> table.addRow(tag.key(), tag.value()));
        return table;
    }
}
