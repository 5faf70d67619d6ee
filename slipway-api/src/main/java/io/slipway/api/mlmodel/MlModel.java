package io.slipway.api.mlmodel;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.slipway.api.ApiJson;
import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.governance.MlModelSummary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An MLflow MLmodel descriptor: the YAML file at the root of a logged model that names its
 * flavors (how to load it), its signature (what it takes and returns) and where it came from.
 * Parsing is strict where MLflow itself could not load the file (no flavors, an unknown column
 * type) and keeps every key it does not know, since MLflow adds new ones. The signature's
 * schemas are kept as MLflow writes them, JSON strings, so the YAML rendered back is a file
 * MLflow loads.
 *
 * <p>YAML is read with Jackson: anchors are not expanded (an alias reads as its name, so no alias
 * bomb) and the YAML 1.1 specials {@code .nan} and {@code .inf} are refused; MLflow writes
 * neither in the fields it generates.
 */
public final class MlModel {
    public static final String FILE_NAME = "MLmodel";
    /** MLmodel files are a few kilobytes; anything near this is not one. */
    public static final int MAX_FILE_BYTES = 1 << 20;
    /** The key of Slipway's own section. */
    public static final String SLIPWAY = "slipway";

    private static final List<String> TEXT_FIELDS = List.of("artifact_path", "run_id", "model_uuid", "utc_time_created", "mlflow_version");
    // as ApiJson, but keeping null values (MLflow writes e.g. "code: null"), so the file survives storage unchanged
    static final ObjectMapper JSON = ApiJson.newMapper()
            .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS));
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    /** What is wrong with a descriptor, without where it is: {@link #parse} names the file. */
    static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message, null, false, false);
        }
    }

    private final Map<String, Object> fields;

    private MlModel(Map<String, Object> fields) {
        this.fields = fields;
    }

    /**
     * Parses and checks an MLmodel file; {@code location} (the file's URI) names it in errors,
     * which are INVALID_PARAMETER_VALUE, e.g. {@code Invalid MLmodel at <uri>: flavors is missing ...}.
     */
    public static MlModel parse(byte[] yaml, String location) {
        requireNonNull(location, "location is null");
        if (yaml.length > MAX_FILE_BYTES) {
            throw invalid(location, "the file is larger than %d bytes; an MLmodel file is a few kilobytes", MAX_FILE_BYTES);
        }
        Object root;
        try {
            root = YAML.readValue(yaml, Object.class);
        } catch (MismatchedInputException empty) {
            throw invalid(location, "the file is empty");
        } catch (IOException e) {
            throw invalid(location, "it is not valid YAML (%s)", describe(e));
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw invalid(location, "it must be a YAML mapping of keys to values, not %s", kind(root));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        map.forEach((key, value) -> fields.put(String.valueOf(key), value));
        try {
            checkFlavors(fields.get("flavors"));
            for (String field : TEXT_FIELDS) {
                fields.computeIfPresent(field, (key, value) -> text(value, key));
            }
            fields.computeIfPresent("signature", (key, value) -> Signatures.normalize(value));
            checkInputExample(fields.get("saved_input_example_info"));
        } catch (Problem problem) {
            throw invalid(location, "%s", problem.getMessage());
        }
        return new MlModel(freeze(fields));
    }

    /**
     * What a version gets when there is no MLmodel file to read: where it came from and no flavors.
     *
     * @param runId null when the version has no run
     */
    public static MlModel minimal(String runId, String artifactPath, String utcTimeCreated) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("artifact_path", requireNonNull(artifactPath, "artifactPath is null"));
        fields.put("flavors", Map.of());
        if (runId != null) {
            fields.put("run_id", runId);
        }
        fields.put("utc_time_created", requireNonNull(utcTimeCreated, "utcTimeCreated is null"));
        return new MlModel(freeze(fields));
    }

    /** A descriptor as the registry stored it (JSON written by {@link #toJson()}). */
    public static MlModel fromJson(String json) {
        try {
            Object root = JSON.readValue(json, Object.class);
            if (root instanceof Map<?, ?> map) {
                Map<String, Object> fields = new LinkedHashMap<>();
                map.forEach((key, value) -> fields.put(String.valueOf(key), value));
                return new MlModel(freeze(fields));
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new SlipwayException(ErrorCode.INTERNAL_ERROR, "A stored MLmodel descriptor is not a JSON object.");
    }

    /** This descriptor with Slipway's section set to {@code section}, replacing any the file had. */
    public MlModel withSlipway(Map<String, ?> section) {
        Map<String, Object> updated = new LinkedHashMap<>(fields);
        updated.put(SLIPWAY, section);
        return new MlModel(freeze(updated));
    }

    /** Every field, in file order; nested maps and lists are unmodifiable. */
    public Map<String, Object> fields() {
        return fields;
    }

    /** Flavor name to its options. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> flavors() {
        return fields.get("flavors") instanceof Map<?, ?> flavors ? (Map<String, Object>) flavors : Map.of();
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an MLmodel descriptor holds only JSON values", e);
        }
    }

    /** The descriptor as an MLmodel file. */
    public String toYaml() {
        try {
            return YAML.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an MLmodel descriptor holds only YAML values", e);
        }
    }

    /** What a model card shows: flavors with their scalar options, the signature, the input example. */
    public MlModelSummary summary() {
        List<MlModelSummary.Flavor> flavors = new ArrayList<>();
        flavors().forEach((name, options) -> {
            Map<String, String> scalars = new LinkedHashMap<>();
            if (options instanceof Map<?, ?> map) {
                map.forEach((key, value) -> {
                    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                        scalars.put(String.valueOf(key), String.valueOf(value));
                    }
                });
            }
            flavors.add(new MlModelSummary.Flavor(name, scalars));
        });
        Map<?, ?> signature = fields.get("signature") instanceof Map<?, ?> map ? map : Map.of();
        return new MlModelSummary(textField("mlflow_version"), textField("utc_time_created"), flavors,
                Signatures.columns(signature.get("inputs")), Signatures.columns(signature.get("outputs")),
                Signatures.params(signature.get("params")), inputExample());
    }

    private String inputExample() {
        if (!(fields.get("saved_input_example_info") instanceof Map<?, ?> info)) {
            return "";
        }
        StringBuilder text = new StringBuilder(String.valueOf(info.get("artifact_path")));
        List<String> details = new ArrayList<>();
        if (info.get("type") != null) {
            details.add(String.valueOf(info.get("type")));
        }
        if (info.get("pandas_orient") != null) {
            details.add("orient " + info.get("pandas_orient"));
        }
        return details.isEmpty() ? text.toString() : text.append(" (").append(String.join(", ", details)).append(')').toString();
    }

    private String textField(String key) {
        Object value = fields.get(key);
        return value == null ? "" : String.valueOf(value);
    }

    // ---- checks ----

    private static void checkFlavors(Object flavors) {
        if (flavors == null) {
            throw new Problem("flavors is missing: an MLmodel names at least one flavor (e.g. python_function)");
        }
        if (!(flavors instanceof Map<?, ?> map) || map.isEmpty()) {
            throw new Problem("flavors must be a non-empty mapping of flavor name to its options, not " + kind(flavors));
        }
        map.forEach((name, options) -> {
            if (!(options instanceof Map<?, ?>)) {
                throw new Problem("flavors." + name + " must be a mapping of options, not " + kind(options));
            }
        });
    }

    /** Known descriptive fields are text; YAML may have read an unquoted one as a number. */
    private static Object text(Object value, String field) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new Problem(field + " must be a string, not " + kind(value));
    }

    private static void checkInputExample(Object info) {
        if (info != null && !(info instanceof Map<?, ?> map && map.get("artifact_path") instanceof String)) {
            throw new Problem("saved_input_example_info must be a mapping with an artifact_path, not " + kind(info));
        }
    }

    static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof String s) {
            return "the string '" + (s.length() > 40 ? s.substring(0, 37) + "..." : s) + "'";
        }
        return value instanceof Number ? "a number" : value instanceof Boolean ? "a boolean" : "a " + value.getClass().getSimpleName();
    }

    private static SlipwayException invalid(String location, String format, Object... args) {
        return SlipwayException.invalidParameter("Invalid MLmodel at %s: %s.", location, String.format(format, args));
    }

    /** A parser's complaint on one line, with where it was. */
    private static String describe(IOException e) {
        String message = e instanceof JacksonException jackson ? jackson.getOriginalMessage() : e.getMessage();
        String line = message == null ? e.getClass().getSimpleName() : message.strip().lines().findFirst().orElse("").strip();
        if (line.length() > 200) {
            line = line.substring(0, 197) + "...";
        }
        JsonLocation at = e instanceof JacksonException jackson ? jackson.getLocation() : null;
        return at == null || at.getLineNr() < 1 ? line : line + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** A deep copy whose maps and lists cannot change (nulls kept, unlike Map.copyOf). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> freeze(Map<String, Object> fields) {
        return (Map<String, Object>) frozen(fields);
    }

    private static Object frozen(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), frozen(item)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(frozen(item)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
