package io.slipway.core.registry;

/** Registration state of a model version; versions are READY as soon as they are created. */
public enum ModelVersionStatus {
    PENDING_REGISTRATION,
    FAILED_REGISTRATION,
    READY
}
