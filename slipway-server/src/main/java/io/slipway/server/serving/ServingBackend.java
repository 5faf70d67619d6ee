package io.slipway.server.serving;

import io.slipway.core.serving.Deployment;
import io.slipway.core.serving.ModelRef;
import java.nio.file.Path;
import java.util.List;

/**
 * What serving needs from the platform: the server's own services in {@code slipway server}, the
 * Java client in a replica ({@code slipway serve --deployment NAME}). Methods throw the platform's
 * errors; a replica's also throw when the server cannot be reached, and serving retries.
 */
public interface ServingBackend {
    /** The deployments to serve as they are now: all of them in the server, the one named in a replica. */
    List<Deployment> deployments();

    /** Downloads {@code model}'s files into the empty directory {@code into} (a model directory with its MLmodel). */
    void fetchModel(ModelRef model, Path into);

    /**
     * Takes the deployment's candidate back because it breached its rollback policy, unless the
     * candidate is another version by now; {@code reason} carries the numbers.
     */
    void rollBack(String deployment, String candidateVersion, String reason);
}
