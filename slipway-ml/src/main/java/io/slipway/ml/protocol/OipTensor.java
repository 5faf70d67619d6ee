package io.slipway.ml.protocol;

import static java.util.Objects.requireNonNull;

import io.slipway.ml.frame.Column;
import java.util.List;

/**
 * One input tensor of an Open Inference Protocol request: its data flattened row-major into a
 * {@link Column}, numbers (NaN where the JSON held null) for every datatype but {@code BYTES},
 * whose strings make a text column.
 */
public record OipTensor(String name, String datatype, List<Long> shape, Column data) {
    public OipTensor {
        requireNonNull(name, "name is null");
        requireNonNull(datatype, "datatype is null");
        shape = List.copyOf(requireNonNull(shape, "shape is null"));
        requireNonNull(data, "data is null");
    }

    /** The first dimension: how many rows the tensor carries. */
    public long rows() {
        return shape.isEmpty() ? 1 : shape.get(0);
    }
}
