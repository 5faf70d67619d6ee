package io.slipway.core.registry;

import io.slipway.core.tracking.Run;

/**
 * Makes the MLmodel descriptor a new model version stores: MLflow's descriptor found at the
 * version's storage location (validated), plus Slipway's additions such as the datasets the run
 * was trained on. Implemented outside core, where YAML and the artifact store are at hand.
 */
public interface ModelDescriptors {
    /** No descriptors: versions store none. */
    ModelDescriptors NONE = (storageLocation, run) -> null;

    /**
     * The descriptor as JSON, or null when none can be made. Fails with INVALID_PARAMETER_VALUE
     * (naming the file) when an MLmodel file is there but malformed.
     *
     * @param run the run the version comes from, null when it has none
     */
    String describe(String storageLocation, Run run);
}
