package io.slipway.core.governance;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model card shows of a version's MLmodel descriptor: its flavors, its signature (inputs,
 * outputs, inference params; empty when it declares none) and where its input example is.
 */
public record MlModelSummary(
        String mlflowVersion,
        String utcTimeCreated,
        List<Flavor> flavors,
        List<SignatureField> inputs,
        List<SignatureField> outputs,
        List<SignatureField> params,
        String inputExample) {
    public MlModelSummary {
        mlflowVersion = mlflowVersion == null ? "" : mlflowVersion;
        utcTimeCreated = utcTimeCreated == null ? "" : utcTimeCreated;
        flavors = List.copyOf(requireNonNull(flavors, "flavors is null"));
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
        params = List.copyOf(requireNonNull(params, "params is null"));
        inputExample = inputExample == null ? "" : inputExample;
    }

    /** A flavor and its scalar options (e.g. {@code sklearn_version: 1.3.2}), as text. */
    public record Flavor(String name, Map<String, String> options) {
        public Flavor {
            requireNonNull(name, "name is null");
            options = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(options, "options is null")));
        }
    }

    /**
     * One column, tensor or param of the signature: {@code name} is empty for unnamed ones,
     * {@code type} reads like {@code double}, {@code array<string>} or {@code tensor(float32, [-1, 784])},
     * {@code defaultValue} is set for params only.
     */
    public record SignatureField(String name, String type, boolean required, String defaultValue) {
        public SignatureField {
            name = name == null ? "" : name;
            requireNonNull(type, "type is null");
            defaultValue = defaultValue == null ? "" : defaultValue;
        }
    }
}
