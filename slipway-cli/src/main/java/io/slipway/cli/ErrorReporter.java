package io.slipway.cli;

import io.slipway.client.SlipwayClientException;
import io.slipway.core.SlipwayException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place failures become output: a single {@code error: ...} line on stderr and an exit
 * code. Stack traces are for Slipway's developers and appear only with {@code SLIPWAY_DEBUG=1}.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    static final String DEBUG_ENV = "SLIPWAY_DEBUG";

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        report(command.getErr(), describe(e), e);
        return ExitCode.SOFTWARE;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        // picocli starts some messages (those of argument groups) with its own "Error: "
        String message = e.getMessage().replaceFirst("^Error: ", "");
        report(command.getErr(), message + " (see '" + command.getCommandSpec().qualifiedName() + " --help')", e);
        return ExitCode.USAGE;
    }

    private static void report(PrintWriter err, String message, Exception e) {
        err.println("error: " + message.replaceAll("\\s*\\R\\s*", " ").strip());
        if (isDebug()) {
            e.printStackTrace(err);
        }
        err.flush();
    }

    /** What went wrong, in the words of whoever found out: the server, the input check, the file system. */
    static String describe(Throwable e) {
        if (e instanceof SlipwayClientException failure) {
            return failure.status() == 0 ? failure.getMessage() : failure.errorCode() + ": " + failure.getMessage();
        }
        if (e instanceof SlipwayException failure) {
            return failure.errorCode().wireName() + ": " + failure.getMessage();
        }
        if (e instanceof UncheckedIOException unchecked) {
            return describe(unchecked.getCause());
        }
        if (e instanceof NoSuchFileException missing) {
            return "No such file or directory: " + missing.getFile();
        }
        if (e instanceof AccessDeniedException denied) {
            return "Permission denied: " + denied.getFile();
        }
        if (e instanceof FileAlreadyExistsException exists) {
            return "Already exists: " + exists.getFile();
        }
        if (e instanceof IOException || e instanceof IllegalArgumentException) {
            return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        return "unexpected " + e.getClass().getName() + (e.getMessage() != null ? ": " + e.getMessage() : "")
                + (isDebug() ? "" : " (run with " + DEBUG_ENV + "=1 to see the stack trace)");
    }

    private static boolean isDebug() {
        String debug = System.getenv(DEBUG_ENV);
        return debug != null && !debug.isBlank() && !debug.equals("0");
    }
}
