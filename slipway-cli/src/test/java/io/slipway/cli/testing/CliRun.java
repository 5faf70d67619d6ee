package io.slipway.cli.testing;

import io.slipway.cli.SlipwayCli;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One execution of the {@code slipway} command line in this JVM, with its exit code and both output streams. */
public record CliRun(int exitCode, String out, String err) {
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = SlipwayCli.createCommandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    /** stdout without its final newline, e.g. the ID that {@code create} prints. */
    public String outText() {
        return out.strip();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
