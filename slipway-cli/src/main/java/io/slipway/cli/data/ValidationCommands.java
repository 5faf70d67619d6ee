package io.slipway.cli.data;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.slipway.api.ApiJson;
import io.slipway.api.slipway.DatasetValidationMessages.SuggestResponse;
import io.slipway.api.slipway.DatasetValidationMessages.ValidationResponse;
import io.slipway.api.slipway.DatasetValidationMessages.ValidationView;
import io.slipway.api.slipway.DatasetValidationMessages.ValidationsResponse;
import io.slipway.cli.output.Formats;
import io.slipway.cli.output.Table;
import io.slipway.cli.tracking.TrackingCommand;
import io.slipway.core.data.validation.ExpectationResult;
import io.slipway.core.data.validation.ValidationReport;
import io.slipway.data.profile.DatasetProfiler;
import io.slipway.data.profile.ProfilerSettings;
import io.slipway.data.validation.ExpectationSuite;
import io.slipway.data.validation.SuiteSuggester;
import io.slipway.data.validation.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IExitCodeGenerator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code slipway data suggest | validate | validations}: expectation suites, checked by an
 * embedded DuckDB. {@code suggest} and {@code validate} take local tabular files, checked here, or
 * a stored dataset version, checked by the server, which keeps the report with the version.
 */
final class ValidationCommands {
    /** {@code data validate}'s answer when an error-severity expectation failed, apart from 1 (the check could not be made). */
    static final int EXPECTATION_FAILED = 3;
    private static final String TARGET_LABEL = "PATH|NAME[@VERSION]";
    private static final String TARGET_HELP = "Local files when this exists or is a glob (*, ?, [): a .csv, .tsv, .parquet or .jsonl "
            + "file, a directory of them, or a glob; checked on this machine. Anything else names a stored dataset version, "
            + "NAME or NAME@VERSION (default: the latest), checked by the server.";
    private static final ObjectWriter JSON = ApiJson.newMapper().writerWithDefaultPrettyPrinter();

    private ValidationCommands() {
    }

    /** Whether {@code target} means local files: dataset names hold none of a glob's characters, and rarely name a file here. */
    static boolean isLocal(String target) {
        return target.matches(".*[*?\\[].*") || Files.exists(Path.of(target));
    }

    @Command(name = "suggest", description = {
            "Proposes an expectation suite (YAML) from a table's profile, for you to review.",
            "For a stored version the server proposes it from the profile `data add` stored."})
    static final class Suggest extends TrackingCommand {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = TARGET_LABEL, description = TARGET_HELP)
        private String target;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the suite to FILE instead of standard output.")
        private Path out;

        @Override
        public void run() {
            String yaml;
            if (isLocal(target)) {
                ProfilerSettings settings = ProfilerSettings.defaults();
                yaml = SuiteSuggester.suggest(new DatasetProfiler(settings).profile(target), target, new Validator(settings)).toYaml();
            } else {
                DatasetRef ref = storedVersion(spec, target);
                yaml = client().suggestDatasetSuite(ref.name(), ref.version());
            }
            if (out == null) {
                output().print(new SuggestResponse(yaml), () -> yaml.stripTrailing());
                return;
            }
            write(out, yaml);
            int count = ExpectationSuite.parse(yaml).expectations().size();
            output().print(new SuggestResponse(yaml), () -> "Wrote " + count + " expectations to " + out + ".");
        }
    }

    @Command(name = "validate", description = {
            "Checks a table against an expectation suite and reports each expectation.",
            "A stored version is checked by the server, which keeps the report with the version (see `data validations`)."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {
                    "0:Every error-severity expectation passed (warnings may have failed).",
                    "1:The check could not be made (unreadable file, invalid suite, unknown version, ...).",
                    "2:The command line was wrong.",
                    "3:An error-severity expectation failed.",
            })
    static final class Validate extends TrackingCommand implements IExitCodeGenerator {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = TARGET_LABEL, description = TARGET_HELP)
        private String target;

        @Option(names = "--suite", paramLabel = "FILE", required = true, description = "The expectation suite (YAML).")
        private Path suiteFile;

        @Option(names = "--report", paramLabel = "FILE", description = "Also write the full report, failing row examples included, as JSON.")
        private Path reportFile;

        private int exitCode = ExitCode.OK;

        @Override
        public void run() {
            ValidationReport report;
            if (isLocal(target)) {
                report = new Validator(ProfilerSettings.defaults()).validate(target, ExpectationSuite.read(suiteFile));
                output().print(report, () -> summary(report).stripTrailing());
            } else {
                DatasetRef ref = storedVersion(spec, target);
                ValidationView validation = client().validateDatasetVersion(ref.name(), ref.version(), read(suiteFile));
                report = validation.report();
                output().print(new ValidationResponse(validation), () -> "Validation " + validation.id() + " of "
                        + validation.reference() + ", stored with it:\n" + summary(report).stripTrailing());
            }
            if (reportFile != null) {
                try {
                    write(reportFile, JSON.writeValueAsString(report) + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            exitCode = report.passed() ? ExitCode.OK : EXPECTATION_FAILED;
        }

        @Override
        public int getExitCode() {
            return exitCode;
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

    @Command(name = "validations", description = "Lists the validations stored with a dataset's versions, newest first.")
    static final class Validations extends TrackingCommand {
        @Parameters(paramLabel = "NAME[@VERSION]", converter = DatasetRef.Converter.class,
                description = "A dataset (the validations of all its versions) or one version of it.")
        private DatasetRef ref;

        @Option(names = "--max-results", paramLabel = "N", description = "At most N validations (default: 100).")
        private Integer maxResults;

        @Override
        public void run() {
            List<ValidationView> validations = client().listDatasetValidations(ref.name(), ref.version(), maxResults);
            output().print(new ValidationsResponse(validations), () -> {
                if (validations.isEmpty()) {
                    return "No validations of " + ref + ".";
                }
                Table table = new Table("ID", "VERSION", "RESULT", "FAILED ERRORS", "FAILED WARNINGS", "BY", "CREATED");
                validations.forEach(v -> table.addRow(v.id(), "v" + v.version(), v.passed() ? "passed" : "FAILED",
                        Integer.toString(v.failedErrors()), Integer.toString(v.failedWarnings()), v.createdBy(),
                        Formats.timestamp(v.creationTimestamp())));
                return table.render();
            });
        }
    }

    /** {@code target}, which is not local, as NAME[@VERSION]; a usage error (exit 2) when it is neither. */
    private static DatasetRef storedVersion(CommandSpec spec, String target) {
        try {
            return DatasetRef.parse(target);
        } catch (TypeConversionException e) {
            throw new ParameterException(spec.commandLine(), "'" + target + "' is no local file, directory or glob, and "
                    + e.getMessage().replaceFirst("^'[^']*' ", ""));
        }
    }

    /** One line about a version's latest validation, for {@code data show}. */
    static String latest(List<ValidationView> validations) {
        if (validations.isEmpty()) {
            return "none";
        }
        ValidationView v = validations.get(0);
        return (v.passed() ? "passed" : "FAILED (" + v.failedErrors() + " failed errors)") + " by " + v.createdBy() + ", "
                + Formats.timestamp(v.creationTimestamp()) + " (" + v.id() + ")";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
