package io.slipway.core.serving;

import static io.slipway.core.serving.DeploymentValidation.requireText;
import static io.slipway.core.serving.DeploymentValidation.validateLength;
import static io.slipway.core.serving.DeploymentValidation.validateTimestamp;
import static io.slipway.core.serving.DeploymentValidation.validateVersion;

import io.slipway.core.SlipwayException;
import io.slipway.core.registry.ModelUri;
import io.slipway.core.registry.RegistryService;

/**
 * A model served under a name of its own. {@code modelUri} says what to serve
 * ({@code models:/fraud@champion}); {@code stable} is the version it resolved to, which answers
 * the requests now. A {@code candidate} (null when none) is being rolled out beside it, and
 * {@code rollback} (null when none) says when the candidate is taken back automatically.
 * {@code rollout} says how a new version the URI comes to name is rolled out, and
 * {@code followedVersion} is the version the URI resolved to when it was last followed: the
 * controller acts when the URI names another one, not when the stable version differs (a rollback
 * leaves the URI where it was, and must not be undone).
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
        Rollout rollout,
        String followedVersion,
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
        if (rollout == null) {
            throw SlipwayException.missingParameter("rollout");
        }
        validateVersion(followedVersion, "followed_version");
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
        return new Deployment(name, modelUri, description, stable, candidate, rollback, rollout, followedVersion, createdBy,
                creationTimestamp, timestamp);
    }

    public Deployment withStable(ModelRef newStable) {
        return new Deployment(name, modelUri, description, newStable, candidate, rollback, rollout, followedVersion, createdBy,
                creationTimestamp, lastUpdatedTimestamp);
    }

    /** With {@code newCandidate} (null: none). */
    public Deployment withCandidate(Candidate newCandidate) {
        return new Deployment(name, modelUri, description, stable, newCandidate, rollback, rollout, followedVersion, createdBy,
                creationTimestamp, lastUpdatedTimestamp);
    }

    /** Having followed its model URI to {@code version}. */
    public Deployment withFollowedVersion(String version) {
        return new Deployment(name, modelUri, description, stable, candidate, rollback, rollout, version, createdBy,
                creationTimestamp, lastUpdatedTimestamp);
    }
}
