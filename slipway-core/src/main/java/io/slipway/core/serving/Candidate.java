package io.slipway.core.serving;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;

/**
 * The version a deployment is rolling out beside its stable one: in CANARY mode it answers
 * {@code percent} of the requests (0 to 100); in SHADOW mode it answers none, so the percent is 0.
 */
public record Candidate(ModelRef model, RolloutMode mode, int percent) {
    public Candidate {
        if (model == null) {
            throw SlipwayException.missingParameter("candidate.model");
        }
        model.validate("candidate.model");
        if (mode == null) {
            throw SlipwayException.missingParameter("candidate.mode");
        }
        if (percent < 0 || percent > 100) {
            throw SlipwayException.invalidParameter("Invalid value %d for parameter 'candidate.percent': a percentage from 0 to 100.",
                    percent);
        }
        if (mode == RolloutMode.SHADOW && percent != 0) {
            throw SlipwayException.invalidParameter(
                    "Invalid value %d for parameter 'candidate.percent': a SHADOW candidate answers no requests, so its percent is 0.",
                    percent);
        }
    }

    /** A canary taking {@code percent} of the requests. */
    public static Candidate canary(ModelRef model, int percent) {
        return new Candidate(requireNonNull(model, "model is null"), RolloutMode.CANARY, percent);
    }

    /** A shadow that sees every request and answers none. */
    public static Candidate shadow(ModelRef model) {
        return new Candidate(requireNonNull(model, "model is null"), RolloutMode.SHADOW, 0);
    }
}
