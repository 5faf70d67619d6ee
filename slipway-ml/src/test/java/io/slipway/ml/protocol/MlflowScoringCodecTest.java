package io.slipway.ml.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.InputColumn;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Task;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MlflowScoringCodecTest {
    private static final String JSON = "application/json";

    private final MlflowScoringCodec codec = new MlflowScoringCodec(List.of(
            new InputColumn("amount", "double", true),
            new InputColumn("country", "string", true),
            new InputColumn("card_present", "boolean", false)));

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"dataframe_split\": {\"columns\": [\"amount\", \"country\", \"card_present\"],"
                    + " \"data\": [[12.5, \"US\", true], [3, \"GB\", null]], \"index\": [0, 1]}}",
            "{\"dataframe_split\": {\"data\": [[12.5, \"US\", true], [3, \"GB\", null]],"
                    + " \"columns\": [\"amount\", \"country\", \"card_present\"]}}",
            "{\"dataframe_records\": [{\"amount\": 12.5, \"country\": \"US\", \"card_present\": true},"
                    + " {\"country\": \"GB\", \"amount\": 3}]}",
            "{\"instances\": [{\"amount\": 12.5, \"country\": \"US\", \"card_present\": true}, {\"amount\": 3, \"country\": \"GB\"}]}",
            "{\"inputs\": [[12.5, \"US\", true], [3, \"GB\", null]]}",
            "{\"inputs\": {\"amount\": [12.5, 3], \"country\": [\"US\", \"GB\"], \"card_present\": [true, null]}}",
            "{\"params\": {\"threshold\": 0.3},"
                    + " \"instances\": {\"amount\": [12.5, 3], \"country\": [\"US\", \"GB\"], \"card_present\": [1, NaN]}}",
    })
    void everyJsonFormatDecodesToTheSameFrame(String body) {
        assertTransactions(codec.decode(JSON, bytes(body)));
    }

    @Test
    void csvDecodesToTheSameFrame() {
        String csv = "country,amount,card_present\r\nUS,12.5,True\n\"GB\",3,\n";

        assertTransactions(codec.decode("text/csv; charset=utf-8", bytes(csv)));
    }

    @Test
    void csvQuotedCellsMayHoldCommasAndQuotes() {
        Frame frame = codec.decode("text/csv", bytes("amount,country\n1,\"Bonaire, \"\"Saba\"\"\"\n"));

        assertThat(((Column.Texts) frame.require("country")).values()).containsExactly("Bonaire, \"Saba\"");
    }

    @Test
    void extraColumnsAreA400NamingThem() {
        assertThatThrownBy(() -> codec.decode(JSON, bytes("{\"dataframe_records\": [{\"amount\": 1, \"country\": \"US\", \"merchant\": \"x\"}]}")))
                .isInstanceOf(SlipwayException.class)
                .hasMessage("Unknown column 'merchant': the model takes 'amount', 'country', 'card_present'.");
        assertThatThrownBy(() -> codec.decode("text/csv", bytes("amount,country,shop,till\n1,US,a,b\n")))
                .hasMessageStartingWith("Unknown columns 'shop', 'till'");
    }

    @Test
    void aMissingOptionalColumnIsMissingValues() {
        Frame frame = codec.decode(JSON, bytes("{\"dataframe_records\": [{\"amount\": 1, \"country\": \"US\"}]}"));

        assertThat(frame.require("card_present").isMissing(0)).isTrue();
    }

    @Test
    void anOptionalStringColumnMayBeAbsent() {
        MlflowScoringCodec withNote = new MlflowScoringCodec(List.of(new InputColumn("note", "string", false)));

        Frame frame = withNote.decode(JSON, bytes("{\"inputs\": [{}]}"));

        assertThat(((Column.Texts) frame.require("note")).values()).containsExactly((String) null);
    }

    @Test
    void aListOfValuesFeedsAOneColumnModel() {
        MlflowScoringCodec single = new MlflowScoringCodec(List.of(new InputColumn("x", "double", true)));

        Frame frame = single.decode(JSON, bytes("{\"inputs\": [1, 2.5]}"));

        assertThat(((Column.Numbers) frame.require("x")).values()).containsExactly(1.0, 2.5);
    }

    @Test
    void aMissingRequiredColumnIsA400NamingIt() {
        assertRejected(JSON, "{\"dataframe_records\": [{\"amount\": 1}]}").hasMessageContaining("Missing column 'country'");
    }

    @Test
    void aMissingRequiredCsvColumnIsA400NamingIt() {
        assertRejected("text/csv", "amount\n1\n").hasMessageContaining("'country'");
    }

    @Test
    void aStringWhereANumberIsNeededIsA400NamingColumnAndRow() {
        assertRejected(JSON, "{\"dataframe_records\": [{\"amount\": 1, \"country\": \"US\"}, {\"amount\": \"lots\", \"country\": \"US\"}]}")
                .hasMessageContaining("column 'amount' at row 1");
    }

    @Test
    void aNumberWhereAStringIsNeededIsA400NamingColumnAndRow() {
        assertRejected(JSON, "{\"inputs\": [[1, 44, null]]}").hasMessageContaining("column 'country' at row 0");
    }

    @Test
    void anUnparsableCsvNumberIsA400NamingColumnAndRow() {
        assertRejected("text/csv", "amount,country\n1,US\nabc,GB\n").hasMessageContaining("column 'amount' at row 1");
    }

    @Test
    void nullInARequiredColumnIsA400NamingIt() {
        assertRejected(JSON, "{\"dataframe_split\": {\"columns\": [\"amount\", \"country\"], \"data\": [[1, null]]}}")
                .hasMessageContaining("required column 'country' at row 0");
    }

    @Test
    void nanInARequiredColumnIsA400NamingIt() {
        assertRejected(JSON, "{\"inputs\": {\"amount\": [NaN], \"country\": [\"US\"]}}")
                .hasMessageContaining("required column 'amount' at row 0");
    }

    @Test
    void anEmptyCsvCellInARequiredColumnIsA400NamingIt() {
        assertRejected("text/csv", "amount,country\n,US\n").hasMessageContaining("required column 'amount' at row 0");
    }

    @Test
    void noInputFieldIsA400WithTheMlflow2Hint() {
        assertRejected(JSON, "{\"columns\": [\"amount\"], \"data\": [[1]]}")
                .hasMessageContaining("exactly one of the input fields")
                .hasMessageContaining("dataframe_split, dataframe_records, instances, inputs")
                .hasMessageContaining("changed in MLflow version 2.0");
    }

    @Test
    void twoInputFieldsAreA400WithTheMlflow2Hint() {
        assertRejected(JSON, "{\"inputs\": [[1, \"US\", null]], \"instances\": [[1, \"US\", null]]}")
                .hasMessageContaining("[inputs, instances]")
                .hasMessageContaining("changed in MLflow version 2.0");
    }

    @Test
    void aTopLevelListIsA400WithTheMlflow2Hint() {
        assertRejected(JSON, "[{\"amount\": 1, \"country\": \"US\"}]")
                .hasMessageContaining("Received a list")
                .hasMessageContaining("changed in MLflow version 2.0");
    }

    @Test
    void theMlflow1FormatParameterIsRefusedWithTheHint() {
        assertRejected("application/json; format=pandas-split", "{}")
                .hasMessageContaining("'format'")
                .hasMessageContaining("changed in MLflow version 2.0");
    }

    @Test
    void paramsThatAreNotAnObjectAreA400() {
        assertRejected(JSON, "{\"inputs\": [[1, \"US\", null]], \"params\": [1]}").hasMessageContaining("'params'");
    }

    @Test
    void aCharsetOtherThanUtf8IsRefused() {
        assertRejected("application/json; charset=ISO-8859-1", "{}").hasMessageContaining("ISO-8859-1").hasMessageContaining("415");
    }

    @Test
    void anotherContentTypeIsRefusedNamingIt() {
        assertRejected("application/x-protobuf", "{}").hasMessageContaining("'application/x-protobuf'").hasMessageContaining("415");
    }

    @Test
    void aRowOfTheWrongLengthIsA400NamingIt() {
        assertRejected(JSON, "{\"dataframe_split\": {\"columns\": [\"amount\", \"country\"], \"data\": [[1, \"US\"], [2]]}}")
                .hasMessageContaining("'dataframe_split.data[1]'");
    }

    @Test
    void aNestedValueIsA400NamingIt() {
        assertRejected(JSON, "{\"dataframe_records\": [{\"amount\": [1], \"country\": \"US\"}]}")
                .hasMessageContaining("'dataframe_records[0].amount'");
    }

    @Test
    void columnsOfDifferentLengthsAreA400NamingThem() {
        assertRejected(JSON, "{\"inputs\": {\"amount\": [1, 2], \"country\": [\"US\"]}}").hasMessageContaining("'inputs.country'");
    }

    @Test
    void malformedJsonIsA400() {
        assertRejected(JSON, "{\"inputs\": [").hasMessageContaining("Invalid JSON body");
    }

    @Test
    void regressionPredictionsAreNumbers() {
        Predictions predictions = new Predictions(Task.REGRESSION, List.of(), new double[] {1.5, -2}, null);

        assertThat(encode(predictions)).isEqualTo("{\"predictions\":[1.5,-2.0]}");
    }

    @Test
    void binaryPredictionsAreThePositiveClassProbability() {
        Predictions predictions = new Predictions(Task.BINARY, List.of("legit", "fraud"), new double[] {0.25, 0.75},
                new double[] {0.75, 0.25, 0.25, 0.75});

        assertThat(encode(predictions)).isEqualTo("{\"predictions\":[0.25,0.75]}");
    }

    @Test
    void multiclassPredictionsAreLabels() {
        Predictions predictions = new Predictions(Task.MULTICLASS, List.of("a", "b", "c"), new double[] {2, 0},
                new double[] {0.1, 0.2, 0.7, 0.6, 0.3, 0.1});

        assertThat(encode(predictions)).isEqualTo("{\"predictions\":[\"c\",\"a\"]}");
    }

    private static void assertTransactions(Frame frame) {
        assertThat(frame.rowCount()).isEqualTo(2);
        assertThat(frame.columnNames()).containsExactly("amount", "country", "card_present");
        assertThat(((Column.Numbers) frame.require("amount")).values()).containsExactly(12.5, 3.0);
        assertThat(((Column.Texts) frame.require("country")).values()).containsExactly("US", "GB");
        assertThat(((Column.Numbers) frame.require("card_present")).values()).containsExactly(1.0, Double.NaN);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String contentType, String body) {
        return assertThatThrownBy(() -> codec.decode(contentType, bytes(body)))
                .isInstanceOfSatisfying(SlipwayException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }

    private String encode(Predictions predictions) {
        return new String(codec.encode(predictions), UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
