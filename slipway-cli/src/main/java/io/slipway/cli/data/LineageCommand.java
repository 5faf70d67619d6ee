package io.slipway.cli.data;

import io.slipway.cli.output.Formats;
import io.slipway.cli.output.Table;
import io.slipway.cli.tracking.TrackingCommand;
import io.slipway.core.data.DatasetVersion;
import io.slipway.core.governance.DatasetLineage;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.tracking.RunInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway data lineage NAME[@VERSION]}: the runs that used a dataset version and the model
 * versions registered from them, the reverse of {@code slipway models lineage}.
 */
@Command(name = "lineage", description = {
        "Shows which runs used a dataset version (latest if no @VERSION) and which model versions were registered from them.",
        "A run used the version when it logged it as an MLflow dataset input with its name and digest (the first 32 hex digits of the version digest), as the demo's runs do; "
                + "versions with identical content share their runs. Only runs and models you may read are listed."})
public final class LineageCommand extends TrackingCommand {
    @Parameters(paramLabel = "NAME[@VERSION]", converter = DatasetRef.Converter.class)
    DatasetRef ref;

    @Override
    public void run() {
        DatasetVersion version = client().getDatasetVersion(ref.name(), ref.version());
        DatasetLineage lineage = client().lineageOfDatasetVersion(version.name(), version.version());
        output().print(lineage, () -> render(version, lineage));
    }

    static String render(DatasetVersion version, DatasetLineage lineage) {
        Table runs = new Table("RUN ID", "NAME", "EXPERIMENT", "STATUS", "STARTED");
        for (RunInfo run : lineage.runs()) {
            runs.addRow(run.runId(), run.runName(), run.experimentId(), run.status().name(), Formats.timestamp(run.startTime()));
        }
        Table models = new Table("MODEL", "VERSION", "RUN ID");
        for (ModelVersion modelVersion : lineage.modelVersions()) {
            models.addRow(modelVersion.name(), modelVersion.version(), modelVersion.runId());
        }
        String text = "Lineage of dataset " + version.reference() + " (digest " + version.digest() + "): " + lineage.runs().size()
                + " run(s), " + lineage.modelVersions().size() + " model version(s)"
                + (lineage.truncated() ? "; only the newest " + lineage.runs().size() + " runs are shown" : "");
        if (!runs.isEmpty()) {
            text += "\n\n" + runs.renderSection("Runs");
        }
        if (!models.isEmpty()) {
            text += "\n\n" + models.renderSection("Model versions");
        }
        return text;
    }
}
