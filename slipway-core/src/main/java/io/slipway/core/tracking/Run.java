package io.slipway.core.tracking;

import static java.util.Objects.requireNonNull;

public record Run(RunInfo info, RunData data, RunInputs inputs) {
    public Run {
        requireNonNull(info, "info is null");
        requireNonNull(data, "data is null");
        requireNonNull(inputs, "inputs is null");
    }
}
