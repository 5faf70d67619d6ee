package io.slipway.ml.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.slipway.core.SlipwayException;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.InputColumn;
import io.slipway.ml.predict.Predictions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MLflow's scoring protocol ({@code POST /invocations} of {@code mlflow models serve}) for one
 * model's signature: a request body becomes the {@link Frame} the model scores, and its
 * {@link Predictions} become {@code {"predictions": [...]}}. No HTTP here; every bad request is a
 * {@link SlipwayException} (400) naming the field, as MLflow's own server answers.
 *
 * <p>As MLflow's schema enforcement does, columns the signature does not name are dropped, and
 * an optional column that is absent becomes a column of missing values.
 */
public final class MlflowScoringCodec {
    public static final String CONTENT_TYPE_JSON = "application/json";
    public static final String CONTENT_TYPE_CSV = "text/csv";

    static final List<String> INPUT_KEYS = List.of("dataframe_split", "dataframe_records", "instances", "inputs");
    static final String PARAMS_KEY = "params";

    /** MLflow's own hint, sent with every request that lacks exactly one of {@link #INPUT_KEYS}. */
    static final String PROTOCOL_CHANGE_INFO = "IMPORTANT: The MLflow Model scoring protocol has changed in MLflow version 2.0."
            + " If you are seeing this error, you are likely using an outdated scoring request format: the JSON body must be an"
            + " object with exactly one of the input fields " + String.join(", ", INPUT_KEYS) + " (and optionally 'params')."
            + " MLflow clients send it from version 2.0 on; see https://mlflow.org/docs/latest/models.html#deploy-mlflow-models.";

    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    private final List<InputColumn> inputs;

    /** A codec for a model taking {@code inputs}, in its signature's order. */
    public MlflowScoringCodec(List<InputColumn> inputs) {
        this.inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
    }

    public List<InputColumn> inputs() {
        return inputs;
    }

    /**
     * The frame of a request body sent as {@code contentType}: JSON ({@code dataframe_split},
     * {@code dataframe_records}, {@code instances} or {@code inputs}) or CSV with a header row.
     * Its columns are the signature's, in its order.
     */
    public Frame decode(String contentType, InputStream body) {
        requireNonNull(body, "body is null");
        String mimeType = mimeType(contentType);
        try {
            Table table = switch (mimeType) {
                case CONTENT_TYPE_JSON -> readJson(body);
                case CONTENT_TYPE_CSV -> readCsv(new String(body.readAllBytes(), StandardCharsets.UTF_8));
                default -> throw SlipwayException.invalidParameter("Unsupported content type '%s' (MLflow answers 415): the scoring"
                        + " server takes %s or %s.", contentType, CONTENT_TYPE_JSON, CONTENT_TYPE_CSV);
            };
            return toFrame(table, mimeType.equals(CONTENT_TYPE_CSV));
        } catch (JsonProcessingException e) {
            throw SlipwayException.invalidParameter("Invalid JSON body: %s", e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #decode(String, InputStream)} of a body already in memory. */
    public Frame decode(String contentType, byte[] body) {
        return decode(contentType, new ByteArrayInputStream(requireNonNull(body, "body is null")));
    }

    /**
     * Writes {@code {"predictions": [...]}}: a number per row for a regression, the probability of
     * the positive class ({@code classes[1]}) for binary, as MLflow's pyfunc XGBoost classifiers
     * answer, and the class label, as a string, for multiclass.
     */
    public void encode(Predictions predictions, OutputStream out) {
        requireNonNull(predictions, "predictions is null");
        requireNonNull(out, "out is null");
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeArrayFieldStart("predictions");
            for (int row = 0; row < predictions.rowCount(); row++) {
                switch (predictions.task()) {
                    case REGRESSION, BINARY -> generator.writeNumber(predictions.values()[row]);
                    case MULTICLASS -> generator.writeString(predictions.label(row));
                }
            }
            generator.writeEndArray();
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #encode(Predictions, OutputStream)} into a byte array. */
    public byte[] encode(Predictions predictions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encode(predictions, out);
        return out.toByteArray();
    }

    /** The MIME type of {@code contentType}; a charset other than UTF-8 or another parameter is refused as MLflow does. */
    private static String mimeType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw SlipwayException.invalidParameter("Missing content type (MLflow answers 415): send %s or %s.", CONTENT_TYPE_JSON,
                    CONTENT_TYPE_CSV);
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int equals = parameter.indexOf('=');
            String name = (equals < 0 ? parameter : parameter.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
            String value = equals < 0 ? "" : parameter.substring(equals + 1).strip().replace("\"", "");
            if (name.isEmpty()) {
                continue;
            }
            if (!name.equals("charset")) {
                throw SlipwayException.invalidParameter("Unrecognized content type parameter '%s' in '%s' (MLflow answers 415). %s", name,
                        contentType, PROTOCOL_CHANGE_INFO);
            }
            if (!value.equalsIgnoreCase("utf-8")) {
                throw SlipwayException.invalidParameter("Unsupported charset '%s' (MLflow answers 415): the scoring server only"
                        + " supports UTF-8.", value);
            }
        }
        return parts[0].strip().toLowerCase(Locale.ROOT);
    }

    // ---- JSON

    private Table readJson(InputStream body) throws IOException {
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                String received = first == null ? "an empty body" : first == JsonToken.START_ARRAY ? "a list" : "a " + describe(first);
                throw SlipwayException.invalidParameter("The input must be a JSON object with exactly one of the input fields %s."
                        + " Received %s. %s", INPUT_KEYS, received, PROTOCOL_CHANGE_INFO);
            }
            List<String> keys = new ArrayList<>();
            List<String> inputKeys = new ArrayList<>();
            Table table = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                keys.add(key);
                parser.nextToken();
                if (INPUT_KEYS.contains(key)) {
                    inputKeys.add(key);
                    if (inputKeys.size() > 1) {
                        parser.skipChildren();
                        continue;
                    }
                    table = switch (key) {
                        case "dataframe_split" -> readSplit(parser);
                        case "dataframe_records" -> readRecords(parser, key);
                        default -> readTensorInput(parser, key);
                    };
                } else if (key.equals(PARAMS_KEY)) {
                    if (parser.currentToken() != JsonToken.START_OBJECT && parser.currentToken() != JsonToken.VALUE_NULL) {
                        throw SlipwayException.invalidParameter("Invalid value for field 'params': expected an object, got %s.",
                                describe(parser.currentToken()));
                    }
                    parser.skipChildren(); // accepted, as MLflow does for models whose predict takes no params
                } else {
                    parser.skipChildren(); // MLflow ignores other fields
                }
            }
            if (inputKeys.size() != 1) {
                throw SlipwayException.invalidParameter("The input must be a JSON object with exactly one of the input fields %s."
                        + " Received an object with fields %s. %s", INPUT_KEYS, keys, PROTOCOL_CHANGE_INFO);
            }
            if (parser.nextToken() != null) {
                throw SlipwayException.invalidParameter("Invalid JSON body: content after the end of the object.");
            }
            return table;
        }
    }

    /** {@code {"columns": [...], "data": [[...], ...], "index": [...]}}, pandas' split orient, keys in any order. */
    private Table readSplit(JsonParser parser) throws IOException {
        expect(parser, JsonToken.START_OBJECT, "dataframe_split", "an object with 'columns' and 'data'");
        List<String> columns = null;
        List<List<Object>> rows = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            switch (key) {
                case "columns" -> columns = readNames(parser, "dataframe_split.columns");
                case "data" -> rows = readRows(parser, "dataframe_split.data");
                case "index" -> {
                    expect(parser, JsonToken.START_ARRAY, "dataframe_split.index", "a list");
                    parser.skipChildren();
                }
                default -> throw SlipwayException.invalidParameter("Invalid field 'dataframe_split.%s': expected only 'columns', 'data'"
                        + " and 'index'.", key);
            }
        }
        if (columns == null) {
            throw SlipwayException.missingParameter("dataframe_split.columns");
        }
        if (rows == null) {
            throw SlipwayException.missingParameter("dataframe_split.data");
        }
        return Table.ofRows(columns, rows, "dataframe_split.data");
    }

    private Table readRecords(JsonParser parser, String field) throws IOException {
        expect(parser, JsonToken.START_ARRAY, field, "a list of objects");
        List<Map<String, Object>> records = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            expect(parser, JsonToken.START_OBJECT, field + "[" + records.size() + "]", "an object");
            records.add(readRecord(parser, field, records.size()));
        }
        return Table.ofRecords(records);
    }

    /**
     * TF-serving style {@code instances} or {@code inputs}: a list of objects, a list of lists in
     * the signature's column order, a list of values for a one-column signature, or an object of
     * column to list of values.
     */
    private Table readTensorInput(JsonParser parser, String field) throws IOException {
        if (parser.currentToken() == JsonToken.START_OBJECT) {
            return readColumns(parser, field);
        }
        expect(parser, JsonToken.START_ARRAY, field, "a list or an object of columns");
        List<Map<String, Object>> records = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            int index = records.size() + rows.size() + values.size();
            String item = field + "[" + index + "]";
            if (index > 0 && kind(token) != (records.isEmpty() ? rows.isEmpty() ? 2 : 1 : 0)) {
                throw SlipwayException.invalidParameter("Invalid value for field '%s': its items mix objects, lists and values.", item);
            }
            if (token == JsonToken.START_OBJECT) {
                records.add(readRecord(parser, field, index));
            } else if (token == JsonToken.START_ARRAY) {
                rows.add(readRow(parser, item));
            } else {
                values.add(scalar(parser, item));
            }
        }
        if (!records.isEmpty()) {
            return Table.ofRecords(records);
        }
        List<String> names = inputs.stream().map(InputColumn::name).toList();
        if (!values.isEmpty()) {
            if (inputs.size() != 1) {
                throw SlipwayException.invalidParameter("Invalid value for field '%s': a list of values needs a model with one input,"
                        + " this one takes %d (%s); send a list of objects.", field, inputs.size(), String.join(", ", names));
            }
            return new Table(values.size(), Map.of(names.get(0), values));
        }
        return Table.ofRows(names, rows, field);
    }

    private static int kind(JsonToken token) {
        return token == JsonToken.START_OBJECT ? 0 : token == JsonToken.START_ARRAY ? 1 : 2;
    }

    private static Table readColumns(JsonParser parser, String field) throws IOException {
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        int rows = -1;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            List<Object> values = readRow(parser, field + "." + name);
            if (rows >= 0 && values.size() != rows) {
                throw SlipwayException.invalidParameter("Invalid value for field '%s.%s': it has %d values, earlier columns %d.", field,
                        name, values.size(), rows);
            }
            rows = values.size();
            columns.put(name, values);
        }
        return new Table(Math.max(rows, 0), columns);
    }

    private static Map<String, Object> readRecord(JsonParser parser, String field, int row) throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            record.put(name, scalar(parser, field + "[" + row + "]." + name));
        }
        return record;
    }

    private static List<List<Object>> readRows(JsonParser parser, String field) throws IOException {
        expect(parser, JsonToken.START_ARRAY, field, "a list of rows");
        List<List<Object>> rows = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            rows.add(readRow(parser, field + "[" + rows.size() + "]"));
        }
        return rows;
    }

    private static List<Object> readRow(JsonParser parser, String field) throws IOException {
        expect(parser, JsonToken.START_ARRAY, field, "a list of values");
        List<Object> values = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            values.add(scalar(parser, field + "[" + values.size() + "]"));
        }
        return values;
    }

    private static List<String> readNames(JsonParser parser, String field) throws IOException {
        List<String> names = new ArrayList<>();
        for (Object value : readRow(parser, field)) {
            if (!(value instanceof String name)) {
                throw SlipwayException.invalidParameter("Invalid value for field '%s[%d]': expected a column name, got %s.", field,
                        names.size(), value);
            }
            names.add(name);
        }
        return names;
    }

    /** A cell: a Double (NaN allowed), a Boolean, a String or null. */
    private static Object scalar(JsonParser parser, String field) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_STRING -> parser.getText();
            case VALUE_NULL -> null;
            default -> throw SlipwayException.invalidParameter("Invalid value for field '%s': expected a number, a boolean, a string"
                    + " or null, got %s.", field, describe(token));
        };
    }

    private static void expect(JsonParser parser, JsonToken expected, String field, String what) {
        if (parser.currentToken() != expected) {
            throw SlipwayException.invalidParameter("Invalid value for field '%s': expected %s, got %s.", field, what,
                    describe(parser.currentToken()));
        }
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    // ---- CSV

    /** A header row of column names, then rows; an empty cell is missing. Cells stay text until the signature types them. */
    private static Table readCsv(String text) {
        List<List<String>> lines = CsvLines.parse(text);
        if (lines.isEmpty()) {
            throw SlipwayException.invalidParameter("Invalid CSV body: it is empty; expected a header row of column names.");
        }
        List<String> names = lines.get(0);
        List<List<Object>> rows = new ArrayList<>();
        for (List<String> line : lines.subList(1, lines.size())) {
            List<Object> row = new ArrayList<>(line.size());
            line.forEach(cell -> row.add(cell.isEmpty() ? null : cell));
            rows.add(row);
        }
        return Table.ofRows(names, rows, "csv row");
    }

    // ---- the signature

    private Frame toFrame(Table table, boolean cellsAreText) {
        List<String> unknown = table.columns().keySet().stream()
                .filter(name -> inputs.stream().noneMatch(input -> input.name().equals(name)))
                .toList();
        if (!unknown.isEmpty()) {
            throw SlipwayException.invalidParameter("Unknown column%s %s: the model takes %s.", unknown.size() == 1 ? "" : "s",
                    String.join(", ", unknown.stream().map(name -> "'" + name + "'").toList()),
                    inputs.isEmpty() ? "no inputs" : String.join(", ", inputs.stream().map(input -> "'" + input.name() + "'").toList()));
        }
        Map<String, Column> columns = new LinkedHashMap<>();
        for (InputColumn input : inputs) {
            List<Object> values = table.columns().get(input.name());
            if (values == null) {
                if (input.required()) {
                    throw SlipwayException.invalidParameter("Missing column '%s': the model needs it (the input has %s).", input.name(),
                            table.columns().isEmpty() ? "no columns" : String.join(", ", table.columns().keySet()));
                }
                columns.put(input.name(), input.isNumeric() ? numbers(input, nulls(table.rowCount()), false)
                        : texts(input, nulls(table.rowCount())));
            } else {
                columns.put(input.name(), input.isNumeric() ? numbers(input, values, cellsAreText) : texts(input, values));
            }
        }
        return Frame.of(columns);
    }

    private static List<Object> nulls(int rows) {
        List<Object> values = new ArrayList<>(rows);
        for (int row = 0; row < rows; row++) {
            values.add(null);
        }
        return values;
    }

    private static Column numbers(InputColumn input, List<Object> values, boolean cellsAreText) {
        double[] numbers = new double[values.size()];
        for (int row = 0; row < numbers.length; row++) {
            Object value = values.get(row);
            double number;
            if (value == null) {
                number = Double.NaN;
            } else if (value instanceof Double d) {
                number = d;
            } else if (value instanceof Boolean b) {
                number = b ? 1 : 0;
            } else if (cellsAreText) {
                number = parseNumber(input, (String) value, row);
            } else {
                throw SlipwayException.invalidParameter("Invalid value for column '%s' at row %d: expected a number (%s), got the string"
                        + " '%s'.", input.name(), row, input.type(), value);
            }
            if (Double.isNaN(number) && input.required()) {
                throw missingValue(input, row);
            }
            numbers[row] = number;
        }
        return new Column.Numbers(numbers);
    }

    private static double parseNumber(InputColumn input, String text, int row) {
        String cell = text.strip();
        // true and false are 1 and 0 in any numeric column, as JSON booleans are (a boolean feature
        // becomes a number column when a model is trained)
        switch (cell.toLowerCase(Locale.ROOT)) {
            case "true" -> {
                return 1;
            }
            case "false" -> {
                return 0;
            }
            default -> {
                // numbers are read below
            }
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw SlipwayException.invalidParameter("Invalid value for column '%s' at row %d: expected a number (%s), got '%s'.",
                    input.name(), row, input.type(), text);
        }
    }

    private static Column texts(InputColumn input, List<Object> values) {
        String[] texts = new String[values.size()];
        for (int row = 0; row < texts.length; row++) {
            Object value = values.get(row);
            if (value == null) {
                if (input.required()) {
                    throw missingValue(input, row);
                }
            } else if (value instanceof String text) {
                texts[row] = text;
            } else {
                throw SlipwayException.invalidParameter("Invalid value for column '%s' at row %d: expected a string, got %s.",
                        input.name(), row, value instanceof Boolean ? "the boolean " + value : "the number " + value);
            }
        }
        return new Column.Texts(texts);
    }

    private static SlipwayException missingValue(InputColumn input, int row) {
        return SlipwayException.invalidParameter("Missing value for required column '%s' at row %d: it is null or NaN.", input.name(),
                row);
    }

    /** What a request holds before the signature types it: named columns of raw cells, of one length. */
    private record Table(int rowCount, Map<String, List<Object>> columns) {
        static Table ofRecords(List<Map<String, Object>> records) {
            Map<String, List<Object>> columns = new LinkedHashMap<>();
            for (int row = 0; row < records.size(); row++) {
                for (Map.Entry<String, Object> entry : records.get(row).entrySet()) {
                    List<Object> values = columns.computeIfAbsent(entry.getKey(), name -> new ArrayList<>());
                    while (values.size() < row) {
                        values.add(null);
                    }
                    values.add(entry.getValue());
                }
            }
            columns.values().forEach(values -> {
                while (values.size() < records.size()) {
                    values.add(null);
                }
            });
            return new Table(records.size(), columns);
        }

        static Table ofRows(List<String> names, List<List<Object>> rows, String field) {
            Map<String, List<Object>> columns = new LinkedHashMap<>();
            for (String name : names) {
                if (columns.put(name, new ArrayList<>(rows.size())) != null) {
                    throw SlipwayException.invalidParameter("Invalid columns: '%s' appears twice.", name);
                }
            }
            for (int row = 0; row < rows.size(); row++) {
                List<Object> values = rows.get(row);
                if (values.size() != names.size()) {
                    throw SlipwayException.invalidParameter("Invalid value for field '%s[%d]': it has %d values, the columns are %d (%s).",
                            field, row, values.size(), names.size(), String.join(", ", names));
                }
                for (int i = 0; i < names.size(); i++) {
                    columns.get(names.get(i)).add(values.get(i));
                }
            }
            return new Table(rows.size(), columns);
        }
    }
}
