package io.slipway.ml.onnx;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Task;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Which output of an ONNX model answers, and how it becomes {@link Predictions}:
 *
 * <ul>
 *   <li>the first float (or double) output of shape {@code [N, k]} with {@code k > 1} is class
 *       probabilities: binary for two classes, multiclass for more. The classes are the MLmodel's
 *       {@code flavors.onnx.classes} when it lists them, else {@code "0"} to {@code "k-1"}, the
 *       class indices, which is what skl2onnx's {@code label} output holds for a model trained on
 *       the labels {@code 0..k-1}. Other outputs ({@code label}) are not computed;</li>
 *   <li>else the first float output of shape {@code [N]} or {@code [N, 1]} is a regression's value.</li>
 * </ul>
 *
 * Sequences of maps (skl2onnx's ZipMap) are not read: export with {@code zipmap=False}.
 */
record OnnxOutputs(String name, Task task, List<String> classes) {
    private static final Set<OnnxJavaType> NUMBER_TYPES = Set.of(OnnxJavaType.FLOAT, OnnxJavaType.DOUBLE);

    OnnxOutputs {
        classes = List.copyOf(classes);
    }

    /**
     * The answering output of {@code outputs}; {@code declaredClasses} is null when the MLmodel
     * names none. A 400 naming {@code file} when no output fits or the classes do not.
     */
    static OnnxOutputs fit(Map<String, NodeInfo> outputs, List<String> declaredClasses, Path file) {
        for (NodeInfo node : outputs.values()) {
            if (node.getInfo() instanceof TensorInfo info && NUMBER_TYPES.contains(info.type) && info.getShape().length == 2
                    && info.getShape()[1] != 1) {
                long width = info.getShape()[1];
                List<String> classes = declaredClasses;
                if (classes == null) {
                    if (width < 2) {
                        throw SlipwayException.invalidParameter("The ONNX model %s has probabilities (output '%s' %s) for a number of"
                                + " classes it does not fix; name the classes in the MLmodel (flavors.onnx.classes).", file, node.getName(),
                                typeName(node));
                    }
                    classes = IntStream.range(0, (int) width).mapToObj(Integer::toString).toList();
                } else if (classes.size() < 2 || (width != -1 && width != classes.size())) {
                    throw SlipwayException.invalidParameter("The MLmodel of %s names %d classes (%s), but the model's probabilities (output"
                            + " '%s' %s) are for %d.", file, classes.size(), String.join(", ", classes), node.getName(), typeName(node),
                            width);
                }
                return new OnnxOutputs(node.getName(), classes.size() == 2 ? Task.BINARY : Task.MULTICLASS, classes);
            }
        }
        for (NodeInfo node : outputs.values()) {
            if (node.getInfo() instanceof TensorInfo info && NUMBER_TYPES.contains(info.type)
                    && (info.getShape().length == 1 || (info.getShape().length == 2 && info.getShape()[1] == 1))) {
                if (declaredClasses != null) {
                    throw SlipwayException.invalidParameter("The MLmodel of %s names classes (%s), but the model has no probabilities"
                            + " output (float [N, k]); its outputs are %s.", file, String.join(", ", declaredClasses),
                            OnnxInputs.describe(outputs));
                }
                return new OnnxOutputs(node.getName(), Task.REGRESSION, List.of());
            }
        }
        boolean zipMap = outputs.values().stream().anyMatch(node -> node.getInfo() instanceof SequenceInfo sequence && sequence.isSequenceOfMaps());
        throw SlipwayException.invalidParameter("The ONNX model %s has no output Slipway reads: it has %s; it needs class probabilities"
                + " (float [N, k]) or a value (float [N] or [N, 1]).%s", file, OnnxInputs.describe(outputs),
                zipMap ? " Its probabilities are a sequence of maps (skl2onnx's ZipMap): export with options={'zipmap': False}." : "");
    }

    /** The predictions in {@code result} for {@code rows} rows. */
    Predictions read(OrtSession.Result result, int rows) {
        OnnxValue value = result.get(name).orElseThrow(() -> failure("it returned no output '" + name + "'"));
        if (!(value instanceof OnnxTensor tensor)) {
            throw failure("its output '" + name + "' is not a tensor");
        }
        double[] numbers = numbers(tensor);
        if (task == Task.REGRESSION) {
            if (numbers.length != rows) {
                throw failure("it returned " + numbers.length + " values for " + rows + " rows");
            }
            return new Predictions(task, classes, numbers, null);
        }
        int k = classes.size();
        if (numbers.length != (long) rows * k) {
            throw failure("it returned " + numbers.length + " probabilities for " + rows + " rows of " + k + " classes");
        }
        double[] values = new double[rows];
        for (int row = 0; row < rows; row++) {
            values[row] = task == Task.BINARY ? numbers[row * k + 1] : likeliest(numbers, row * k, k);
        }
        return new Predictions(task, classes, values, numbers);
    }

    private static int likeliest(double[] probabilities, int offset, int k) {
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (probabilities[offset + c] > probabilities[offset + best]) {
                best = c;
            }
        }
        return best;
    }

    private static double[] numbers(OnnxTensor tensor) {
        if (tensor.getInfo().type == OnnxJavaType.DOUBLE) {
            DoubleBuffer buffer = tensor.getDoubleBuffer();
            double[] numbers = new double[buffer.remaining()];
            buffer.get(numbers);
            return numbers;
        }
        FloatBuffer buffer = tensor.getFloatBuffer();
        double[] numbers = new double[buffer.remaining()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = buffer.get(i);
        }
        return numbers;
    }

    private SlipwayException failure(String problem) {
        return new SlipwayException(ErrorCode.INTERNAL_ERROR, "The ONNX model did not answer as loaded: " + problem + ".");
    }

    /** A value's type as {@code float[-1, 2]}, {@code sequence<map<int64, float>>}. */
    static String typeName(NodeInfo node) {
        if (node.getInfo() instanceof TensorInfo info) {
            return info.type.name().toLowerCase(Locale.ROOT) + Arrays.toString(info.getShape());
        }
        if (node.getInfo() instanceof SequenceInfo sequence) {
            return sequence.isSequenceOfMaps() ? "sequence<" + mapName(sequence.mapInfo) + ">" : "sequence<" + sequence.sequenceType + ">";
        }
        if (node.getInfo() instanceof MapInfo map) {
            return mapName(map);
        }
        return node.getInfo().toString();
    }

    private static String mapName(MapInfo map) {
        return "map<" + map.keyType.name().toLowerCase(Locale.ROOT) + ", " + map.valueType.name().toLowerCase(Locale.ROOT)
                + ">";
    }
}
