package io.slipway.core.tracking;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What a run logged: the latest value of each metric, its params and its tags. */
public record RunData(List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    public RunData {
        metrics = List.copyOf(requireNonNull(metrics, "metrics is null"));
        params = List.copyOf(requireNonNull(params, "params is null"));
        tags = List.copyOf(requireNonNull(tags, "tags is null"));
    }
}
