package io.slipway.cli.data;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.slipway.api.ApiJson;
import io.slipway.core.data.validation.ExpectationResult;
import io.slipway.core.data.validation.ValidationReport;
import io.slipway.data.profile.DatasetProfiler;
import io.slipway.data.profile.ProfilerSettings;
import io.slipway.data.validation.ExpectationSuite;
import io.slipway.data.validation.SuiteSuggester;
import io.slipway.data.validation.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code slipway data suggest} and {@code slipway data validate}: expectation suites for tabular
 * files, checked by an embedded DuckDB. They work on local files; dataset versions come next.
 */
final class ValidationCommands {
    /** {@code data validate}'s answer when an error-severity expectation failed, apart from 1 (the check could not be made). */
    static final int EXPECTATION_FAILED = 3;

    private ValidationCommands() {
    }

    @Command(name = "suggest", description = "Proposes an expectation suite (YAML) from a tabular file's profile, for you to review.")
    static final class Suggest implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "PATH", description = "A .csv, .tsv, .parquet or .jsonl file, a directory of them, or a glob.")
        private String path;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the suite to FILE instead of standard output.")
        private Path out;

        @Override
        public Integer call() throws IOException {
            ProfilerSettings settings = ProfilerSettings.defaults();
            ExpectationSuite suite = SuiteSuggester.suggest(new DatasetProfiler(settings).profile(path), path, new Validator(settings));
            PrintWriter stdout = spec.commandLine().getOut();
            if (out == null) {
                stdout.print(suite.toYaml());
            } else {
                Files.writeString(out, suite.toYaml());
                stdout.println("Wrote " + suite.expectations().size() + " expectations to " + out + ".");
            }
            stdout.flush();
            return ExitCode.OK;
        }
    }

    @Command(name = "validate", description = "Checks a tabular file against an expectation suite and reports each expectation.",
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {
                    "0:Every error-severity expectation passed (warnings may have failed).",
                    "1:The check could not be made (unreadable file, invalid suite, ...).",
                    "2:The command line was wrong.",
                    "3:An error-severity expectation failed.",
            })
    static final class Validate implements Callable<Integer> {
        private static final ObjectWriter JSON = ApiJson.newMapper().writerWithDefaultPrettyPrinter();

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "PATH", description = "A .csv, .tsv, .parquet or .jsonl file, a directory of them, or a glob.")
        private String path;

        @Option(names = "--suite", paramLabel = "FILE", required = true, description = "The expectation suite (YAML).")
        private Path suiteFile;

        @Option(names = "--report", paramLabel = "FILE", description = "Also write the full report, failing row examples included, as JSON.")
        private Path reportFile;

        @Override
        public Integer call() throws IOException {
            ExpectationSuite suite = ExpectationSuite.read(suiteFile);
            ValidationReport report = new Validator(ProfilerSettings.defaults()).validate(path, suite);
            if (reportFile != null) {
                Files.writeString(reportFile, JSON.writeValueAsString(report) + "\n");
            }
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(summary(report));
            stdout.flush();
            return report.passed() ? ExitCode.OK : EXPECTATION_FAILED;
        }

        static String summary(ValidationReport report) {
            StringBuilder text = new StringBuilder();
            for (ExpectationResult r : report.expectations()) {
                text.append(r.passed() ? "pass " : r.failsValidation() ? "FAIL " : "warn ")
                        .append(r.kind()).append(r.column() == null ? "" : " " + r.column())
                        .append(": ").append(r.observed());
                if (r.failingCount() > 0) {
                    text.append(" (").append(r.failingCount()).append(" failing rows)");
                }
                text.append('\n');
            }
            long failed = report.expectations().stream().filter(ExpectationResult::failsValidation).count();
            text.append(report.passed() ? "Passed" : "Failed").append(": ").append(report.expectations().size()).append(" expectations, ")
                    .append(failed).append(" failed errors, ")
                    .append(report.failed().size() - failed).append(" failed warnings.\n");
            return text.toString();
        }
    }
}
