package io.slipway.cli.serving;

import static java.util.Objects.requireNonNull;

import io.slipway.cli.train.ClientWorkspace;
import io.slipway.client.SlipwayClient;
import io.slipway.core.serving.Deployment;
import io.slipway.core.serving.ModelRef;
import io.slipway.server.serving.SegmentSink;
import io.slipway.server.serving.ServingBackend;
import java.nio.file.Path;
import java.util.List;

/**
 * A replica's view of the platform, through the REST API: its one deployment, model versions
 * downloaded as the CLI downloads them, rollbacks recorded on the server (which owns deployments),
 * and prediction-log segments uploaded to the server's artifact store.
 */
final class ClientServingBackend implements ServingBackend, SegmentSink {
    private final SlipwayClient client;
    private final String deployment;
    private final ClientWorkspace workspace;

    ClientServingBackend(SlipwayClient client, String deployment, Path cacheDir) {
        this.client = requireNonNull(client, "client is null");
        this.deployment = requireNonNull(deployment, "deployment is null");
        this.workspace = new ClientWorkspace(client, cacheDir);
    }

    @Override
    public List<Deployment> deployments() {
        return List.of(client.getDeployment(deployment));
    }

    @Override
    public void fetchModel(ModelRef model, Path into) {
        workspace.fetchModel("models:/" + model.name() + "/" + model.version(), into);
    }

    @Override
    public void rollBack(String name, String candidateVersion, String reason) {
        client.rollbackDeployment(name, reason, candidateVersion);
    }

    @Override
    public void store(String relativePath, Path file) {
        client.uploadPredictionSegment(relativePath, file);
    }
}
