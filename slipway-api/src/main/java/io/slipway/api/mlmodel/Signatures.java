package io.slipway.api.mlmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.slipway.core.governance.MlModelSummary.SignatureField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * MLflow's model signature ({@code mlflow/models/signature.py}, {@code mlflow/types/schema.py}):
 * {@code inputs} and {@code outputs} are schemas, lists of column specs ({@code {"name", "type",
 * "required"}}, where a type is a data type or an array, object or map of them) or of tensor specs
 * ({@code {"type": "tensor", "tensor-spec": {"dtype", "shape"}}}), never both; {@code params} lists
 * inference parameters ({@code {"name", "type", "default", "shape"}}). MLflow writes each as a JSON
 * string; a YAML list is accepted too and stored as the string MLflow would write.
 */
final class Signatures {
    static final List<String> DATA_TYPES = List.of("boolean", "integer", "long", "float", "double", "string", "binary", "datetime");
    private static final List<String> COMPOSITE_TYPES = List.of("array", "object", "map", "any");
    private static final String SPARKML_VECTOR = "sparkml_vector";
    private static final String TENSOR = "tensor";

    private Signatures() {}

    /** Checks a signature and returns it with every schema as a JSON string. */
    static Map<String, Object> normalize(Object signature) {
        if (!(signature instanceof Map<?, ?> map)) {
            throw new MlModel.Problem("signature must be a mapping with inputs, outputs and params, not " + MlModel.kind(signature));
        }
        Map<String, Object> normalized = new LinkedHashMap<>();
        map.forEach((key, value) -> normalized.put(String.valueOf(key), value));
        normalized.computeIfPresent("inputs", (key, value) -> checkedSchema(value, "signature.inputs"));
        normalized.computeIfPresent("outputs", (key, value) -> checkedSchema(value, "signature.outputs"));
        normalized.computeIfPresent("params", (key, value) -> checkedParams(value, "signature.params"));
        return normalized;
    }

    private static String checkedSchema(Object value, String field) {
        List<?> specs = list(value, field);
        if (specs.isEmpty()) {
            throw new MlModel.Problem(field + " is empty: a schema has at least one column or tensor");
        }
        boolean tensors = isTensor(specs.get(0));
        boolean named = specs.get(0) instanceof Map<?, ?> first && first.get("name") != null;
        for (int i = 0; i < specs.size(); i++) {
            String at = field + "[" + i + "]";
            Map<?, ?> spec = mapping(specs.get(i), at);
            if (isTensor(spec) != tensors) {
                throw new MlModel.Problem(field + " mixes column and tensor specs; a schema holds one kind");
            }
            if ((spec.get("name") != null) != named) {
                throw new MlModel.Problem(field + " mixes named and unnamed " + (tensors ? "tensors" : "columns"));
            }
            checkOptionalText(spec, "name", at);
            checkRequiredFlag(spec, at);
            if (tensors) {
                checkTensor(spec, at);
            } else {
                checkType(spec, at);
            }
        }
        return value instanceof String json ? json : write(specs);
    }

    private static String checkedParams(Object value, String field) {
        List<?> specs = list(value, field);
        for (int i = 0; i < specs.size(); i++) {
            String at = field + "[" + i + "]";
            Map<?, ?> spec = mapping(specs.get(i), at);
            if (!(spec.get("name") instanceof String name) || name.isEmpty()) {
                throw new MlModel.Problem(at + ".name is missing: every param is named");
            }
            checkType(spec, at);
            if (spec.get("shape") != null) {
                checkShape(spec.get("shape"), at + ".shape");
            }
        }
        return value instanceof String json ? json : write(specs);
    }

    private static void checkType(Object value, String at) {
        Map<?, ?> spec = mapping(value, at);
        if (!(spec.get("type") instanceof String type) || type.isEmpty()) {
            throw new MlModel.Problem(at + ".type is missing: every spec names its type");
        }
        switch (type) {
            case "array" -> checkType(spec.get("items"), at + ".items");
            case "map" -> checkType(spec.get("values"), at + ".values");
            case "object" -> {
                if (!(spec.get("properties") instanceof Map<?, ?> properties) || properties.isEmpty()) {
                    throw new MlModel.Problem(at + ".properties must be a non-empty mapping of property name to type");
                }
                properties.forEach((name, property) -> {
                    checkType(property, at + ".properties." + name);
                    checkRequiredFlag((Map<?, ?>) property, at + ".properties." + name);
                });
            }
            case "any", SPARKML_VECTOR -> { }
            case TENSOR -> throw new MlModel.Problem(at + " is a tensor spec where a column type belongs");
            default -> {
                if (!DATA_TYPES.contains(type)) {
                    throw new MlModel.Problem(String.format("%s.type '%s' is not a column type (%s, %s) or 'tensor'", at, type,
                            String.join(", ", DATA_TYPES), String.join(", ", COMPOSITE_TYPES)));
                }
            }
        }
    }

    private static void checkTensor(Map<?, ?> spec, String at) {
        Map<?, ?> tensor = mapping(spec.get("tensor-spec"), at + ".tensor-spec");
        if (!(tensor.get("dtype") instanceof String dtype) || dtype.isEmpty()) {
            throw new MlModel.Problem(at + ".tensor-spec.dtype is missing: a tensor names its numpy dtype (e.g. float32)");
        }
        checkShape(tensor.get("shape"), at + ".tensor-spec.shape");
    }

    private static void checkShape(Object shape, String at) {
        if (!(shape instanceof List<?> dimensions)
                || !dimensions.stream().allMatch(d -> (d instanceof Integer || d instanceof Long) && ((Number) d).longValue() >= -1)) {
            throw new MlModel.Problem(at + " must be a list of dimensions (integers, -1 for any size), not " + MlModel.kind(shape));
        }
    }

    private static void checkRequiredFlag(Map<?, ?> spec, String at) {
        if (spec.get("required") != null && !(spec.get("required") instanceof Boolean)) {
            throw new MlModel.Problem(at + ".required must be true or false, not " + MlModel.kind(spec.get("required")));
        }
    }

    private static void checkOptionalText(Map<?, ?> spec, String key, String at) {
        if (spec.get(key) != null && !(spec.get(key) instanceof String)) {
            throw new MlModel.Problem(at + "." + key + " must be a string, not " + MlModel.kind(spec.get(key)));
        }
    }

    private static List<?> list(Object value, String field) {
        Object parsed = value;
        if (value instanceof String json) {
            try {
                parsed = MlModel.JSON.readValue(json, Object.class);
            } catch (JsonProcessingException e) {
                throw new MlModel.Problem(field + " is not valid JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
            }
        }
        if (!(parsed instanceof List<?> specs)) {
            throw new MlModel.Problem(field + " must be a list of specs, as a JSON string (as MLflow writes it) or a YAML list, not "
                    + MlModel.kind(parsed));
        }
        return specs;
    }

    private static Map<?, ?> mapping(Object value, String at) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new MlModel.Problem(at + " must be a mapping with a 'type', not " + MlModel.kind(value));
        }
        return map;
    }

    private static boolean isTensor(Object spec) {
        return spec instanceof Map<?, ?> map && TENSOR.equals(map.get("type"));
    }

    private static String write(Object value) {
        try {
            return MlModel.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed schema is always JSON", e);
        }
    }

    // ---- summaries of a checked signature ----

    static List<SignatureField> columns(Object schema) {
        List<SignatureField> fields = new ArrayList<>();
        for (Object spec : storedList(schema)) {
            if (spec instanceof Map<?, ?> map) {
                fields.add(new SignatureField(text(map.get("name")), typeName(map), !Boolean.FALSE.equals(map.get("required")), ""));
            }
        }
        return fields;
    }

    static List<SignatureField> params(Object schema) {
        List<SignatureField> fields = new ArrayList<>();
        for (Object spec : storedList(schema)) {
            if (spec instanceof Map<?, ?> map) {
                String type = typeName(map) + (map.get("shape") instanceof List<?> shape ? " " + shape : "");
                fields.add(new SignatureField(text(map.get("name")), type, false, defaultText(map.get("default"))));
            }
        }
        return fields;
    }

    /** A type as one short line: {@code double}, {@code array<string>}, {@code tensor(float32, [-1, 784])}. */
    static String typeName(Map<?, ?> spec) {
        String type = text(spec.get("type"));
        return switch (type) {
            case "array" -> "array<" + nestedTypeName(spec.get("items")) + ">";
            case "map" -> "map<string, " + nestedTypeName(spec.get("values")) + ">";
            case "object" -> spec.get("properties") instanceof Map<?, ?> properties
                    ? properties.entrySet().stream()
                            .map(e -> e.getKey() + (e.getValue() instanceof Map<?, ?> p && Boolean.FALSE.equals(p.get("required")) ? "?" : "")
                                    + ": " + nestedTypeName(e.getValue()))
                            .collect(Collectors.joining(", ", "object{", "}"))
                    : "object";
            case TENSOR -> spec.get("tensor-spec") instanceof Map<?, ?> tensor
                    ? "tensor(" + text(tensor.get("dtype")) + ", " + tensor.get("shape") + ")"
                    : TENSOR;
            default -> type;
        };
    }

    private static String nestedTypeName(Object spec) {
        return spec instanceof Map<?, ?> map ? typeName(map) : "?";
    }

    /** A schema as stored: checked already, so anything unreadable is simply left out. */
    private static List<?> storedList(Object schema) {
        try {
            return schema == null ? List.of() : list(schema, "schema");
        } catch (MlModel.Problem e) {
            return List.of();
        }
    }

    private static String defaultText(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof String s ? s : write(value);
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }
}
