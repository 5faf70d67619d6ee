package io.slipway.ml.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.api.mlmodel.MlModel;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A few raw training rows saved with the model as MLflow saves an input example: pandas' split
 * orientation ({@code {"columns": [...], "data": [[...], ...]}}) in {@code input_example.json},
 * named by the MLmodel's {@code saved_input_example_info}, so MLflow and the model card show
 * what a request looks like.
 */
final class InputExample {
    static final int ROWS = 5;

    private static final ObjectMapper JSON = new ObjectMapper();

    private InputExample() {
    }

    /** Writes the first {@value #ROWS} rows of {@code frame}'s {@code columns} and names the file in the directory's MLmodel. */
    static void write(Path directory, Frame frame, List<String> columns) {
        ObjectNode example = JSON.createObjectNode();
        ArrayNode names = example.putArray("columns");
        columns.forEach(names::add);
        ArrayNode data = example.putArray("data");
        for (int row = 0; row < Math.min(ROWS, frame.rowCount()); row++) {
            ArrayNode values = data.addArray();
            for (String name : columns) {
                Column column = frame.require(name);
                if (column.isMissing(row)) {
                    values.addNull();
                } else if (column instanceof Column.Numbers numbers) {
                    values.add(numbers.values()[row]);
                } else {
                    values.add(column.text(row));
                }
            }
        }
        Path descriptor = directory.resolve(MlModel.FILE_NAME);
        try {
            Files.write(directory.resolve(TrainedModel.INPUT_EXAMPLE_FILE), JSON.writeValueAsBytes(example));
            MlModel model = MlModel.parse(Files.readAllBytes(descriptor), descriptor.toString());
            Map<String, Object> fields = new LinkedHashMap<>(model.fields());
            Map<String, Object> info = new LinkedHashMap<>(); // in MLflow's order, so the same model writes the same file
            info.put("artifact_path", TrainedModel.INPUT_EXAMPLE_FILE);
            info.put("type", "dataframe");
            info.put("pandas_orient", "split");
            fields.put("saved_input_example_info", info);
            // JSON is YAML: parsing checks the new field as it would a file's
            Files.writeString(descriptor, MlModel.parse(JSON.writeValueAsString(fields).getBytes(StandardCharsets.UTF_8),
                    descriptor.toString()).toYaml());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the input example to " + directory + ": " + e.getMessage(), e);
        }
    }
}
