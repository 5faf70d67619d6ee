package io.slipway.cli.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.cli.data.CardTransactions.Spec;
import io.slipway.cli.data.CardTransactions.Transaction;
import io.slipway.cli.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {
    @TempDir
    Path dir;

    @Test
    void generateWritesTheCsvOfTheSpecAndSaysWhatItWrote() throws IOException {
        Path out = dir.resolve("cards.csv");

        CliRun run = CliRun.of("data", "generate", "--rows", "2000", "--seed", "9", "--drift", "0.25", "--out", out.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Wrote 2000 transactions (").contains("seed 9, drift 0.25) to " + out);
        assertThat(Files.readAllBytes(out)).isEqualTo(CardTransactionsTest.csv(Spec.of(2000, 9, 0.25)));
        assertThat(listing()).containsExactly("cards.csv");
    }

    @Test
    void generateWritesJsonLines() throws IOException {
        Path out = dir.resolve("cards.jsonl");

        CliRun run = CliRun.of("data", "generate", "--rows", "10", "--format", "jsonl", "--null-fraction", "0", "--out", out.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(10).allSatisfy(line -> assertThat(line).startsWith("{\"transaction_id\":\"tx_"));
    }

    @Test
    void generateReplacesAnExistingFile() throws IOException {
        Path out = Files.writeString(dir.resolve("cards.csv"), "old");

        CliRun run = CliRun.of("data", "generate", "--rows", "3", "--out", out.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(4);
    }

    @Test
    void negativeRowsIsAUsageError() {
        CliRun run = CliRun.of("data", "generate", "--rows", "-5", "--out", dir.resolve("cards.csv").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: --rows must be 0 or more, was -5 (see 'slipway data generate --help')\n");
        assertThat(listing()).isEmpty();
    }

    @Test
    void driftOutsideZeroToOneIsAUsageError() {
        CliRun run = CliRun.of("data", "generate", "--drift", "1.5", "--out", dir.resolve("cards.csv").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --drift must be between 0.0 and 1.0, was 1.5").hasLineCount(1);
        assertThat(listing()).isEmpty();
    }

    @Test
    void missingDirectoryFailsOnOneLine() {
        Path out = dir.resolve("no-such-dir").resolve("cards.csv");

        CliRun run = CliRun.of("data", "generate", "--rows", "10", "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: No such file or directory: " + out.getParent() + "\n");
        assertThat(listing()).isEmpty();
    }

    @Test
    void directoryAsTargetFailsOnOneLineAndIsLeftAlone() throws IOException {
        Path out = Files.createDirectory(dir.resolve("cards.csv"));

        CliRun run = CliRun.of("data", "generate", "--rows", "10", "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: Is a directory: " + out + "\n");
        assertThat(listing()).containsExactly("cards.csv");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void failureWhileWritingLeavesNoPartialFileAndTheOldOneIntact() throws IOException {
        Path out = Files.writeString(dir.resolve("cards.csv"), "old");

        assertThatThrownBy(() -> DataCommand.writeAtomically(failingAfter(50_000), TransactionFormat.CSV, out))
                .isInstanceOf(IllegalStateException.class);

        assertThat(listing()).containsExactly("cards.csv");
        assertThat(out).hasContent("old");
    }

    @Test
    void dataWithoutASubcommandPrintsItsUsage() {
        CliRun run = CliRun.of("data");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("generate");
    }

    /** Rows of a real spec, until the generator breaks down mid-file. */
    private static Iterable<Transaction> failingAfter(int rows) {
        return () -> new Iterator<>() {
            private final Iterator<Transaction> real = new CardTransactions(Spec.of(rows * 2L, 1, 0)).iterator();
            private int given;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Transaction next() {
                if (given++ == rows) {
                    throw new IllegalStateException("generator broke down");
                }
                return real.next();
            }
        };
    }

    private List<String> listing() {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
