package io.slipway.cli.tracking;

import io.slipway.cli.output.Details;
import io.slipway.cli.output.Formats;
import io.slipway.cli.output.Table;
import io.slipway.core.tracking.Experiment;
import java.util.List;

/** How experiments look in a terminal. */
final class ExperimentViews {
    private ExperimentViews() {}

    static String list(List<Experiment> experiments) {
        if (experiments.isEmpty()) {
            return "No experiments found.";
        }
        Table table = new Table("ID", "NAME", "LIFECYCLE", "CREATED", "ARTIFACT LOCATION");
        for (Experiment experiment : experiments) {
            table.addRow(experiment.experimentId(), experiment.name(), experiment.lifecycleStage().wireName(),
                    Formats.timestamp(experiment.creationTime()), experiment.artifactLocation());
        }
        return table.render();
    }

    static String detail(Experiment experiment) {
        String fields = new Details("Experiment " + experiment.experimentId() + ": " + experiment.name())
                .add("lifecycle", experiment.lifecycleStage().wireName())
                .add("artifact location", experiment.artifactLocation())
                .add("created", Formats.timestamp(experiment.creationTime()))
                .add("last updated", Formats.timestamp(experiment.lastUpdateTime()))
                .render();
        Table tags = new Table("KEY", "VALUE");
        experiment.tags().forEach(tag -> tags.addRow(tag.key(), tag.value()));
        return fields + "\n\n" + tags.renderSection("Tags");
    }
}
