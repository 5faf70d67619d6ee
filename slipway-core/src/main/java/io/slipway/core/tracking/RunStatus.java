package io.slipway.core.tracking;

/** MLflow's run states; the names are the wire form. */
public enum RunStatus {
    RUNNING,
    SCHEDULED,
    FINISHED,
    FAILED,
    KILLED
}
