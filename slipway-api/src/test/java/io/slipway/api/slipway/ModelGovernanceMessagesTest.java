package io.slipway.api.slipway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.api.ApiJson;
import io.slipway.api.mlmodel.MlModel;
import io.slipway.api.slipway.ModelGovernanceMessages.CardFormat;
import io.slipway.api.slipway.ModelGovernanceMessages.CardResponse;
import io.slipway.api.slipway.ModelGovernanceMessages.MlModelFormat;
import io.slipway.api.slipway.ModelGovernanceMessages.MlModelResponse;
import io.slipway.api.slipway.ModelGovernanceMessages.UpdateCard;
import io.slipway.core.SlipwayException;
import io.slipway.core.governance.DatasetLineage;
import io.slipway.core.governance.DatasetRef;
import io.slipway.core.governance.ModelCard;
import io.slipway.core.governance.ModelLineage;
import io.slipway.core.registry.ModelStage;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.ModelVersionStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelGovernanceMessagesTest {
    private final ObjectMapper mapper = ApiJson.newMapper();

    @ParameterizedTest
    @CsvSource({",MARKDOWN", "markdown,MARKDOWN", "HTML,HTML", " json ,JSON"})
    void parsesCardFormatsWithMarkdownByDefault(String format, CardFormat expected) {
        assertThat(CardFormat.parse(format)).isEqualTo(expected);
    }

    @Test
    void parsesMlModelFormatsWithJsonByDefault() {
        assertThat(MlModelFormat.parse(null)).isEqualTo(MlModelFormat.JSON);
        assertThat(MlModelFormat.parse("yaml")).isEqualTo(MlModelFormat.YAML);
    }

    @Test
    void refusesAnUnknownFormatNamingTheChoices() {
        assertThatThrownBy(() -> CardFormat.parse("pdf")).isInstanceOf(SlipwayException.class)
                .hasMessage("Invalid value 'pdf' for parameter 'format': expected one of markdown, html, json.");
    }

    @Test
    void writesTheMlModelWithItsNullValues() throws Exception {
        MlModel mlmodel = MlModel.parse("flavors:\n  sklearn:\n    code: null\n".getBytes(StandardCharsets.UTF_8), "MLmodel");

        JsonNode json = mapper.readTree(mapper.writeValueAsString(new MlModelResponse(mlmodel.fields())));

        assertThat(json.at("/mlmodel/flavors/sklearn").has("code")).isTrue();
    }

    @Test
    void readsTheCardUpdateInSnakeCase() throws Exception {
        UpdateCard update = mapper.readValue("{\"name\": \"fraud\", \"version\": \"3\", \"intended_use\": \"EU only\"}", UpdateCard.class);

        assertThat(update).isEqualTo(new UpdateCard("fraud", "3", "EU only", null));
    }

    @Test
    void writesLineageAsTheApiDocumentsIt() throws Exception {
        ModelVersion version = new ModelVersion("fraud", "3", 1, 1, "alice", ModelStage.NONE, "", "s3://m", "", ModelVersionStatus.READY, "",
                List.of(), "", List.of(), null);
        DatasetRef dataset = new DatasetRef("transactions", "d1", "s3", "s3://data", "training");

        JsonNode forward = mapper.readTree(mapper.writeValueAsString(new ModelLineage(version, null, List.of(dataset))));
        JsonNode reverse = mapper.readTree(mapper.writeValueAsString(
                new DatasetLineage(List.of(dataset.withoutContext()), List.of(), List.of(version), false)));

        assertThat(forward.fieldNames()).toIterable().containsExactly("model_version", "datasets");
        assertThat(forward.at("/datasets/0/source_type").asText()).isEqualTo("s3");
        assertThat(forward.at("/datasets/0/context").asText()).isEqualTo("training");
        assertThat(reverse.fieldNames()).toIterable().containsExactly("datasets", "runs", "model_versions", "truncated");
        assertThat(reverse.at("/datasets/0").has("context")).isFalse();
    }

    @Test
    void writesTheCardInSnakeCase() throws Exception {
        ModelCard card = new ModelCard("fraud", "3", "", "", "alice", 1, "s3://m", ModelStage.NONE, List.of(), "EU only", "", List.of(),
                List.of(), List.of(), null, List.of(), List.of(), null);

        JsonNode json = mapper.readTree(mapper.writeValueAsString(new CardResponse(card)));

        assertThat(json.at("/card/intended_use").asText()).isEqualTo("EU only");
        assertThat(json.at("/card/stage").asText()).isEqualTo("None");
        assertThat(json.get("card").fieldNames()).toIterable().contains("training_data", "alias_history", "creation_timestamp")
                .doesNotContain("mlmodel", "run");
    }
}
