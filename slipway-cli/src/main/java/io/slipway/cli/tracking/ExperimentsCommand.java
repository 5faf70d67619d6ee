package io.slipway.cli.tracking;

import io.slipway.api.mlflow.TrackingMessages.CreateExperimentResponse;
import io.slipway.api.mlflow.TrackingMessages.Empty;
import io.slipway.api.mlflow.TrackingMessages.ExperimentResponse;
import io.slipway.api.mlflow.TrackingMessages.SearchExperimentsResponse;
import io.slipway.core.SlipwayException;
import io.slipway.core.tracking.Experiment;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway experiments ...}: each subcommand is one call of the tracking API. */
@Command(name = "experiments", description = "Create, find and manage experiments.")
public final class ExperimentsCommand extends TrackingCommand {

    @Command(name = "create", description = "Creates an experiment and prints its ID.")
    void create(
            @Parameters(paramLabel = "NAME", description = "A name no other experiment has.") String name,
            @Option(names = "--artifact-location", paramLabel = "URI",
                    description = "Where its runs keep artifacts (default: the server's artifact store).") String artifactLocation,
            @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "An experiment tag; repeatable.") List<Tag> tags) {
        String id = client().createExperiment(name, artifactLocation, Tag.toMap(tags));
        output().print(new CreateExperimentResponse(id), () -> id);
    }

    @Command(name = "list", description = "Lists experiments (all pages).")
    void list(
            @Option(names = "--filter", paramLabel = "FILTER",
                    description = "MLflow search filter, e.g. \"name LIKE 'fraud%'\" or \"tags.team = 'risk'\".") String filter,
            @Option(names = "--view", paramLabel = "VIEW", defaultValue = "active",
                    description = "active (default), deleted or all.") LifecycleView view,
            @Option(names = "--max-results", paramLabel = "N", description = "Show at most N experiments.") Integer maxResults,
            @Option(names = "--order-by", paramLabel = "CLAUSE",
                    description = "e.g. \"name ASC\" or \"creation_time DESC\"; repeatable.") List<String> orderBy) {
        List<Experiment> experiments = Pages.collect(maxResults,
                (pageSize, token) -> client().searchExperiments(filter, view.viewType(), (long) pageSize, orderBy, token));
        output().print(new SearchExperimentsResponse(experiments, null), () -> ExperimentViews.list(experiments));
    }

    /** {@code get} takes an ID or a name, exactly one of them. */
    static final class ExperimentRef {
        @Parameters(paramLabel = "ID", description = "The experiment's ID.")
        String id;

        @Option(names = "--name", paramLabel = "NAME", description = "The experiment's name instead of its ID.")
        String name;
    }

    @Command(name = "get", description = "Shows one experiment, by ID or by --name.")
    void get(@ArgGroup(exclusive = true, multiplicity = "1") ExperimentRef ref) {
        Experiment experiment = ref.id != null
                ? client().getExperiment(ref.id)
                : client().findExperimentByName(ref.name)
                        .orElseThrow(() -> SlipwayException.notFound("No experiment named '%s' exists.", ref.name));
        output().print(new ExperimentResponse(experiment), () -> ExperimentViews.detail(experiment));
    }

    @Command(name = "rename", description = "Gives an experiment a new name.")
    void rename(@Parameters(paramLabel = "ID") String id, @Parameters(paramLabel = "NEW_NAME") String newName) {
        client().renameExperiment(id, newName);
        output().print(Empty.INSTANCE, () -> "Renamed experiment " + id + " to '" + newName + "'.");
    }

    @Command(name = "delete", description = "Moves an experiment and its runs to the trash (restore brings them back).")
    void delete(@Parameters(paramLabel = "ID") String id) {
        client().deleteExperiment(id);
        output().print(Empty.INSTANCE, () -> "Deleted experiment " + id + ".");
    }

    @Command(name = "restore", description = "Brings a deleted experiment back.")
    void restore(@Parameters(paramLabel = "ID") String id) {
        client().restoreExperiment(id);
        output().print(Empty.INSTANCE, () -> "Restored experiment " + id + ".");
    }

    @Command(name = "tag", description = "Sets a tag on an experiment.")
    void tag(@Parameters(paramLabel = "ID") String id, @Parameters(paramLabel = "KEY") String key,
            @Parameters(paramLabel = "VALUE") String value) {
        client().setExperimentTag(id, key, value);
        output().print(Empty.INSTANCE, () -> "Set tag " + key + "=" + value + " on experiment " + id + ".");
    }
}
