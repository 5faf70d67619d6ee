package io.slipway.core.serving;

/**
 * How a candidate takes traffic: CANARY answers its percentage of requests; SHADOW gets a copy of
 * every request after the stable answer is on its way, and its answers are only logged.
 */
public enum RolloutMode {
    CANARY,
    SHADOW
}
