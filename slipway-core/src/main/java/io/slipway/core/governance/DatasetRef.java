package io.slipway.core.governance;

import static java.util.Objects.requireNonNull;

import io.slipway.core.tracking.Dataset;
import io.slipway.core.tracking.DatasetInput;
import io.slipway.core.tracking.InputTag;

/**
 * A dataset as lineage and model cards name it: what identifies it (name, digest) and where it
 * came from, without its schema and profile. {@code context} is how a run used it (the
 * {@code mlflow.data.context} tag: {@code training}, {@code eval}, ...; empty when untagged), or
 * null where no single run is meant.
 */
public record DatasetRef(String name, String digest, String sourceType, String source, String context) {
    public DatasetRef {
        requireNonNull(name, "name is null");
        requireNonNull(digest, "digest is null");
        sourceType = sourceType == null ? "" : sourceType;
        source = source == null ? "" : source;
    }

    /** The dataset of one run input, with the context the run used it in. */
    public static DatasetRef of(DatasetInput input) {
        String context = input.tags().stream().filter(t -> t.key().equals(DatasetInput.CONTEXT_TAG))
                .map(InputTag::value).findFirst().orElse("");
        return of(input.dataset(), context);
    }

    public static DatasetRef of(Dataset dataset, String context) {
        return new DatasetRef(dataset.name(), dataset.digest(), dataset.sourceType(), dataset.source(), context);
    }

    /** The same dataset, not tied to one use of it. */
    public DatasetRef withoutContext() {
        return new DatasetRef(name, digest, sourceType, source, null);
    }
}
