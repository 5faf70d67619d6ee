package io.slipway.ml.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.InputColumn;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class OipCodecRequestTest {
    private static final List<InputColumn> MIXED = List.of(
            new InputColumn("amount", "double", true),
            new InputColumn("is_new", "boolean", false),
            new InputColumn("country", "string", false));
    private static final List<InputColumn> NUMERIC = List.of(
            new InputColumn("amount", "double", true),
            new InputColumn("age", "long", false),
            new InputColumn("score", "float", false));

    @Test
    void decodesIdParametersInputsAndOutputs() {
        OipRequest request = OipCodec.decodeRequest(json("""
                {'id': 'r-1', 'parameters': {'content_type': 'pd', 'n': 2},
                 'inputs': [{'name': 'amount', 'shape': [2], 'datatype': 'FP64', 'parameters': {}, 'data': [1.5, 2]}],
                 'outputs': [{'name': 'label'}], 'ignored': {'a': [1]}}"""));

        assertThat(request.id()).contains("r-1");
        assertThat(request.parameters()).containsEntry("content_type", "pd").containsEntry("n", 2);
        assertThat(request.outputs()).containsExactly("label");
        OipTensor amount = request.inputs().get(0);
        assertThat(amount.name()).isEqualTo("amount");
        assertThat(amount.datatype()).isEqualTo("FP64");
        assertThat(amount.shape()).containsExactly(2L);
        assertThat(((Column.Numbers) amount.data()).values()).containsExactly(1.5, 2.0);
    }

    @Test
    void idAndOutputsAreOptional() {
        OipRequest request = OipCodec.decodeRequest(json("{'inputs': [{'name': 'amount', 'shape': [1], 'datatype': 'FP32', 'data': [1]}]}"));

        assertThat(request.id()).isEqualTo(Optional.empty());
        assertThat(request.outputs()).isEmpty();
        assertThat(request.parameters()).isEmpty();
    }

    @Test
    void oneTensorPerColumnMakesAFrameInSignatureOrder() {
        Frame frame = frame(MIXED, """
                {'inputs': [
                  {'name': 'country', 'shape': [2, 1], 'datatype': 'BYTES', 'data': [['FR'], ['DE']]},
                  {'name': 'is_new', 'shape': [2], 'datatype': 'BOOL', 'data': [true, false]},
                  {'name': 'amount', 'shape': [2], 'datatype': 'FP64', 'data': [10.5, 3]}]}""");

        assertThat(frame.columnNames()).containsExactly("amount", "is_new", "country");
        assertThat(numbers(frame, "amount")).containsExactly(10.5, 3.0);
        assertThat(numbers(frame, "is_new")).containsExactly(1.0, 0.0);
        assertThat(((Column.Texts) frame.require("country")).values()).containsExactly("FR", "DE");
    }

    @Test
    void optionalColumnsMayBeLeftOut() {
        Frame frame = frame(MIXED, "{'inputs': [{'name': 'amount', 'shape': [1], 'datatype': 'INT64', 'data': [7]}]}");

        assertThat(frame.columnNames()).containsExactly("amount");
        assertThat(numbers(frame, "amount")).containsExactly(7.0);
    }

    @Test
    void nullIsAMissingValueInOptionalColumns() {
        Frame frame = frame(MIXED, """
                {'inputs': [
                  {'name': 'amount', 'shape': [2], 'datatype': 'FP64', 'data': [1, 2]},
                  {'name': 'is_new', 'shape': [2], 'datatype': 'BOOL', 'data': [null, true]},
                  {'name': 'country', 'shape': [2], 'datatype': 'BYTES', 'data': ['FR', null]}]}""");

        assertThat(frame.require("is_new").isMissing(0)).isTrue();
        assertThat(frame.require("country").isMissing(1)).isTrue();
    }

    @Test
    void oneMatrixSplitsIntoTheSignatureColumnsInOrder() {
        Frame frame = frame(NUMERIC, "{'inputs': [{'name': 'input-0', 'shape': [2, 3], 'datatype': 'FP32', 'data': [[1, 2, 3], [4, null, 6]]}]}");

        assertThat(frame.columnNames()).containsExactly("amount", "age", "score");
        assertThat(numbers(frame, "amount")).containsExactly(1.0, 4.0);
        assertThat(numbers(frame, "age")).containsExactly(2.0, Double.NaN);
        assertThat(numbers(frame, "score")).containsExactly(3.0, 6.0);
    }

    @Test
    void flatAndNestedDataAreTheSameRowMajorValues() {
        Frame nested = frame(NUMERIC, "{'inputs': [{'name': 'x', 'shape': [2, 3], 'datatype': 'FP64', 'data': [[1, 2, 3], [4, 5, 6]]}]}");
        Frame flat = frame(NUMERIC, "{'inputs': [{'name': 'x', 'shape': [2, 3], 'datatype': 'FP64', 'data': [1, 2, 3, 4, 5, 6]}]}");

        for (String column : NUMERIC.stream().map(InputColumn::name).toList()) {
            assertThat(numbers(flat, column)).containsExactly(numbers(nested, column));
        }
        assertThat(numbers(flat, "age")).containsExactly(2.0, 5.0);
    }

    @Test
    void rejectsMalformedJson() {
        rejectsRequest("{'inputs': [", "Malformed JSON");
        rejectsRequest("[1, 2]", "must be a JSON object");
        rejectsRequest("{'inputs': []} {}", "Malformed JSON");
    }

    @Test
    void rejectsMissingOrEmptyInputs() {
        rejectsRequest("{'id': 'a'}", "'inputs'");
        rejectsRequest("{'inputs': []}", "'inputs'", "empty");
    }

    @Test
    void rejectsATensorWithoutADatatype() {
        rejectsRequest("{'inputs': [{'name': 'amount', 'shape': [1], 'data': [1]}]}", "'inputs[0].datatype'");
    }

    @Test
    void rejectsDuplicateInputNames() {
        rejectsRequest("""
                {'inputs': [{'name': 'amount', 'shape': [1], 'datatype': 'FP64', 'data': [1]},
                            {'name': 'amount', 'shape': [1], 'datatype': 'FP64', 'data': [2]}]}""", "Duplicate input 'amount'");
    }

    @Test
    void rejectsHalfPrecisionDatatypes() {
        rejectsRequest("{'inputs': [{'name': 'amount', 'shape': [1], 'datatype': 'FP16', 'data': [1]}]}", "FP16", "'amount'");
        rejectsRequest("{'inputs': [{'name': 'amount', 'shape': [1], 'datatype': 'BF16', 'data': [1]}]}", "BF16", "'amount'");
        rejectsRequest("{'inputs': [{'name': 'amount', 'shape': [1], 'datatype': 'FLOAT', 'data': [1]}]}", "'FLOAT'", "'amount'");
    }

    @Test
    void rejectsAShapeThatDoesNotFitTheData() {
        rejectsRequest("{'inputs': [{'name': 'amount', 'shape': [3], 'datatype': 'FP64', 'data': [1, 2]}]}", "'amount'", "[3]", "2 values");
        rejectsRequest("{'inputs': [{'name': 'x', 'shape': [4294967296, 4294967296], 'datatype': 'FP64', 'data': [1]}]}", "'x'");
    }

    @Test
    void rejectsANonNumericValueInANumericTensor() {
        rejectsRequest("{'inputs': [{'name': 'amount', 'shape': [2], 'datatype': 'FP64', 'data': [1, 'abc']}]}",
                "'amount'", "index 1", "\"abc\"", "not a number");
        rejectsRequest("{'inputs': [{'name': 'age', 'shape': [1], 'datatype': 'INT32', 'data': [1.5]}]}", "'age'", "1.5", "integer");
        rejectsRequest("{'inputs': [{'name': 'country', 'shape': [1], 'datatype': 'BYTES', 'data': [3]}]}", "'country'", "not a string");
    }

    @Test
    void rejectsUnknownInputsNamingThem() {
        rejectsFrame(MIXED, """
                {'inputs': [{'name': 'amount', 'shape': [1], 'datatype': 'FP64', 'data': [1]},
                            {'name': 'colour', 'shape': [1], 'datatype': 'BYTES', 'data': ['red']},
                            {'name': 'size', 'shape': [1], 'datatype': 'FP64', 'data': [1]}]}""",
                "Unknown inputs 'colour', 'size'", "'amount', 'is_new', 'country'");
    }

    @Test
    void rejectsAMissingRequiredInputListingTheExpectedOnes() {
        rejectsFrame(MIXED, "{'inputs': [{'name': 'is_new', 'shape': [1], 'datatype': 'BOOL', 'data': [true]}]}",
                "Missing input 'amount'", "'amount', 'is_new', 'country'");
    }

    @Test
    void rejectsInputsWithDifferentRowCounts() {
        rejectsFrame(MIXED, """
                {'inputs': [{'name': 'amount', 'shape': [2], 'datatype': 'FP64', 'data': [1, 2]},
                            {'name': 'country', 'shape': [1], 'datatype': 'BYTES', 'data': ['FR']}]}""",
                "'country'", "1 rows", "'amount' 2");
    }

    @Test
    void rejectsADatatypeThatDoesNotFitTheColumn() {
        rejectsFrame(MIXED, "{'inputs': [{'name': 'amount', 'shape': [1], 'datatype': 'BYTES', 'data': ['1']}]}",
                "BYTES", "'amount'", "double", "FP64");
        rejectsFrame(MIXED, """
                {'inputs': [{'name': 'amount', 'shape': [1], 'datatype': 'FP64', 'data': [1]},
                            {'name': 'country', 'shape': [1], 'datatype': 'INT32', 'data': [1]}]}""",
                "INT32", "'country'", "string", "BYTES");
    }

    @Test
    void rejectsNullInARequiredColumn() {
        rejectsFrame(MIXED, "{'inputs': [{'name': 'amount', 'shape': [2], 'datatype': 'FP64', 'data': [1, null]}]}",
                "'amount'", "row 1");
        rejectsFrame(NUMERIC, "{'inputs': [{'name': 'x', 'shape': [1, 3], 'datatype': 'FP64', 'data': [null, 1, 2]}]}",
                "'x'", "row 0", "'amount'");
    }

    @Test
    void rejectsAColumnTensorOfMoreThanOneFeature() {
        rejectsFrame(MIXED, """
                {'inputs': [{'name': 'amount', 'shape': [1, 2], 'datatype': 'FP64', 'data': [1, 2]},
                            {'name': 'is_new', 'shape': [1], 'datatype': 'BOOL', 'data': [true]}]}""",
                "'amount'", "[1, 2]", "[rows]");
    }

    @Test
    void rejectsAMatrixWhoseFeaturesAreNotTheSignature() {
        rejectsFrame(NUMERIC, "{'inputs': [{'name': 'x', 'shape': [1, 2], 'datatype': 'FP64', 'data': [1, 2]}]}",
                "'x'", "3 features", "'amount', 'age', 'score'");
        rejectsFrame(MIXED, "{'inputs': [{'name': 'x', 'shape': [1, 3], 'datatype': 'FP64', 'data': [1, 2, 3]}]}",
                "'x'", "'country' is a string");
        rejectsFrame(NUMERIC, "{'inputs': [{'name': 'x', 'shape': [1, 3], 'datatype': 'BYTES', 'data': ['1', '2', '3']}]}",
                "BYTES", "'x'", "numeric");
    }

    private static Frame frame(List<InputColumn> signature, String body) {
        return OipCodec.toFrame(OipCodec.decodeRequest(json(body)), signature);
    }

    private static double[] numbers(Frame frame, String column) {
        return ((Column.Numbers) frame.require(column)).values();
    }

    private static void rejectsRequest(String body, String... fragments) {
        assertRejected(assertThatThrownBy(() -> OipCodec.decodeRequest(json(body))), fragments);
    }

    private static void rejectsFrame(List<InputColumn> signature, String body, String... fragments) {
        OipRequest request = OipCodec.decodeRequest(json(body));
        assertRejected(assertThatThrownBy(() -> OipCodec.toFrame(request, signature)), fragments);
    }

    private static void assertRejected(AbstractThrowableAssert<?, ? extends Throwable> thrown, String... fragments) {
        thrown.isInstanceOf(SlipwayException.class)
                .satisfies(e -> assertThat(((SlipwayException) e).errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
        for (String fragment : fragments) {
            thrown.hasMessageContaining(fragment);
        }
    }

    /** JSON written with single quotes, which read better inside Java strings. */
    static byte[] json(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(UTF_8);
    }
}
