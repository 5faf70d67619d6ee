package io.slipway.client.data;

import io.slipway.core.data.DatasetTag;
import java.util.List;

/**
 * What {@code addDataset} records beside the files: format ({@code csv}, {@code parquet},
 * {@code jsonl}, {@code binary}...), schema (JSON text), row count and profile (JSON text) when known, where the data
 * came from, a description and tags. Null means not given.
 */
public record AddDatasetOptions(String format, String schema, Long rowCount, String profile, String source, String description,
        List<DatasetTag> tags) {
    public static final AddDatasetOptions NONE = new AddDatasetOptions(null, null, null, null, null, null, List.of());

    public AddDatasetOptions {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
