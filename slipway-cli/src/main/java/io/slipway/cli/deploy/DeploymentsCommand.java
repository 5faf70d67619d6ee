package io.slipway.cli.deploy;

import io.slipway.api.mlflow.TrackingMessages.Empty;
import io.slipway.api.slipway.DeploymentMessages.DeploymentResponse;
import io.slipway.api.slipway.DeploymentMessages.DeploymentView;
import io.slipway.api.slipway.DeploymentMessages.DeploymentsResponse;
import io.slipway.api.slipway.DeploymentMessages.EventsResponse;
import io.slipway.cli.tracking.TrackingCommand;
import io.slipway.core.serving.Deployment;
import io.slipway.core.serving.DeploymentEvent;
import io.slipway.core.serving.RolloutMode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway deployments ...}: what each deployment serves, and rolling versions out by hand. */
@Command(name = "deployments", description = "List and show deployments; roll a candidate out, promote it or roll it back.")
public final class DeploymentsCommand extends TrackingCommand {
    private static final String NAME_HELP = "The deployment's name.";

    @Command(name = "list", description = "Lists the deployments you may read: what each serves and rolls out.")
    void list() {
        List<Deployment> deployments = client().listDeployments();
        output().print(new DeploymentsResponse(deployments.stream().map(DeploymentView::of).toList()),
                () -> DeploymentViews.list(deployments));
    }

    @Command(name = "show", description = "Shows one deployment: its model URI, stable version, candidate, rollout and rollback policy.")
    void show(@Parameters(paramLabel = "NAME", description = NAME_HELP) String name) {
        Deployment deployment = client().getDeployment(name);
        output().print(DeploymentResponse.of(deployment), () -> DeploymentViews.detail(deployment));
    }

    @Command(name = "events", description = "Shows a deployment's history, newest first: who changed what, between which versions, why.")
    void events(
            @Parameters(paramLabel = "NAME", description = NAME_HELP) String name,
            @Option(names = "--max-results", paramLabel = "N", description = "At most N events (default 100, at most 1000).")
            Integer maxResults) {
        List<DeploymentEvent> events = client().deploymentEvents(name, maxResults);
        output().print(new EventsResponse(events), () -> DeploymentViews.events(name, events));
    }

    @Command(name = "canary", description = "Rolls VERSION of the deployment's model out as a canary answering PERCENT of the requests.")
    void canary(
            @Parameters(paramLabel = "NAME", description = NAME_HELP) String name,
            @Option(names = "--version", required = true, paramLabel = "VERSION") String version,
            @Option(names = "--percent", required = true, paramLabel = "PERCENT", description = "0 to 100.") int percent) {
        changed(client().setDeploymentCandidate(name, version, RolloutMode.CANARY, percent));
    }

    @Command(name = "shadow", description = "Rolls VERSION of the deployment's model out as a shadow: it sees every request, answers none.")
    void shadow(
            @Parameters(paramLabel = "NAME", description = NAME_HELP) String name,
            @Option(names = "--version", required = true, paramLabel = "VERSION") String version) {
        changed(client().setDeploymentCandidate(name, version, RolloutMode.SHADOW, null));
    }

    @Command(name = "percent", description = "Sets the canary's share of the requests.")
    void percent(
            @Parameters(index = "0", paramLabel = "NAME", description = NAME_HELP) String name,
            @Parameters(index = "1", paramLabel = "PERCENT", description = "0 to 100.") int percent) {
        changed(client().setDeploymentPercent(name, percent));
    }

    @Command(name = "promote", description = "Makes the candidate the stable version.")
    void promote(@Parameters(paramLabel = "NAME", description = NAME_HELP) String name) {
        changed(client().promoteDeployment(name));
    }

    @Command(name = "rollback", description = "Drops the candidate; without one, takes the stable version back to the one it replaced.")
    void rollback(
            @Parameters(paramLabel = "NAME", description = NAME_HELP) String name,
            @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the history.") String reason) {
        changed(client().rollbackDeployment(name, reason, null));
    }

    @Command(name = "delete", description = "Deletes a deployment (its history stays).")
    void delete(@Parameters(paramLabel = "NAME", description = NAME_HELP) String name) {
        client().deleteDeployment(name);
        output().print(Empty.INSTANCE, () -> "Deleted deployment " + name + ".");
    }

    private void changed(Deployment deployment) {
        output().print(DeploymentResponse.of(deployment), () -> DeploymentViews.summary(deployment));
    }
}
