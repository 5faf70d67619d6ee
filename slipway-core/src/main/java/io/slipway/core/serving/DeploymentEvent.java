package io.slipway.core.serving;

import static io.slipway.core.serving.DeploymentValidation.requireText;
import static io.slipway.core.serving.DeploymentValidation.validateLength;
import static io.slipway.core.serving.DeploymentValidation.validateTimestamp;
import static io.slipway.core.serving.DeploymentValidation.validateVersion;

import io.slipway.core.SlipwayException;
import io.slipway.core.registry.RegistryService;

/**
 * One entry of a deployment's history: who did what, when, between which versions
 * ({@code fromVersion} and {@code toVersion}, null where there is none: a creation has no
 * "from", a deletion no "to"), and why ({@code reason}, null when none was given, e.g.
 * {@code p99 31 ms > 10 ms over 500 requests}). {@code sequence} numbers a name's events from 1;
 * the store assigns it, so a new event carries 0.
 */
public record DeploymentEvent(
        String deploymentName,
        long sequence,
        long timestamp,
        String actor,
        Kind kind,
        String fromVersion,
        String toVersion,
        String reason) {
    public enum Kind {
        CREATED,
        CANDIDATE_SET,
        PERCENT_CHANGED,
        PROMOTED,
        ROLLED_BACK,
        /** The alias the deployment's model URI names moved, and the stable version with it. */
        MODEL_MOVED,
        DELETED
    }

    public DeploymentEvent {
        RegistryService.validateName(deploymentName, "deployment_name");
        if (sequence < 0) {
            throw SlipwayException.invalidParameter("Invalid value %d for parameter 'sequence': events are numbered from 1.", sequence);
        }
        validateTimestamp(timestamp, "timestamp");
        requireText(actor, "actor");
        if (kind == null) {
            throw SlipwayException.missingParameter("kind");
        }
        if (fromVersion != null) {
            validateVersion(fromVersion, "from_version");
        }
        if (toVersion != null) {
            validateVersion(toVersion, "to_version");
        }
        validateLength(reason, DeploymentValidation.MAX_REASON_LENGTH, "reason");
    }

    /** A new event, to be numbered by the store. */
    public static DeploymentEvent of(String deploymentName, long timestamp, String actor, Kind kind, String fromVersion,
            String toVersion, String reason) {
        return new DeploymentEvent(deploymentName, 0, timestamp, actor, kind, fromVersion, toVersion, reason);
    }

    /** This event numbered {@code newSequence}. */
    public DeploymentEvent numbered(long newSequence) {
        return new DeploymentEvent(deploymentName, newSequence, timestamp, actor, kind, fromVersion, toVersion, reason);
    }
}
