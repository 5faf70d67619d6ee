package io.slipway.server.serving;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactService;
import io.slipway.core.registry.RegistryService;
import io.slipway.core.serving.Deployment;
import io.slipway.core.serving.DeploymentService;
import io.slipway.core.serving.ModelRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serving inside {@code slipway server}: deployments from the server's own service, each
 * reconciled first (alias moves followed, scheduled canary steps taken), so that the sync loop is
 * also the rollout controller; models copied from the artifact store.
 */
public final class LocalServingBackend implements ServingBackend {
    private static final Logger LOG = LoggerFactory.getLogger(LocalServingBackend.class);

    private final DeploymentService deployments;
    private final RegistryService registry;
    private final ArtifactService artifacts;

    public LocalServingBackend(DeploymentService deployments, RegistryService registry, ArtifactService artifacts) {
        this.deployments = requireNonNull(deployments, "deployments is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
    }

    @Override
    public List<Deployment> deployments() {
        List<Deployment> reconciled = new ArrayList<>();
        for (Deployment deployment : deployments.list()) {
            try {
                reconciled.add(deployments.reconcile(deployment.name()));
            } catch (SlipwayException e) {
                LOG.warn("Deployment '{}' could not be reconciled: {}", deployment.name(), e.getMessage());
                reconciled.add(deployment);
            }
        }
        return reconciled;
    }

    @Override
    public void fetchModel(ModelRef model, Path into) {
        String location = registry.getModelVersion(model.name(), model.version()).storageLocation();
        if (artifacts.downloadTree(ArtifactService.pathOfUri(location).toString(), into) == 0) {
            throw SlipwayException.invalidParameter("Model version %s holds no files (%s).", model, location);
        }
    }

    @Override
    public void rollBack(String deployment, String candidateVersion, String reason) {
        deployments.rollback(deployment, candidateVersion, reason, DeploymentService.SYSTEM_ACTOR);
    }
}
