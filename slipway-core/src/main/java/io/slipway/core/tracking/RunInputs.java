package io.slipway.core.tracking;

import static java.util.Objects.requireNonNull;

import java.util.List;

public record RunInputs(List<DatasetInput> datasetInputs) {
    public RunInputs {
        datasetInputs = List.copyOf(requireNonNull(datasetInputs, "datasetInputs is null"));
    }
}
