package io.slipway.ml.onnx;

import static java.util.Objects.requireNonNull;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import io.slipway.core.SlipwayException;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.InputColumn;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a frame's columns become an ONNX model's input tensors, in one of the two layouts exported
 * models have: one float (or double) tensor {@code [N, F]} holding the signature's columns in
 * order (what skl2onnx and a PyTorch {@code Linear} take), or one tensor {@code [N]} or
 * {@code [N, 1]} per column, named as the column. Missing values are NaN.
 */
final class OnnxInputs {
    private static final Set<OnnxJavaType> NUMBER_TYPES = Set.of(OnnxJavaType.FLOAT, OnnxJavaType.DOUBLE);

    /** One ONNX input: its name, the signature columns it holds (one per tensor column), its type and rank. */
    private record Tensor(String name, List<InputColumn> columns, OnnxJavaType type, int rank) {
    }

    private final List<InputColumn> columns;
    private final List<Tensor> tensors;

    private OnnxInputs(List<InputColumn> columns, List<Tensor> tensors) {
        this.columns = columns;
        this.tensors = tensors;
    }

    /**
     * The layout of {@code onnxInputs} (from the session) for the signature's {@code columns}; a
     * 400 naming {@code file} and the mismatch when they fit neither layout.
     */
    static OnnxInputs fit(List<InputColumn> columns, Map<String, NodeInfo> onnxInputs, Path file) {
        requireNonNull(columns, "columns is null");
        for (InputColumn column : columns) {
            if (!column.isNumeric()) {
                throw SlipwayException.invalidParameter("The signature of %s has the %s column '%s'; an onnx model takes number columns only"
                        + " (encode text before exporting, or log the model with its preprocessing in the graph).", file, column.type(),
                        column.name());
            }
        }
        Map<String, TensorInfo> tensorInfos = new LinkedHashMap<>();
        onnxInputs.forEach((name, node) -> {
            if (node.getInfo() instanceof TensorInfo info && NUMBER_TYPES.contains(info.type)) {
                tensorInfos.put(name, info);
            }
        });
        tensorInfos.forEach((name, info) -> {
            if (info.getShape().length > 0 && info.getShape()[0] != -1) {
                // e.g. torch.onnx.export without dynamic_axes: the graph would refuse every other batch size
                throw SlipwayException.invalidParameter("The ONNX model %s takes batches of exactly %d rows (input '%s' %s); export it with a"
                        + " dynamic batch axis (torch.onnx.export(..., dynamic_axes={'%s': {0: 'batch'}})).", file, info.getShape()[0], name,
                        OnnxOutputs.typeName(onnxInputs.get(name)), name);
            }
        });
        if (onnxInputs.size() == 1 && tensorInfos.size() == 1) {
            Map.Entry<String, TensorInfo> only = tensorInfos.entrySet().iterator().next();
            long[] shape = only.getValue().getShape();
            boolean oneColumnByName = columns.size() == 1 && only.getKey().equals(columns.get(0).name());
            if (shape.length == 2 && (shape[1] == columns.size() || shape[1] == -1) && !oneColumnByName) {
                return new OnnxInputs(List.copyOf(columns), List.of(new Tensor(only.getKey(), List.copyOf(columns), only.getValue().type, 2)));
            }
        }
        Set<String> names = columns.stream().map(InputColumn::name).collect(Collectors.toSet());
        if (onnxInputs.size() == columns.size() && tensorInfos.size() == columns.size() && names.equals(tensorInfos.keySet())
                && tensorInfos.values().stream().allMatch(OnnxInputs::isColumnShape)) {
            List<Tensor> perColumn = new ArrayList<>();
            for (InputColumn column : columns) {
                TensorInfo info = tensorInfos.get(column.name());
                perColumn.add(new Tensor(column.name(), List.of(column), info.type, info.getShape().length));
            }
            return new OnnxInputs(List.copyOf(columns), List.copyOf(perColumn));
        }
        throw SlipwayException.invalidParameter("The ONNX model %s does not fit its signature: the model takes %s; the signature has %d"
                + " columns (%s). It needs one float tensor [N, %d] holding the columns in signature order, or one input per column named"
                + " as the column.", file, describe(onnxInputs), columns.size(),
                columns.stream().map(InputColumn::name).collect(Collectors.joining(", ")), columns.size());
    }

    private static boolean isColumnShape(TensorInfo info) {
        long[] shape = info.getShape();
        return shape.length == 1 || (shape.length == 2 && (shape[1] == 1 || shape[1] == -1));
    }

    /** The inputs as {@code name type[shape]}, e.g. {@code float_input float[-1, 4]}. */
    static String describe(Map<String, NodeInfo> nodes) {
        if (nodes.isEmpty()) {
            return "no inputs";
        }
        return nodes.values().stream().map(node -> node.getName() + " " + OnnxOutputs.typeName(node)).collect(Collectors.joining(", "));
    }

    List<InputColumn> columns() {
        return columns;
    }

    /**
     * The tensors for {@code frame}'s rows, which the caller closes. A missing required column, or
     * text where a number belongs, is a 400 naming the column.
     */
    Map<String, OnnxTensor> tensors(OrtEnvironment environment, Frame frame) throws OrtException {
        int rows = frame.rowCount();
        List<double[]> values = new ArrayList<>(columns.size());
        for (InputColumn column : columns) {
            values.add(numbers(frame, column));
        }
        Map<String, OnnxTensor> created = new LinkedHashMap<>();
        try {
            int first = 0;
            for (Tensor tensor : tensors) {
                int width = tensor.columns().size();
                long[] shape = tensor.rank() == 1 ? new long[] {rows} : new long[] {rows, width};
                List<double[]> own = values.subList(first, first + width);
                created.put(tensor.name(), tensor.type() == OnnxJavaType.DOUBLE
                        ? OnnxTensor.createTensor(environment, DoubleBuffer.wrap(rowMajorDoubles(own, rows)), shape)
                        : OnnxTensor.createTensor(environment, FloatBuffer.wrap(rowMajorFloats(own, rows)), shape));
                first += width;
            }
            return created;
        } catch (OrtException | RuntimeException e) {
            created.values().forEach(OnnxTensor::close);
            throw e;
        }
    }

    private static double[] numbers(Frame frame, InputColumn input) {
        Column column = input.required() ? frame.require(input.name()) : frame.column(input.name()).orElse(null);
        if (column == null) {
            return allMissing(frame.rowCount());
        }
        if (column instanceof Column.Numbers numbers) {
            return numbers.values();
        }
        for (int row = 0; row < column.size(); row++) {
            if (!column.isMissing(row)) {
                throw SlipwayException.invalidParameter("Invalid column '%s': the model takes numbers (%s), the input has text ('%s' at row %d).",
                        input.name(), input.type(), column.text(row), row);
            }
        }
        return allMissing(column.size());
    }

    private static double[] allMissing(int rows) {
        double[] missing = new double[rows];
        Arrays.fill(missing, Double.NaN);
        return missing;
    }

    private static float[] rowMajorFloats(List<double[]> columns, int rows) {
        int width = columns.size();
        float[] matrix = new float[rows * width];
        for (int c = 0; c < width; c++) {
            double[] column = columns.get(c);
            for (int row = 0; row < rows; row++) {
                matrix[row * width + c] = (float) column[row];
            }
        }
        return matrix;
    }

    private static double[] rowMajorDoubles(List<double[]> columns, int rows) {
        int width = columns.size();
        double[] matrix = new double[rows * width];
        for (int c = 0; c < width; c++) {
            double[] column = columns.get(c);
            for (int row = 0; row < rows; row++) {
                matrix[row * width + c] = column[row];
            }
        }
        return matrix;
    }
}
