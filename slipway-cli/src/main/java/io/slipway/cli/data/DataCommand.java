package io.slipway.cli.data;

import io.slipway.cli.data.CardTransactions.Transaction;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code slipway data ...}: versioned datasets ({@link DatasetCommands}: add, ls, show, diff, get),
 * expectation suites for local tables and stored versions ({@link ValidationCommands}: suggest,
 * validate, validations) and the
 * synthetic card transactions the demos use ({@code generate}).
 */
@Command(name = "data", description = "Version datasets (add, ls, show, diff, get, lineage), check local tables or stored versions against expectation suites (suggest, validate, validations) and generate the demos' synthetic card transactions.",
        subcommands = {
                DatasetCommands.Add.class,
                DatasetCommands.Ls.class,
                DatasetCommands.Show.class,
                DatasetCommands.Diff.class,
                DatasetCommands.Get.class,
                LineageCommand.class,
                ValidationCommands.Suggest.class,
                ValidationCommands.Validate.class,
                ValidationCommands.Validations.class,
        })
public final class DataCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    /** Without a subcommand, the group prints its usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "generate", description = {
            "Writes seeded synthetic card transactions (about 1 %% fraud at drift 0) to a file.",
            "The same options give the same bytes. --drift 1 shifts amounts, merchant mix, online and foreign share and night hours, "
                    + "and with them the fraud rate (about 2 %%)."})
    void generate(
            @Option(names = "--rows", paramLabel = "N", defaultValue = "100000", description = "Rows to write (default: ${DEFAULT-VALUE}).")
            long rows,
            @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
            long seed,
            @Option(names = "--drift", paramLabel = "D", defaultValue = "0",
                    description = "0.0 (default) the reference distribution, up to 1.0 clearly shifted.") double drift,
            @Option(names = "--null-fraction", paramLabel = "F", defaultValue = "" + CardTransactions.Spec.DEFAULT_NULL_FRACTION,
                    description = "Share of missing amount_vs_avg_30d and distance_from_home_km values (default: ${DEFAULT-VALUE}).")
            double nullFraction,
            @Option(names = "--start", paramLabel = "TIME", defaultValue = "2024-01-01T00:00:00Z",
                    description = "Time of the first transaction, ISO-8601 UTC (default: ${DEFAULT-VALUE}).") Instant start,
            @Option(names = "--days", paramLabel = "DAYS", defaultValue = "30",
                    description = "How many days the transactions span (default: ${DEFAULT-VALUE}).") int days,
            @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv", description = "csv (default) or jsonl.")
            TransactionFormat format,
            @Option(names = "--out", paramLabel = "FILE", required = true, description = "The file to write; replaced if it exists.")
            Path out) throws IOException {
        CardTransactions.Spec data = dataSpec(rows, seed, drift, nullFraction, start, days);
        long started = System.nanoTime();
        long frauds = writeAtomically(new CardTransactions(data), format, out);
        double seconds = (System.nanoTime() - started) / 1e9;
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(String.format(Locale.ROOT, "Wrote %d transactions (%d fraud, %.2f %%; seed %d, drift %s) to %s in %.1f s.",
                rows, frauds, rows == 0 ? 0.0 : 100.0 * frauds / rows, seed, drift, out, seconds));
        stdout.flush();
    }

    /** Checks the options against the spec's rules, so a bad value is a usage error that names the option. */
    private CardTransactions.Spec dataSpec(long rows, long seed, double drift, double nullFraction, Instant start, int days) {
        if (rows < 0) {
            throw usage("--rows must be 0 or more, was " + rows);
        }
        if (!(drift >= 0 && drift <= 1)) {
            throw usage("--drift must be between 0.0 and 1.0, was " + drift);
        }
        if (!(nullFraction >= 0 && nullFraction <= 1)) {
            throw usage("--null-fraction must be between 0.0 and 1.0, was " + nullFraction);
        }
        if (days < 1 || days > 3650) {
            throw usage("--days must be between 1 and 3650, was " + days);
        }
        try {
            return new CardTransactions.Spec(rows, seed, start, Duration.ofDays(days), drift, nullFraction);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine().getSubcommands().get("generate"), message);
    }

    /**
     * Writes to a hidden file beside {@code target} and moves it into place at the end, so a failed
     * or interrupted run never leaves a partial file under the target's name. Answers the number of frauds.
     */
    public static long writeAtomically(Iterable<Transaction> rows, TransactionFormat format, Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new IOException("Is a directory: " + target);
        }
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString());
        }
        // not Files.createTempFile: its owner-only permissions would stay with the finished file
        Path temporary = directory.resolve("." + absolute.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            long frauds = 0;
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16);
                    TransactionWriter writer = format.open(file)) {
                for (Transaction row : rows) {
                    writer.write(row);
                    frauds += row.fraud() ? 1 : 0;
                }
            }
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return frauds;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
