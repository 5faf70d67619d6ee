package io.slipway.data.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.core.SlipwayException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * One mapping of a YAML file people write (an expectation suite, a training spec), read strictly
 * with errors that say where: {@code path.field: what is wrong}, as a 400. The files' own
 * vocabularies (severities, tasks, dataset references) are read on top of these.
 *
 * @param path where the mapping is, e.g. {@code expectations[2]} or {@code xgboost}; empty at the top
 */
public record YamlFields(String path, JsonNode node) {
    /** {@code node} as a mapping at {@code path}; a 400 saying {@code expected} when it is not one. */
    public static YamlFields of(String path, JsonNode node, String expected) {
        if (node == null || !node.isObject()) {
            throw SlipwayException.invalidParameter("%s: expected %s, got %s", path, expected, node == null ? "nothing" : shown(node));
        }
        return new YamlFields(path, node);
    }

    public SlipwayException error(String field, String message) {
        return SlipwayException.invalidParameter("%s: %s", qualified(field), message);
    }

    public String qualified(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    public boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    public JsonNode required(String field) {
        if (!has(field)) {
            throw error(field, "missing");
        }
        return node.get(field);
    }

    /** The first key not in {@code allowed}, for the caller to name in its own words. */
    public Optional<String> unknownField(Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    public YamlFields mapping(String field) {
        JsonNode value = required(field);
        if (!value.isObject()) {
            throw error(field, "expected a mapping, got " + shown(value));
        }
        return new YamlFields(qualified(field), value);
    }

    /** Non-blank text. */
    public String string(String field) {
        JsonNode value = required(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw error(field, "expected text, got " + shown(value));
        }
        return value.asText();
    }

    public double number(String field) {
        JsonNode value = required(field);
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw error(field, "expected a number, got " + shown(value));
        }
        return value.asDouble();
    }

    public long wholeNumber(String field) {
        JsonNode value = required(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw error(field, "expected a whole number, got " + shown(value));
        }
        return value.asLong();
    }

    /** A value as an error message shows it: text quoted, lists and mappings by kind. */
    public static String shown(JsonNode node) {
        if (node.isTextual()) {
            return "'" + node.asText() + "'";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        return node.toString();
    }
}
