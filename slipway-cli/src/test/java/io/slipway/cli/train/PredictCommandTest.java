package io.slipway.cli.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.cli.data.CardTransactions;
import io.slipway.cli.data.DataCommand;
import io.slipway.cli.data.TransactionFormat;
import io.slipway.cli.testing.CliRun;
import io.slipway.cli.testing.CliServerTest;
import io.slipway.client.data.AddDatasetOptions;
import io.slipway.client.data.TransferProgress;
import io.slipway.core.data.DatasetVersion;
import io.slipway.data.profile.DatasetProfiler;
import io.slipway.data.profile.ProfilerSettings;
import io.slipway.data.profile.SqlText;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.frame.FrameReader;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Predictor;
import io.slipway.ml.predict.Predictors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code slipway predict} against a real server, with an XGBoost model trained by {@code slipway train}
 * and ONNX models made by scikit-learn in local directories: the file is scored a batch at a time and
 * the answers are the model's own on the whole file.
 */
class PredictCommandTest extends CliServerTest {
    private static final Path ONNX_MULTICLASS = Path.of("../slipway-ml/src/test/resources/onnx/logistic_multiclass");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FrameReader READER = new FrameReader(ProfilerSettings.defaults());

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path cards;
    private static String modelUri;
    private static Path modelDirectory;

    @BeforeAll
    static void trainAModel() throws IOException {
        cards = shared.resolve("cards.csv");
        DataCommand.writeAtomically(new CardTransactions(CardTransactions.Spec.of(1000, 7, 0)), TransactionFormat.CSV, cards);
        DatasetVersion version = client.addDataset(cards, unique("cards"), new AddDatasetOptions("csv", null, null, null, null, null,
                List.of()), TransferProgress.NONE).version();
        Path spec = Files.writeString(shared.resolve("spec.yaml"), String.join("\n",
                "experiment: " + unique("predict"),
                "data: {train: " + version.name() + "@" + version.version() + "}",
                "target: is_fraud",
                "exclude: [transaction_id, timestamp, customer_id]",
                "task: binary",
                "xgboost: {params: {max_depth: 3}, rounds: 10}", ""));
        CliRun run = slipway("train", spec.toString(), "--cache-dir", shared.resolve("cache").toString(), "-o", "json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        modelUri = "runs:/" + JSON.readTree(run.out()).get("run_id").asText() + "/model";
        modelDirectory = new ClientWorkspace(client, shared.resolve("cache")).fetchModel(modelUri, shared.resolve("model")).directory();
    }

    @Test
    void aCsvIsScoredWithTheModelsOwnAnswersAfterItsColumns() throws IOException {
        Path out = dir.resolve("scored.csv");

        CliRun run = slipway("predict", modelUri, "--input", cards.toString(), "--out", out.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Scored 1,000 rows", "rows/s", out.toString());
        Frame input = READER.read(cards.toString());
        Frame scored = READER.read(out.toString());
        List<String> columns = new ArrayList<>(CardTransactions.COLUMNS);
        columns.addAll(List.of("probability", "label"));
        assertThat(scored.columnNames()).containsExactlyElementsOf(columns);
        Predictions expected = predict(modelDirectory, input);
        double[] probabilities = ((Column.Numbers) scored.require("probability")).values();
        for (int row = 0; row < input.rowCount(); row++) {
            assertThat(probabilities[row]).isCloseTo(expected.values()[row], offset(1e-12));
            assertThat(scored.require("label").text(row)).isEqualTo(expected.label(row));
            assertThat(scored.require("transaction_id").text(row)).isEqualTo(input.require("transaction_id").text(row));
        }
    }

    @Test
    void manySmallBatchesWriteWhatOneBatchWrites() throws IOException {
        Path small = dir.resolve("small.csv");
        Path whole = dir.resolve("whole.csv");

        CliRun batched = slipway("predict", modelUri, "--input", cards.toString(), "--out", small.toString(), "--batch-rows", "100",
                "-o", "json");
        CliRun once = slipway("predict", modelUri, "--input", cards.toString(), "--out", whole.toString());

        assertThat(batched.exitCode()).as(batched.toString()).isZero();
        assertThat(once.exitCode()).as(once.toString()).isZero();
        JsonNode summary = JSON.readTree(batched.out());
        assertThat(summary.get("rows").asLong()).isEqualTo(1000);
        assertThat(summary.get("batches").asInt()).isEqualTo(10);
        assertThat(summary.get("model").asText()).isEqualTo(modelUri);
        assertThat(summary.has("rows_per_second")).isTrue();
        assertThat(Files.readString(small)).isEqualTo(Files.readString(whole));
    }

    @Test
    void parquetOutputReadsBackWithDuckDbInFileOrder() throws Exception {
        Path out = dir.resolve("scored.parquet");

        CliRun run = slipway("predict", modelUri, "--input", cards.toString(), "--out", out.toString(), "--batch-rows", "300",
                "--no-keep-columns");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        Predictions expected = predict(modelDirectory, READER.read(cards.toString()));
        try (Connection connection = DatasetProfiler.open(ProfilerSettings.defaults());
                Statement statement = connection.createStatement()) {
            statement.execute("SET preserve_insertion_order = true");
            try (ResultSet rs = statement.executeQuery("SELECT * FROM read_parquet(" + SqlText.literal(out.toString()) + ")")) {
                assertThat(rs.getMetaData().getColumnCount()).isEqualTo(2);
                assertThat(rs.getMetaData().getColumnName(1)).isEqualTo("probability");
                assertThat(rs.getMetaData().getColumnTypeName(1)).isEqualTo("DOUBLE");
                assertThat(rs.getMetaData().getColumnName(2)).isEqualTo("label");
                int row = 0;
                while (rs.next()) {
                    assertThat(rs.getDouble(1)).isCloseTo(expected.values()[row], offset(1e-12));
                    assertThat(rs.getString(2)).isEqualTo(expected.label(row));
                    row++;
                }
                assertThat(row).isEqualTo(1000);
            }
        }
    }

    @Test
    void aLocalMulticlassModelWritesALabelAndAProbabilityPerClassAsJsonLines() throws IOException {
        JsonNode expected = JSON.readTree(ONNX_MULTICLASS.resolve("expected.json").toFile());
        Path input = dir.resolve("flowers.jsonl");
        StringBuilder lines = new StringBuilder();
        expected.get("records").forEach(record -> lines.append(record.toString()).append('\n'));
        Files.writeString(input, lines);
        Path out = dir.resolve("flowers-scored.jsonl");

        CliRun run = slipway("predict", ONNX_MULTICLASS.toString(), "--input", input.toString(), "--out", out.toString(),
                "--batch-rows", "5");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> written = Files.readAllLines(out);
        assertThat(written).hasSize(expected.get("records").size());
        for (int row = 0; row < written.size(); row++) {
            JsonNode line = JSON.readTree(written.get(row));
            assertThat(line.get("label").asText()).isEqualTo(expected.get("labels").get(row).asText());
            for (int c = 0; c < expected.get("classes").size(); c++) {
                String name = "probability_" + expected.get("classes").get(c).asText();
                assertThat(line.get(name).asDouble()).as(name).isCloseTo(expected.get("probabilities").get(row).get(c).asDouble(),
                        offset(1e-5));
            }
            assertThat(line.get("length").asDouble()).isEqualTo(expected.get("records").get(row).get("length").asDouble());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing input          | nothing.csv | scored.csv         | | no such file or directory",
            "unsupported input      | cards.txt   | scored.csv         | | Cannot tell the format",
            "unsupported output     | cards.csv   | scored.xlsx        | | name it .csv, .parquet or .jsonl",
            "output in no directory | cards.csv   | nowhere/scored.csv | | no such directory",
            "missing model column   | missing.csv | scored.csv         | | Missing column 'amount'",
            "text in number column  | text.csv    | scored.csv         | | column 'amount': expected numbers, got text",
            "unknown model          | cards.csv   | scored.csv         | models:/nope-at-all/1 | nope-at-all",
            "not a model            | cards.csv   | scored.csv         | no-such-model-dir     | neither a runs:/ or models:/ URI",
    })
    void badInputExitsWithOneLineAndWritesNothing(String name, String input, String output, String model, String message)
            throws Exception {
        copyWith("cards.csv", "*");
        Files.copy(cards, dir.resolve("cards.txt"));
        copyWith("missing.csv", "* EXCLUDE (amount)");
        copyWith("text.csv", "* REPLACE (CASE WHEN transaction_id = transaction_id THEN 'n/a' END AS amount)");
        List<String> before = files();

        CliRun run = slipway("predict", model == null ? modelUri : model, "--input", dir.resolve(input).toString(), "--out",
                dir.resolve(output).toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains(message).doesNotContain("\tat ").hasLineCount(1);
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void textInANumberColumnAfterTheFirstBatchesLeavesNoOutput() throws IOException {
        // past DuckDB's type-sniffing sample, so the column is read as numbers until the bad row
        List<String> lines = Files.readAllLines(cards);
        int amount = List.of(lines.get(0).split(",")).indexOf("amount");
        StringBuilder csv = new StringBuilder(lines.get(0)).append('\n');
        for (int copy = 0; copy < 30; copy++) {
            lines.subList(1, lines.size()).forEach(line -> csv.append(line).append('\n'));
        }
        String[] bad = lines.get(1).split(",", -1);
        bad[amount] = "n/a";
        csv.append(String.join(",", bad)).append('\n');
        Path input = Files.writeString(dir.resolve("late.csv"), csv);
        Path out = dir.resolve("scored.csv");

        CliRun run = slipway("predict", modelUri, "--input", input.toString(), "--out", out.toString(), "--batch-rows", "1000");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("late.csv", "at line 30002", "n/a").doesNotContain("\tat ").hasLineCount(1);
        assertThat(files()).containsExactly("late.csv");
    }

    private void copyWith(String name, String select) throws SQLException {
        try (Connection connection = DatasetProfiler.open(ProfilerSettings.defaults());
                Statement statement = connection.createStatement()) {
            statement.execute(String.format(Locale.ROOT, "COPY (SELECT %s FROM read_csv(%s)) TO %s (HEADER)", select,
                    SqlText.literal(cards.toString()), SqlText.literal(dir.resolve(name).toString())));
        }
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Predictions predict(Path model, Frame frame) {
        try (Predictor predictor = Predictors.load(model)) {
            return predictor.predict(frame);
        }
    }
}
