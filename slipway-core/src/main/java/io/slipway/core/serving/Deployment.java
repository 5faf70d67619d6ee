package io.slipway.core.serving;

import static io.slipway.core.serving.DeploymentValidation.requireText;
import static io.slipway.core.serving.DeploymentValidation.validateLength;
import static io.slipway.core.serving.DeploymentValidation.validateTimestamp;

import io.slipway.core.SlipwayException;
import io.slipway.core.registry.ModelUri;
import io.slipway.core.registry.RegistryService;

/**
 * A model served under a name of its own. {@code modelUri} says what to serve
 * ({@code models:/fraud@champion}); {@code stable} is the version it resolved to, which answers
 * the requests now. A {@code candidate} (null when none) is being rolled out beside it, and
 * {@code rollback} (null when none) says when the candidate is taken back automatically.
 * {@code lastUpdatedTimestamp} is also the token of optimistic updates (see
 * {@link DeploymentStore#update}).
 */
public record Deployment(
        String name,
        String modelUri,
        String description,
        ModelRef stable,
        Candidate candidate,
        RollbackPolicy rollback,
        String createdBy,
        long creationTimestamp,
        long lastUpdatedTimestamp) {
    public Deployment {
        RegistryService.validateName(name, "name");
        if (modelUri == null || modelUri.isEmpty()) {
            throw SlipwayException.missingParameter("model_uri");
        }
        ModelUri uri = ModelUri.parse(modelUri);
        validateLength(description, RegistryService.MAX_DESCRIPTION_LENGTH, "description");
        if (stable == null) {
            throw SlipwayException.missingParameter("stable");
        }
        stable.validate("stable");
        if (!stable.name().equals(uri.name())) {
            throw SlipwayException.invalidParameter(
                    "Invalid value '%s' for parameter 'stable.name': the stable version must be one of model '%s', which model_uri '%s' names.",
                    stable.name(), uri.name(), modelUri);
        }
        requireText(createdBy, "created_by");
        validateTimestamp(creationTimestamp, "creation_timestamp");
        if (lastUpdatedTimestamp < creationTimestamp) {
            throw SlipwayException.invalidParameter(
                    "Invalid value %d for parameter 'last_updated_timestamp': it cannot be before creation_timestamp %d.",
                    lastUpdatedTimestamp, creationTimestamp);
        }
    }

    /** This deployment as of {@code timestamp}, for building an update. */
    public Deployment updatedAt(long timestamp) {
        return new Deployment(name, modelUri, description, stable, candidate, rollback, createdBy, creationTimestamp, timestamp);
    }

    public Deployment withStable(ModelRef newStable) {
        return new Deployment(name, modelUri, description, newStable, candidate, rollback, createdBy, creationTimestamp,
                lastUpdatedTimestamp);
    }

    /** With {@code newCandidate} (null: none). */
    public Deployment withCandidate(Candidate newCandidate) {
        return new Deployment(name, modelUri, description, stable, newCandidate, rollback, createdBy, creationTimestamp,
                lastUpdatedTimestamp);
    }
}
