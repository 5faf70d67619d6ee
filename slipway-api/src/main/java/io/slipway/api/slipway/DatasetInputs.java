package io.slipway.api.slipway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.api.ApiJson;
import io.slipway.api.mlflow.TrackingMessages.DatasetInputMessage;
import io.slipway.api.mlflow.TrackingMessages.DatasetMessage;
import io.slipway.api.mlflow.TrackingMessages.KeyValue;
import io.slipway.core.data.DatasetVersion;
import io.slipway.core.tracking.DatasetInput;
import java.util.List;

/**
 * A Slipway dataset version as an MLflow run input, so any MLflow client shows it and lineage
 * finds the run from the version: name, {@link DatasetVersion#mlflowDigest()}, source type
 * {@value DatasetVersion#MLFLOW_SOURCE_TYPE}, a source naming the version and its full digest, and
 * the version's schema and profile.
 */
public final class DatasetInputs {
    private static final ObjectMapper JSON = ApiJson.newMapper();

    private DatasetInputs() {
    }

    /** The input for a run that used {@code version} in {@code context} ({@code training}, {@code evaluation}, ...). */
    public static DatasetInputMessage of(DatasetVersion version, String context) {
        String source;
        try {
            source = JSON.writeValueAsString(JSON.createObjectNode().put("uri", version.mlflowSourceUri()).put("digest", version.digest()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a two-string JSON object cannot fail to serialize", e);
        }
        DatasetMessage dataset = new DatasetMessage(version.name(), version.mlflowDigest(), DatasetVersion.MLFLOW_SOURCE_TYPE, source,
                version.schema(), version.profile());
        return new DatasetInputMessage(List.of(new KeyValue(DatasetInput.CONTEXT_TAG, context)), dataset);
    }
}
