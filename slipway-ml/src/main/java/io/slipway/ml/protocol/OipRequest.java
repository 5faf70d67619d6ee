package io.slipway.ml.protocol;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A decoded Open Inference Protocol inference request ({@code POST /v2/models/{name}/infer}).
 * {@code outputs} are the names the client asked for; empty means all of them.
 */
public record OipRequest(Optional<String> id, Map<String, Object> parameters, List<OipTensor> inputs, List<String> outputs) {
    public OipRequest {
        requireNonNull(id, "id is null");
        parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
    }
}
