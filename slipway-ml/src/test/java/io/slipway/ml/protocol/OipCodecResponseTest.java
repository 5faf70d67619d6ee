package io.slipway.ml.protocol;

import static io.slipway.ml.protocol.OipCodecRequestTest.json;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.core.SlipwayException;
import io.slipway.ml.predict.InputColumn;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Task;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OipCodecResponseTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Predictions BINARY = new Predictions(Task.BINARY, List.of("legit", "fraud"), new double[] {0.25, 0.75},
            new double[] {0.75, 0.25, 0.25, 0.75});
    private static final Predictions MULTICLASS = new Predictions(Task.MULTICLASS, List.of("a", "b", "c"), new double[] {2, 0},
            new double[] {0.1, 0.2, 0.7, 0.6, 0.3, 0.1});
    private static final Predictions REGRESSION = new Predictions(Task.REGRESSION, List.of(), new double[] {0.1 + 0.2, -1e-300}, null);

    @Test
    void binaryAnswersProbabilityLabelAndProbabilities() {
        JsonNode response = encode(request("{}"), BINARY);

        assertThat(response.get("model_name").asText()).isEqualTo("fraud");
        assertThat(response.get("model_version").asText()).isEqualTo("3");
        assertThat(names(response)).containsExactly("probability", "label", "probabilities");
        assertOutput(output(response, "probability"), "FP64", "[2]", "[0.25,0.75]");
        assertOutput(output(response, "label"), "BYTES", "[2]", "[\"legit\",\"fraud\"]");
        assertOutput(output(response, "probabilities"), "FP64", "[2,2]", "[0.75,0.25,0.25,0.75]");
    }

    @Test
    void multiclassAnswersLabelAndProbabilities() {
        JsonNode response = encode(request("{}"), MULTICLASS);

        assertThat(names(response)).containsExactly("label", "probabilities");
        assertOutput(output(response, "label"), "BYTES", "[2]", "[\"c\",\"a\"]");
        assertOutput(output(response, "probabilities"), "FP64", "[2,3]", "[0.1,0.2,0.7,0.6,0.3,0.1]");
    }

    @Test
    void regressionAnswersAPredictionWhoseDoublesRoundTrip() {
        JsonNode response = encode(request("{}"), REGRESSION);

        assertThat(names(response)).containsExactly("prediction");
        JsonNode prediction = output(response, "prediction");
        assertOutput(prediction, "FP64", "[2]", prediction.get("data").toString());
        assertThat(prediction.get("data").get(0).doubleValue()).isEqualTo(0.1 + 0.2);
        assertThat(prediction.get("data").get(1).doubleValue()).isEqualTo(-1e-300);
    }

    @Test
    void echoesTheRequestIdOnlyWhenGiven() {
        assertThat(encode(request("{'id': 'req-42'}"), REGRESSION).get("id").asText()).isEqualTo("req-42");
        assertThat(encode(request("{}"), REGRESSION).has("id")).isFalse();
    }

    @Test
    void omitsTheVersionWhenThereIsNone() {
        byte[] body = OipCodec.encodeResponse(request("{}"), "fraud", null, REGRESSION);

        assertThat(read(body).has("model_version")).isFalse();
    }

    @Test
    void answersOnlyTheRequestedOutputsInTheirOrder() {
        JsonNode response = encode(request("{'outputs': [{'name': 'probabilities'}, {'name': 'label'}]}"), BINARY);

        assertThat(names(response)).containsExactly("probabilities", "label");
    }

    @Test
    void rejectsARequestedOutputTheModelDoesNotHave() {
        OipRequest request = request("{'outputs': [{'name': 'label'}, {'name': 'probability'}]}");

        assertThatThrownBy(() -> OipCodec.encodeResponse(request, "fraud", "3", MULTICLASS))
                .isInstanceOf(SlipwayException.class)
                .hasMessageContaining("Unknown output 'probability'")
                .hasMessageContaining("'label', 'probabilities'");
    }

    @Test
    void metadataDescribesInputsAndOutputs() {
        JsonNode metadata = read(OipCodec.modelMetadata("fraud", List.of("2", "3"), "xgboost", Task.MULTICLASS, List.of("a", "b", "c"),
                List.of(new InputColumn("amount", "double", true), new InputColumn("age", "integer", false),
                        new InputColumn("country", "string", false))));

        assertThat(metadata.toString()).isEqualTo(new String(json("""
                {'name':'fraud','versions':['2','3'],'platform':'slipway_xgboost',\
                'inputs':[{'name':'amount','datatype':'FP64','shape':[-1]},{'name':'age','datatype':'INT32','shape':[-1]},\
                {'name':'country','datatype':'BYTES','shape':[-1]}],\
                'outputs':[{'name':'label','datatype':'BYTES','shape':[-1]},{'name':'probabilities','datatype':'FP64','shape':[-1,3]}]}"""),
                UTF_8));
    }

    @Test
    void metadataPlatformKeepsAFlavorThatIsAlreadySlipways() {
        JsonNode metadata = read(OipCodec.modelMetadata("m", List.of("1"), "slipway_xgboost", Task.REGRESSION, List.of(), List.of()));

        assertThat(metadata.get("platform").asText()).isEqualTo("slipway_xgboost");
        assertThat(metadata.get("outputs").toString()).isEqualTo("[{\"name\":\"prediction\",\"datatype\":\"FP64\",\"shape\":[-1]}]");
    }

    private static OipRequest request(String fields) {
        String inputs = "'inputs': [{'name': 'amount', 'shape': [2], 'datatype': 'FP64', 'data': [1, 2]}]";
        String body = fields.equals("{}") ? "{" + inputs + "}" : fields.substring(0, fields.length() - 1) + ", " + inputs + "}";
        return OipCodec.decodeRequest(json(body));
    }

    private static JsonNode encode(OipRequest request, Predictions predictions) {
        return read(OipCodec.encodeResponse(request, "fraud", "3", predictions));
    }

    private static JsonNode read(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> names(JsonNode response) {
        List<String> names = new ArrayList<>();
        response.get("outputs").forEach(output -> names.add(output.get("name").asText()));
        return names;
    }

    private static JsonNode output(JsonNode response, String name) {
        for (JsonNode output : response.get("outputs")) {
            if (output.get("name").asText().equals(name)) {
                return output;
            }
        }
        throw new AssertionError("no output " + name + " in " + response);
    }

    private static void assertOutput(JsonNode output, String datatype, String shape, String data) {
        assertThat(output.get("datatype").asText()).isEqualTo(datatype);
        assertThat(output.get("shape").toString()).isEqualTo(shape);
        assertThat(output.get("data").toString()).isEqualTo(data);
    }
}
