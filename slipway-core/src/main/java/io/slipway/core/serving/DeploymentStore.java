package io.slipway.core.serving;

import java.util.List;
import java.util.Optional;

/**
 * Where deployments and their history live. Every write changes the deployment and appends its
 * event in one transaction, numbering the event next in its deployment name's history (the
 * sequence an event is given is ignored). The history outlives the deployment: a deployment
 * deleted and created again under the same name continues its numbering.
 */
public interface DeploymentStore {
    /** Stores a new deployment and its {@code created} event; RESOURCE_ALREADY_EXISTS when the name is taken. */
    Deployment create(Deployment deployment, DeploymentEvent created);

    Optional<Deployment> get(String name);

    /** All deployments, by name. */
    List<Deployment> list();

    /**
     * Replaces the deployment named {@code updated.name()} (its creator and creation time stay)
     * if it was last updated at {@code expectedLastUpdatedTimestamp}: otherwise someone changed it
     * since the caller read it, and this fails with RESOURCE_CONFLICT (409) and changes nothing.
     * RESOURCE_DOES_NOT_EXIST when there is no such deployment. The stored last-updated time is
     * {@code updated.lastUpdatedTimestamp()}, but at least {@code expectedLastUpdatedTimestamp + 1},
     * so that every update invalidates the token it was made with, even within one millisecond.
     */
    Deployment update(Deployment updated, long expectedLastUpdatedTimestamp, DeploymentEvent event);

    /** Deletes the deployment and appends {@code deleted}; RESOURCE_DOES_NOT_EXIST when there is none. */
    void delete(String name, DeploymentEvent deleted);

    /** The name's last {@code maxResults} events, newest first; its history stays after a deletion. */
    List<DeploymentEvent> events(String name, int maxResults);
}
