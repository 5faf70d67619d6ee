package io.slipway.core.tracking;

/** Reserved tag keys that carry meaning in MLflow clients. */
public final class MlflowTags {
    public static final String RUN_NAME = "mlflow.runName";
    public static final String USER = "mlflow.user";
    public static final String PARENT_RUN_ID = "mlflow.parentRunId";
    public static final String SOURCE_NAME = "mlflow.source.name";
    public static final String SOURCE_TYPE = "mlflow.source.type";
    /** A JSON list of the MLmodel descriptors logged by the run, appended to by runs/log-model. */
    public static final String LOGGED_MODELS = "mlflow.log-model.history";

    private MlflowTags() {}
}
