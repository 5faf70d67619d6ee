package io.slipway.ml.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.slipway.core.SlipwayException;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.InputColumn;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Open Inference Protocol v2 REST bodies, without HTTP: an inference request decoded and
 * turned into a {@link Frame}, {@link Predictions} encoded as a response, and a model's metadata.
 * Reads and writes with Jackson's streaming API, as this is on every request's path. Every
 * problem with a request is a 400 naming the field.
 *
 * <p>A tabular model takes its columns in one of two layouts: one tensor per column, named as
 * the column, of shape {@code [rows]} or {@code [rows, 1]}; or a single numeric
 * {@code [rows, features]} tensor of any name whose features are the signature's columns in order.
 */
public final class OipCodec {
    /** Schubfach and FastDoubleParser: the same doubles as the JDK's, several times faster on the request path. */
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    private static final Set<String> FLOAT_TYPES = Set.of("FP32", "FP64");
    private static final Set<String> SIGNED_TYPES = Set.of("INT8", "INT16", "INT32", "INT64");
    private static final Set<String> UNSIGNED_TYPES = Set.of("UINT8", "UINT16", "UINT32", "UINT64");
    private static final Set<String> UNSUPPORTED_TYPES = Set.of("FP16", "BF16");
    private static final List<String> SUPPORTED_TYPES =
            List.of("BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP32", "FP64", "BYTES");

    private OipCodec() {
    }

    /** The outputs a model of {@code task} answers with, in the order a response lists them. */
    public static List<String> outputNames(Task task) {
        return switch (requireNonNull(task, "task is null")) {
            case BINARY -> List.of("probability", "label", "probabilities");
            case MULTICLASS -> List.of("label", "probabilities");
            case REGRESSION -> List.of("prediction");
        };
    }

    /** The OIP datatype a signature column travels as. */
    public static String datatype(InputColumn column) {
        return switch (column.type()) {
            case "double" -> "FP64";
            case "float" -> "FP32";
            case "long" -> "INT64";
            case "integer" -> "INT32";
            case "boolean" -> "BOOL";
            default -> "BYTES";
        };
    }

    // ---- request ----

    /** Decodes a UTF-8 JSON inference request body. */
    public static OipRequest decodeRequest(byte[] body) {
        requireNonNull(body, "body is null");
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw SlipwayException.invalidParameter("Malformed inference request: the body must be a JSON object.");
            }
            Optional<String> id = Optional.empty();
            Map<String, Object> parameters = Map.of();
            List<OipTensor> inputs = null;
            List<String> outputs = List.of();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "id" -> id = Optional.of(string(parser, token, "id"));
                    case "parameters" -> parameters = parameters(parser, token, "parameters");
                    case "inputs" -> inputs = inputs(parser, token);
                    case "outputs" -> outputs = outputs(parser, token);
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw SlipwayException.invalidParameter("Malformed JSON in the inference request: content after the top-level object.");
            }
            if (inputs == null) {
                throw SlipwayException.missingParameter("inputs");
            }
            if (inputs.isEmpty()) {
                throw SlipwayException.invalidParameter("Invalid value for parameter 'inputs': it is empty; the request needs at least one input.");
            }
            return new OipRequest(id, parameters, inputs, outputs);
        } catch (JsonProcessingException e) {
            throw SlipwayException.invalidParameter("Malformed JSON in the inference request: %s", e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<OipTensor> inputs(JsonParser parser, JsonToken token) throws IOException {
        expect(token, JsonToken.START_ARRAY, "inputs", "an array");
        List<OipTensor> inputs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            OipTensor tensor = tensor(parser, token, "inputs[" + inputs.size() + "]");
            if (!names.add(tensor.name())) {
                throw SlipwayException.invalidParameter("Duplicate input '%s' in 'inputs': each input is sent once.", tensor.name());
            }
            inputs.add(tensor);
        }
        return inputs;
    }

    private static OipTensor tensor(JsonParser parser, JsonToken token, String field) throws IOException {
        expect(token, JsonToken.START_OBJECT, field, "an object");
        String name = null;
        String datatype = null;
        List<Long> shape = null;
        Data data = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            token = parser.nextToken();
            switch (key) {
                case "name" -> name = string(parser, token, field + ".name");
                case "datatype" -> datatype = string(parser, token, field + ".datatype");
                case "shape" -> shape = shape(parser, token, field + ".shape");
                case "data" -> {
                    expect(token, JsonToken.START_ARRAY, field + ".data", "an array");
                    data = new Data();
                    data.readArray(parser, field + ".data");
                }
                default -> parser.skipChildren();
            }
        }
        if (name == null) {
            throw SlipwayException.missingParameter(field + ".name");
        }
        String where = "input '" + name + "'";
        if (datatype == null) {
            throw SlipwayException.missingParameter(field + ".datatype");
        }
        if (UNSUPPORTED_TYPES.contains(datatype)) {
            throw SlipwayException.invalidParameter("Unsupported datatype %s of %s: use FP32 or FP64.", datatype, where);
        }
        if (!SUPPORTED_TYPES.contains(datatype)) {
            throw SlipwayException.invalidParameter("Invalid datatype '%s' of %s: one of %s.", datatype, where, String.join(", ", SUPPORTED_TYPES));
        }
        if (shape == null) {
            throw SlipwayException.missingParameter(field + ".shape");
        }
        if (data == null) {
            throw SlipwayException.missingParameter(field + ".data");
        }
        long expected = 1;
        for (long dimension : shape) {
            // saturates rather than overflows: any count past the data's length is a mismatch
            expected = dimension != 0 && expected > Integer.MAX_VALUE / dimension ? Long.MAX_VALUE / 2 : expected * dimension;
        }
        if (expected != data.size) {
            throw SlipwayException.invalidParameter("Invalid shape %s of %s: its data holds %d values, which that shape does not fit.",
                    shape, where, data.size);
        }
        return new OipTensor(name, datatype, shape, data.column(datatype, where));
    }

    private static List<Long> shape(JsonParser parser, JsonToken token, String field) throws IOException {
        expect(token, JsonToken.START_ARRAY, field, "an array of non-negative integers");
        List<Long> shape = new ArrayList<>();
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 0) {
                throw SlipwayException.invalidParameter("Invalid value for parameter '%s': expected an array of non-negative integers.", field);
            }
            shape.add(parser.getLongValue());
        }
        return shape;
    }

    private static List<String> outputs(JsonParser parser, JsonToken token) throws IOException {
        expect(token, JsonToken.START_ARRAY, "outputs", "an array");
        List<String> outputs = new ArrayList<>();
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            String field = "outputs[" + outputs.size() + "]";
            expect(token, JsonToken.START_OBJECT, field, "an object");
            String name = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                token = parser.nextToken();
                if (key.equals("name")) {
                    name = string(parser, token, field + ".name");
                } else {
                    parser.skipChildren();
                }
            }
            if (name == null) {
                throw SlipwayException.missingParameter(field + ".name");
            }
            outputs.add(name);
        }
        return outputs;
    }

    private static Map<String, Object> parameters(JsonParser parser, JsonToken token, String field) throws IOException {
        expect(token, JsonToken.START_OBJECT, field, "an object");
        Map<String, Object> parameters = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            token = parser.nextToken();
            switch (token) {
                case VALUE_STRING -> parameters.put(key, parser.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parameters.put(key, parser.getNumberValue());
                case VALUE_TRUE, VALUE_FALSE -> parameters.put(key, parser.getBooleanValue());
                case VALUE_NULL -> { }
                default -> throw SlipwayException.invalidParameter("Invalid value for parameter '%s.%s': expected a string, a number or a boolean.",
                        field, key);
            }
        }
        return parameters;
    }

    private static String string(JsonParser parser, JsonToken token, String field) throws IOException {
        expect(token, JsonToken.VALUE_STRING, field, "a string");
        return parser.getText();
    }

    private static void expect(JsonToken token, JsonToken expected, String field, String what) {
        if (token != expected) {
            throw SlipwayException.invalidParameter("Invalid value for parameter '%s': expected %s.", field, what);
        }
    }

    /** A tensor's values as they are read, flattened row-major, before its datatype is known. */
    private static final class Data {
        private double[] numbers = new double[16];
        private String[] texts;
        private int size;
        private int firstString = -1;
        private int firstBoolean = -1;
        private int firstNumber = -1;
        private int firstFraction = -1;
        private int firstNegative = -1;

        void readArray(JsonParser parser, String field) throws IOException {
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                switch (token) {
                    case START_ARRAY -> readArray(parser, field);
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                        double value = parser.getDoubleValue();
                        firstNumber = firstNumber < 0 ? size : firstNumber;
                        firstFraction = firstFraction < 0 && value != Math.rint(value) ? size : firstFraction;
                        firstNegative = firstNegative < 0 && value < 0 ? size : firstNegative;
                        add(value);
                    }
                    case VALUE_TRUE, VALUE_FALSE -> {
                        firstBoolean = firstBoolean < 0 ? size : firstBoolean;
                        add(token == JsonToken.VALUE_TRUE ? 1 : 0);
                    }
                    case VALUE_STRING -> {
                        if (texts == null) {
                            texts = new String[numbers.length];
                        }
                        firstString = firstString < 0 ? size : firstString;
                        texts[size] = parser.getText();
                        add(Double.NaN);
                    }
                    case VALUE_NULL -> add(Double.NaN);
                    default -> throw SlipwayException.invalidParameter("Invalid value for parameter '%s': data holds numbers, booleans,"
                            + " strings, nulls or arrays of them, not objects.", field);
                }
            }
        }

        private void add(double value) {
            if (size == numbers.length) {
                numbers = Arrays.copyOf(numbers, size * 2);
                texts = texts == null ? null : Arrays.copyOf(texts, size * 2);
            }
            numbers[size++] = value;
        }

        Column column(String datatype, String where) {
            if (datatype.equals("BYTES")) {
                int notText = firstOf(firstNumber, firstBoolean);
                if (notText >= 0) {
                    throw SlipwayException.invalidParameter("Invalid value in %s at index %d: %s is not a string, as BYTES needs.", where,
                            notText, describe(notText));
                }
                return new Column.Texts(texts == null ? new String[size] : Arrays.copyOf(texts, size));
            }
            if (datatype.equals("BOOL")) {
                int notBoolean = firstOf(firstString, firstNumber);
                if (notBoolean >= 0) {
                    throw SlipwayException.invalidParameter("Invalid value in %s at index %d: %s is not a boolean, as BOOL needs.", where,
                            notBoolean, describe(notBoolean));
                }
            } else {
                int notNumber = firstOf(firstString, firstBoolean);
                if (notNumber >= 0) {
                    throw SlipwayException.invalidParameter("Invalid value in %s at index %d: %s is not a number, as %s needs.", where,
                            notNumber, describe(notNumber), datatype);
                }
                boolean integral = !FLOAT_TYPES.contains(datatype);
                if (integral && firstFraction >= 0) {
                    throw SlipwayException.invalidParameter("Invalid value in %s at index %d: %s is not an integer, as %s needs.", where,
                            firstFraction, describe(firstFraction), datatype);
                }
                if (UNSIGNED_TYPES.contains(datatype) && firstNegative >= 0) {
                    throw SlipwayException.invalidParameter("Invalid value in %s at index %d: %s is negative, which %s cannot hold.", where,
                            firstNegative, describe(firstNegative), datatype);
                }
            }
            return new Column.Numbers(size == numbers.length ? numbers : Arrays.copyOf(numbers, size));
        }

        private String describe(int index) {
            if (index == firstString || (texts != null && texts[index] != null)) {
                return "\"" + texts[index] + "\"";
            }
            if (index == firstBoolean) {
                return numbers[index] == 1 ? "true" : "false";
            }
            return new Column.Numbers(new double[] {numbers[index]}).text(0);
        }

        private static int firstOf(int a, int b) {
            return a < 0 ? b : (b < 0 ? a : Math.min(a, b));
        }
    }

    // ---- frame ----

    /**
     * The frame {@code request}'s inputs make for a model taking {@code signature}, in the
     * signature's column order; optional columns the request leaves out are left out.
     */
    public static Frame toFrame(OipRequest request, List<InputColumn> signature) {
        requireNonNull(request, "request is null");
        requireNonNull(signature, "signature is null");
        if (request.inputs().size() == 1 && isMatrix(request.inputs().get(0), signature)) {
            return fromMatrix(request.inputs().get(0), signature);
        }
        return fromColumns(request.inputs(), signature);
    }

    private static boolean isMatrix(OipTensor tensor, List<InputColumn> signature) {
        if (tensor.shape().size() != 2) {
            return false;
        }
        boolean namesColumn = signature.stream().anyMatch(column -> column.name().equals(tensor.name()));
        return !namesColumn || (signature.size() > 1 && tensor.shape().get(1) == signature.size());
    }

    private static Frame fromMatrix(OipTensor tensor, List<InputColumn> signature) {
        long features = tensor.shape().get(1);
        if (features != signature.size()) {
            throw SlipwayException.invalidParameter("Invalid shape %s of input '%s': a [rows, features] tensor needs %d features, the"
                    + " model's columns %s.", tensor.shape(), tensor.name(), signature.size(), expected(signature));
        }
        if (!(tensor.data() instanceof Column.Numbers numbers)) {
            throw SlipwayException.invalidParameter("Invalid datatype BYTES of input '%s': a [rows, features] tensor must be numeric;"
                    + " send one tensor per column instead.", tensor.name());
        }
        int rows = (int) tensor.rows();
        Map<String, Column> columns = new LinkedHashMap<>();
        for (int feature = 0; feature < signature.size(); feature++) {
            InputColumn column = signature.get(feature);
            if (!column.isNumeric()) {
                throw SlipwayException.invalidParameter("Invalid input '%s': the model's column '%s' is a string, which a numeric"
                        + " [rows, features] tensor cannot carry; send one tensor per column instead.", tensor.name(), column.name());
            }
            double[] values = new double[rows];
            for (int row = 0; row < rows; row++) {
                values[row] = numbers.values()[row * signature.size() + feature];
            }
            Column data = new Column.Numbers(values);
            requirePresent(data, column, "input '" + tensor.name() + "'");
            columns.put(column.name(), data);
        }
        return Frame.of(columns);
    }

    private static Frame fromColumns(List<OipTensor> inputs, List<InputColumn> signature) {
        Map<String, OipTensor> byName = new LinkedHashMap<>();
        inputs.forEach(tensor -> byName.put(tensor.name(), tensor));
        Set<String> known = signature.stream().map(InputColumn::name).collect(Collectors.toSet());
        List<String> unknown = byName.keySet().stream().filter(name -> !known.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw SlipwayException.invalidParameter("Unknown input%s %s: the model takes %s.", unknown.size() == 1 ? "" : "s",
                    quoted(unknown), expected(signature));
        }
        List<String> missing = signature.stream()
                .filter(column -> column.required() && !byName.containsKey(column.name()))
                .map(InputColumn::name)
                .toList();
        if (!missing.isEmpty()) {
            throw SlipwayException.invalidParameter("Missing input%s %s: the model takes %s.", missing.size() == 1 ? "" : "s",
                    quoted(missing), expected(signature));
        }
        OipTensor first = inputs.get(0);
        Map<String, Column> columns = new LinkedHashMap<>();
        for (InputColumn column : signature) {
            OipTensor tensor = byName.get(column.name());
            if (tensor == null) {
                continue;
            }
            String where = "input '" + tensor.name() + "'";
            List<Long> shape = tensor.shape();
            if (shape.size() != 1 && !(shape.size() == 2 && shape.get(1) == 1)) {
                throw SlipwayException.invalidParameter("Invalid shape %s of %s: a column is [rows] or [rows, 1]; a [rows, features]"
                        + " tensor must be the only input.", shape, where);
            }
            if (tensor.rows() != first.rows()) {
                throw SlipwayException.invalidParameter("Invalid shape %s of %s: it has %d rows, input '%s' %d.", shape, where,
                        tensor.rows(), first.name(), first.rows());
            }
            boolean numeric = tensor.data() instanceof Column.Numbers;
            if (numeric != column.isNumeric()) {
                throw SlipwayException.invalidParameter("Invalid datatype %s of %s: the model's column '%s' is a %s; send %s.",
                        tensor.datatype(), where, column.name(), column.type(), datatype(column));
            }
            requirePresent(tensor.data(), column, where);
            columns.put(column.name(), tensor.data());
        }
        return Frame.of(columns);
    }

    private static void requirePresent(Column data, InputColumn column, String where) {
        if (!column.required()) {
            return;
        }
        for (int row = 0; row < data.size(); row++) {
            if (data.isMissing(row)) {
                throw SlipwayException.invalidParameter("Missing value in %s at row %d: the model requires column '%s'.", where, row,
                        column.name());
            }
        }
    }

    private static String expected(List<InputColumn> signature) {
        return signature.isEmpty() ? "no inputs" : quoted(signature.stream().map(InputColumn::name).toList());
    }

    private static String quoted(List<String> names) {
        return names.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", "));
    }

    // ---- response ----

    /**
     * The inference response for {@code predictions}: the request's id echoed when it had one,
     * and the outputs it asked for (all of them when it named none). {@code modelVersion} may be null.
     */
    public static byte[] encodeResponse(OipRequest request, String modelName, String modelVersion, Predictions predictions) {
        requireNonNull(request, "request is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(predictions, "predictions is null");
        List<String> available = outputNames(predictions.task());
        List<String> names = request.outputs().isEmpty() ? available : List.copyOf(new LinkedHashSet<>(request.outputs()));
        List<String> unknown = names.stream().filter(name -> !available.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw SlipwayException.invalidParameter("Unknown output%s %s in 'outputs': the model answers with %s.", unknown.size() == 1 ? "" : "s",
                    quoted(unknown), quoted(available));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + predictions.rowCount() * 24 * names.size());
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("model_name", modelName);
            if (modelVersion != null) {
                json.writeStringField("model_version", modelVersion);
            }
            if (request.id().isPresent()) {
                json.writeStringField("id", request.id().get());
            }
            json.writeArrayFieldStart("outputs");
            for (String name : names) {
                writeOutput(json, name, predictions);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeOutput(JsonGenerator json, String name, Predictions predictions) throws IOException {
        int rows = predictions.rowCount();
        json.writeStartObject();
        json.writeStringField("name", name);
        switch (name) {
            case "label" -> {
                writeShape(json, "BYTES", rows);
                json.writeArrayFieldStart("data");
                for (int row = 0; row < rows; row++) {
                    json.writeString(predictions.label(row));
                }
                json.writeEndArray();
            }
            case "probabilities" -> {
                writeShape(json, "FP64", rows, predictions.classes().size());
                json.writeFieldName("data");
                json.writeArray(predictions.probabilities(), 0, predictions.probabilities().length);
            }
            default -> {
                // "probability" of a binary model and "prediction" of a regression are both its values
                writeShape(json, "FP64", rows);
                json.writeFieldName("data");
                json.writeArray(predictions.values(), 0, rows);
            }
        }
        json.writeEndObject();
    }

    private static void writeShape(JsonGenerator json, String datatype, long... shape) throws IOException {
        json.writeStringField("datatype", datatype);
        json.writeFieldName("shape");
        json.writeArray(shape, 0, shape.length);
    }

    // ---- metadata ----

    /**
     * The model metadata of {@code GET /v2/models/{name}}: each signature column as a
     * {@code [-1]} tensor, and the outputs {@link #encodeResponse} writes. The platform is
     * {@code slipway_<flavor>}, or the flavor itself when it already starts with {@code slipway_}.
     */
    public static byte[] modelMetadata(String name, List<String> versions, String flavor, Task task, List<String> classes,
            List<InputColumn> inputs) {
        requireNonNull(name, "name is null");
        requireNonNull(versions, "versions is null");
        requireNonNull(flavor, "flavor is null");
        requireNonNull(task, "task is null");
        requireNonNull(classes, "classes is null");
        requireNonNull(inputs, "inputs is null");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("name", name);
            json.writeArrayFieldStart("versions");
            for (String version : versions) {
                json.writeString(version);
            }
            json.writeEndArray();
            json.writeStringField("platform", flavor.startsWith("slipway_") ? flavor : "slipway_" + flavor);
            json.writeArrayFieldStart("inputs");
            for (InputColumn input : inputs) {
                writeTensorMetadata(json, input.name(), datatype(input), -1);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("outputs");
            for (String output : outputNames(task)) {
                switch (output) {
                    case "label" -> writeTensorMetadata(json, output, "BYTES", -1);
                    case "probabilities" -> writeTensorMetadata(json, output, "FP64", -1, classes.size());
                    default -> writeTensorMetadata(json, output, "FP64", -1);
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeTensorMetadata(JsonGenerator json, String name, String datatype, long... shape) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", name);
        writeShape(json, datatype, shape);
        json.writeEndObject();
    }
}
