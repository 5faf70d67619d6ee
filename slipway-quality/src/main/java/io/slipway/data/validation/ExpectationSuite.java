package io.slipway.data.validation;

import static io.slipway.data.yaml.YamlFields.shown;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.slipway.core.SlipwayException;
import io.slipway.core.data.validation.Severity;
import io.slipway.data.validation.Expectation.Between;
import io.slipway.data.validation.Expectation.ColumnExists;
import io.slipway.data.validation.Expectation.InSet;
import io.slipway.data.validation.Expectation.Matches;
import io.slipway.data.validation.Expectation.MeanBetween;
import io.slipway.data.validation.Expectation.NotNull;
import io.slipway.data.validation.Expectation.QuantileBetween;
import io.slipway.data.validation.Expectation.RowCountBetween;
import io.slipway.data.validation.Expectation.Unique;
import io.slipway.data.yaml.YamlFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A list of expectations a dataset should meet, written in YAML:
 * <pre>
 * expectations:
 *   - expect: between
 *     column: amount
 *     min: 0
 *     max: 10000
 *     severity: warning   # error (the default) or warning
 * </pre>
 * Reading is strict: an unknown expectation or field, a missing field or a value of the wrong type
 * is an error naming the expectation's index and the field, e.g.
 * {@code expectations[3].min: expected a number, got 'abc'}.
 */
public record ExpectationSuite(List<Expectation> expectations) {
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // an in_set value "1.50" must come back as the text it was, not the number 1.5
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    /** The fields each kind takes besides {@code expect} and {@code severity}. */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "column_exists", Set.of("column", "type"),
            "not_null", Set.of("column", "max_null_fraction"),
            "between", Set.of("column", "min", "max"),
            "in_set", Set.of("column", "values"),
            "unique", Set.of("column"),
            "matches", Set.of("column", "regex"),
            "row_count_between", Set.of("min", "max"),
            "mean_between", Set.of("column", "min", "max"),
            "quantile_between", Set.of("column", "quantile", "min", "max"));

    public ExpectationSuite {
        expectations = List.copyOf(requireNonNull(expectations, "expectations is null"));
    }

    public static ExpectationSuite read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the suite " + file + ": " + e.getMessage(), e);
        }
    }

    public static ExpectationSuite parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw SlipwayException.invalidParameter("The suite is not valid YAML: %s", e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.has("expectations")) {
            throw SlipwayException.invalidParameter("A suite is a YAML mapping with an 'expectations' list.");
        }
        JsonNode list = root.get("expectations");
        if (!list.isArray()) {
            throw SlipwayException.invalidParameter("expectations: expected a list, got %s", shown(list));
        }
        List<Expectation> expectations = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            expectations.add(expectation(YamlFields.of("expectations[" + i + "]", list.get(i), "a mapping with 'expect'")));
        }
        return new ExpectationSuite(expectations);
    }

    private static Expectation expectation(YamlFields f) {
        String kind = f.string("expect");
        Set<String> fields = FIELDS.get(kind);
        if (fields == null) {
            throw f.error("expect", "unknown expectation '" + kind + "'; known: " + String.join(", ", FIELDS.keySet().stream().sorted().toList()));
        }
        rejectFieldsOtherThan(f, kind, fields);
        Severity severity = f.has("severity") ? severity(f) : Severity.ERROR;
        try {
            return switch (kind) {
                case "column_exists" -> new ColumnExists(f.string("column"), f.has("type") ? type(f) : null, severity);
                case "not_null" -> new NotNull(f.string("column"), f.has("max_null_fraction") ? f.number("max_null_fraction") : 0, severity);
                case "between" -> new Between(f.string("column"), f.number("min"), f.number("max"), severity);
                case "in_set" -> new InSet(f.string("column"), scalars(f, "values"), severity);
                case "unique" -> new Unique(f.string("column"), severity);
                case "matches" -> new Matches(f.string("column"), regex(f, "regex"), severity);
                case "row_count_between" -> new RowCountBetween(f.wholeNumber("min"), f.wholeNumber("max"), severity);
                case "mean_between" -> new MeanBetween(f.string("column"), f.number("min"), f.number("max"), severity);
                case "quantile_between" -> new QuantileBetween(f.string("column"), f.number("quantile"), f.number("min"), f.number("max"),
                        severity);
                default -> throw new IllegalStateException(kind);
            };
        } catch (IllegalArgumentException e) {
            throw SlipwayException.invalidParameter("%s (%s): %s", f.path(), kind, e.getMessage());
        }
    }

    /** The keys an expectation of {@code kind} takes besides {@code expect} and {@code severity}; a 400 naming any other. */
    private static void rejectFieldsOtherThan(YamlFields f, String kind, Set<String> allowed) {
        Set<String> all = new HashSet<>(allowed);
        all.add("expect");
        all.add("severity");
        f.unknownField(all).ifPresent(name -> {
            throw f.error(name, "unknown field for " + kind + "; it takes " + String.join(", ", allowed.stream().sorted().toList())
                    + " and severity");
        });
    }

    private static List<String> scalars(YamlFields f, String field) {
        JsonNode value = f.required(field);
        if (!value.isArray()) {
            throw f.error(field, "expected a list, got " + shown(value));
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isValueNode() || item.isNull()) {
                throw f.error(field + "[" + i + "]", "expected text, a number or a boolean, got " + shown(item));
            }
            values.add(item.asText());
        }
        return values;
    }

    private static String regex(YamlFields f, String field) {
        String regex = f.string(field);
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw f.error(field, "not a valid regular expression: " + e.getDescription());
        }
        return regex;
    }

    private static ColumnType type(YamlFields f) {
        String name = f.string("type");
        return ColumnType.ofWireName(name).orElseThrow(() -> f.error("type",
                "expected integer, long, double, string, boolean or datetime, got '" + name + "'"));
    }

    private static Severity severity(YamlFields f) {
        String name = f.string("severity");
        try {
            return Severity.ofWireName(name);
        } catch (IllegalArgumentException e) {
            throw f.error("severity", "expected error or warning, got '" + name + "'");
        }
    }

    /** The suite as YAML, in the form {@link #parse} reads; severity only where it is not the default. */
    public String toYaml() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Expectation e : expectations) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("expect", e.kind());
            if (e.column() != null) {
                m.put("column", e.column());
            }
            if (e instanceof ColumnExists c && c.type() != null) {
                m.put("type", c.type().wireName());
            } else if (e instanceof NotNull n && n.maxNullFraction() > 0) {
                m.put("max_null_fraction", n.maxNullFraction());
            } else if (e instanceof Between b) {
                m.put("min", b.min());
                m.put("max", b.max());
            } else if (e instanceof InSet s) {
                m.put("values", s.values());
            } else if (e instanceof Matches r) {
                m.put("regex", r.regex());
            } else if (e instanceof RowCountBetween r) {
                m.put("min", r.min());
                m.put("max", r.max());
            } else if (e instanceof MeanBetween b) {
                m.put("min", b.min());
                m.put("max", b.max());
            } else if (e instanceof QuantileBetween q) {
                m.put("quantile", q.quantile());
                m.put("min", q.min());
                m.put("max", q.max());
            }
            if (e.severity() != Severity.ERROR) {
                m.put("severity", e.severity().wireName());
            }
            list.add(m);
        }
        try {
            return YAML.writeValueAsString(Map.of("expectations", list));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write the suite as YAML", e);
        }
    }
}
