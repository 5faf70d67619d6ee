package io.slipway.api.mlmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.governance.MlModelSummary;
import io.slipway.core.governance.MlModelSummary.SignatureField;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MlModelTest {
    private static final String LOCATION = "mlflow-artifacts:/1/abc/artifacts/model/MLmodel";
    private static final String FLAVORS = "flavors:\n  python_function:\n    loader_module: mlflow.pyfunc.model\n";

    static byte[] resource(String name) {
        try (InputStream in = MlModelTest.class.getResourceAsStream("/mlmodel/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MlModel parse(String yaml) {
        return MlModel.parse(yaml.getBytes(StandardCharsets.UTF_8), LOCATION);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String yaml) {
        return assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(SlipwayException.class)
                .matches(e -> ((SlipwayException) e).errorCode() == ErrorCode.INVALID_PARAMETER_VALUE, "is INVALID_PARAMETER_VALUE")
                .hasMessageStartingWith("Invalid MLmodel at " + LOCATION + ": ");
    }

    @Test
    void readsAnSklearnModelWithAColumnSignatureAndAnInputExample() {
        MlModel mlmodel = MlModel.parse(resource("sklearn.MLmodel"), LOCATION);

        assertThat(mlmodel.flavors()).containsOnlyKeys("python_function", "sklearn");
        assertThat(mlmodel.fields()).containsEntry("run_id", "4f0c2d5e8a9b4c1d9e7f6a5b3c2d1e0f").containsEntry("artifact_path", "model");
        MlModelSummary summary = mlmodel.summary();
        assertThat(summary.mlflowVersion()).isEqualTo("2.9.2");
        assertThat(summary.utcTimeCreated()).isEqualTo("2024-03-14 09:26:53.589793");
        assertThat(summary.flavors()).extracting(MlModelSummary.Flavor::name).containsExactly("python_function", "sklearn");
        assertThat(summary.flavors().get(1).options()).containsEntry("sklearn_version", "1.3.2").doesNotContainKey("code");
        assertThat(summary.inputs()).extracting(SignatureField::name, SignatureField::type, SignatureField::required).containsExactly(
                tuple("amount", "double", true), tuple("merchant_category", "long", true), tuple("country", "string", true),
                tuple("card_present", "boolean", true), tuple("event_time", "datetime", false));
        assertThat(summary.outputs()).containsExactly(new SignatureField("", "long", true, ""));
        assertThat(summary.params()).isEmpty();
        assertThat(summary.inputExample()).isEqualTo("input_example.json (dataframe, orient split)");
    }

    @Test
    void readsAnXgboostModelWithATensorSignature() {
        MlModelSummary summary = MlModel.parse(resource("xgboost.MLmodel"), LOCATION).summary();

        assertThat(summary.flavors()).extracting(MlModelSummary.Flavor::name).containsExactly("python_function", "xgboost");
        assertThat(summary.inputs()).containsExactly(new SignatureField("", "tensor(float64, [-1, 30])", true, ""));
        assertThat(summary.outputs()).containsExactly(new SignatureField("", "tensor(int64, [-1])", true, ""));
    }

    @Test
    void readsAPyfuncModelWithNestedTypesAndInferenceParams() {
        MlModelSummary summary = MlModel.parse(resource("pyfunc.MLmodel"), LOCATION).summary();

        assertThat(summary.inputs()).extracting(SignatureField::name, SignatureField::type).containsExactly(
                tuple("text", "string"), tuple("tags", "array<string>"), tuple("options", "object{lang: string, max_len?: long}"));
        assertThat(summary.params()).containsExactly(
                new SignatureField("temperature", "double", false, "0.2"),
                new SignatureField("stop", "string [-1]", false, "[\"###\"]"));
    }

    @Test
    void keepsTheKeysItDoesNotKnow() {
        MlModel mlmodel = parse(FLAVORS + "metadata:\n  task: summarization\nmodel_size_bytes: 2279\nresources:\n  databricks: []\n");

        assertThat(mlmodel.fields()).containsKeys("metadata", "model_size_bytes", "resources");
        assertThat(mlmodel.fields().get("metadata")).isEqualTo(Map.of("task", "summarization"));
    }

    @Test
    void storesSchemasWrittenAsYamlListsAsTheJsonStringsMlflowWrites() {
        MlModel mlmodel = parse(FLAVORS + "signature:\n  inputs:\n    - {name: amount, type: double}\n  outputs:\n    - type: long\n");

        Map<?, ?> signature = (Map<?, ?>) mlmodel.fields().get("signature");
        assertThat(signature.get("inputs")).isEqualTo("[{\"name\":\"amount\",\"type\":\"double\"}]");
        assertThat(mlmodel.summary().inputs()).containsExactly(new SignatureField("amount", "double", true, ""));
    }

    @Test
    void readsDescriptiveFieldsAsTextEvenWhenYamlSawNumbers() {
        assertThat(parse(FLAVORS + "mlflow_version: 2.9\nrun_id: 1234\n").fields())
                .containsEntry("mlflow_version", "2.9").containsEntry("run_id", "1234");
    }

    @Test
    void roundTripsThroughJsonAndYaml() {
        MlModel original = MlModel.parse(resource("pyfunc.MLmodel"), LOCATION).withSlipway(Map.of("run_id", "r1"));

        MlModel stored = MlModel.fromJson(original.toJson());
        MlModel downloaded = MlModel.parse(stored.toYaml().getBytes(StandardCharsets.UTF_8), LOCATION);

        assertThat(stored.fields()).isEqualTo(original.fields());
        assertThat(downloaded.fields()).isEqualTo(original.fields());
        assertThat(downloaded.toJson()).isEqualTo(original.toJson());
    }

    @Test
    void yamlItRendersKeepsNumberAndBooleanLikeStringsAsStrings() {
        MlModel mlmodel = parse(FLAVORS.replace("mlflow.pyfunc.model", "'3.10'") + "mlflow_version: '2.10'\nrun_id: 'true'\n");

        MlModel again = MlModel.parse(mlmodel.toYaml().getBytes(StandardCharsets.UTF_8), LOCATION);

        assertThat(again.fields()).isEqualTo(mlmodel.fields());
        assertThat(again.fields()).containsEntry("mlflow_version", "2.10").containsEntry("run_id", "true");
    }

    @Test
    void makesAMinimalDescriptorWithoutFlavors() {
        MlModel minimal = MlModel.minimal("r1", "model", "2026-01-01 00:00:00.000000");

        assertThat(minimal.fields()).containsExactly(Map.entry("artifact_path", "model"), Map.entry("flavors", Map.of()),
                Map.entry("run_id", "r1"), Map.entry("utc_time_created", "2026-01-01 00:00:00.000000"));
        assertThat(MlModel.minimal(null, "fraud", "t").fields()).doesNotContainKey("run_id");
    }

    // ---- refusals ----

    @Test
    void refusesMalformedYaml() {
        assertRefused("flavors:\n  sklearn: {a: b: c}\n").hasMessageContaining("it is not valid YAML").hasMessageContaining("line 2");
    }

    @Test
    void refusesAnEmptyFile() {
        assertRefused("").hasMessageContaining("the file is empty");
        assertRefused("# nothing but a comment\n").hasMessageContaining("the file is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"- python_function\n- sklearn\n", "just a string\n", "42\n"})
    void refusesAFileThatIsNotAMapping(String yaml) {
        assertRefused(yaml).hasMessageContaining("it must be a YAML mapping of keys to values");
    }

    @Test
    void refusesAModelWithoutFlavors() {
        assertRefused("artifact_path: model\nrun_id: abc\n").hasMessageEndingWith(
                "flavors is missing: an MLmodel names at least one flavor (e.g. python_function).");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "flavors: {}|flavors must be a non-empty mapping of flavor name to its options, not a mapping",
            "flavors: [sklearn]|flavors must be a non-empty mapping of flavor name to its options, not a list",
            "flavors: {sklearn: 1.3.2}|flavors.sklearn must be a mapping of options, not the string '1.3.2'",
            "flavors: {sklearn: null}|flavors.sklearn must be a mapping of options, not null",
    })
    void refusesFlavorsThatAreNotAMappingOfMappings(String yaml, String problem) {
        assertRefused(yaml + "\n").hasMessageContaining(problem);
    }

    @Test
    void refusesAnUnknownColumnTypeNamingItsPlace() {
        assertRefused(FLAVORS + "signature:\n  inputs: '[{\"type\": \"double\", \"name\": \"a\"}, {\"type\": \"long\", \"name\": \"b\"},"
                + " {\"type\": \"complex\", \"name\": \"c\"}]'\n")
                .hasMessage("Invalid MLmodel at " + LOCATION + ": signature.inputs[2].type 'complex' is not a column type (boolean,"
                        + " integer, long, float, double, string, binary, datetime, array, object, map, any) or 'tensor'.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "signature: [a]|signature must be a mapping with inputs, outputs and params, not a list",
            "signature: {inputs: '[{\"type\": \"double\"'}|signature.inputs is not valid JSON",
            "signature: {inputs: '{\"type\": \"double\"}'}|signature.inputs must be a list of specs",
            "signature: {inputs: '[]'}|signature.inputs is empty",
            "signature: {outputs: '[\"double\"]'}|signature.outputs[0] must be a mapping with a 'type', not the string 'double'",
            "signature: {inputs: '[{\"name\": \"a\"}]'}|signature.inputs[0].type is missing",
            "signature: {inputs: '[{\"type\": \"double\", \"name\": \"a\"}, {\"type\": \"tensor\", \"name\": \"b\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1]}}]'}|signature.inputs mixes column and tensor specs",
            "signature: {inputs: '[{\"type\": \"double\", \"name\": \"a\"}, {\"type\": \"long\"}]'}|signature.inputs mixes named and unnamed columns",
            "signature: {inputs: '[{\"type\": \"tensor\", \"tensor-spec\": {\"shape\": [-1, 4]}}]'}|signature.inputs[0].tensor-spec.dtype is missing",
            "signature: {inputs: '[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [\"n\", 4]}}]'}|signature.inputs[0].tensor-spec.shape must be a list of dimensions",
            "signature: {inputs: '[{\"type\": \"array\", \"name\": \"a\"}]'}|signature.inputs[0].items must be a mapping with a 'type', not null",
            "signature: {inputs: '[{\"type\": \"array\", \"name\": \"a\", \"items\": {\"type\": \"decimal\"}}]'}|signature.inputs[0].items.type 'decimal' is not a column type",
            "signature: {inputs: '[{\"type\": \"object\", \"name\": \"a\", \"properties\": {}}]'}|signature.inputs[0].properties must be a non-empty mapping",
            "signature: {inputs: '[{\"type\": \"double\", \"name\": \"a\", \"required\": \"yes\"}]'}|signature.inputs[0].required must be true or false",
            "signature: {inputs: '[{\"type\": \"double\", \"name\": 7}]'}|signature.inputs[0].name must be a string, not a number",
            "signature: {params: '[{\"type\": \"double\", \"default\": 0.5}]'}|signature.params[0].name is missing",
            "signature: {params: '[{\"name\": \"t\", \"type\": \"real\"}]'}|signature.params[0].type 'real' is not a column type",
    })
    void refusesABadSignature(String yaml, String problem) {
        assertRefused(FLAVORS + yaml + "\n").hasMessageContaining(problem);
    }

    @Test
    void refusesDescriptiveFieldsThatAreNotText() {
        assertRefused(FLAVORS + "run_id: {a: 1}\n").hasMessageContaining("run_id must be a string, not a mapping");
    }

    @Test
    void refusesAnInputExampleWithoutItsPath() {
        assertRefused(FLAVORS + "saved_input_example_info: {type: dataframe}\n")
                .hasMessageContaining("saved_input_example_info must be a mapping with an artifact_path");
    }

    @Test
    void refusesAFileOverTheSizeLimit() {
        byte[] padded = (FLAVORS + "#" + "x".repeat(MlModel.MAX_FILE_BYTES) + "\n").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> MlModel.parse(padded, LOCATION)).isInstanceOf(SlipwayException.class)
                .hasMessage("Invalid MLmodel at " + LOCATION + ": the file is larger than 1048576 bytes; an MLmodel file is a few kilobytes.");
    }
}
