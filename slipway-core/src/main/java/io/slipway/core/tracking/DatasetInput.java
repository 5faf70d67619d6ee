package io.slipway.core.tracking;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A dataset used by a run, with tags saying how (e.g. {@code mlflow.data.context=training}). */
public record DatasetInput(List<InputTag> tags, Dataset dataset) {
    public static final String CONTEXT_TAG = "mlflow.data.context";

    public DatasetInput {
        tags = List.copyOf(requireNonNull(tags, "tags is null"));
        requireNonNull(dataset, "dataset is null");
    }
}
