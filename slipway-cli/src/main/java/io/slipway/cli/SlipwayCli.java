package io.slipway.cli;

import io.slipway.cli.data.DataCommand;
import io.slipway.cli.deploy.DeployCommand;
import io.slipway.cli.deploy.DeploymentsCommand;
import io.slipway.cli.governance.AuditCommand;
import io.slipway.cli.governance.PermissionsCommand;
import io.slipway.cli.governance.TokensCommand;
import io.slipway.cli.governance.UsersCommand;
import io.slipway.cli.registry.MetricBound;
import io.slipway.cli.registry.ModelsCommand;
import io.slipway.cli.serving.FeedbackCommand;
import io.slipway.cli.serving.PredictionsCommand;
import io.slipway.cli.tracking.ArtifactsCommand;
import io.slipway.cli.tracking.ExperimentsCommand;
import io.slipway.cli.tracking.RunsCommand;
import io.slipway.cli.tracking.Tag;
import io.slipway.cli.train.EvaluateCommand;
import io.slipway.cli.train.PredictCommand;
import io.slipway.cli.train.TrainCommand;
import io.slipway.server.Slipway;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code slipway} command. Exit codes: 0 success, 1 the command failed (the reason is one
 * line on stderr), 2 the command line was wrong; {@code audit verify} answers 3 for a broken chain.
 */
@Command(
        name = "slipway",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT, // --help (and --version) on every subcommand
        version = "Slipway " + Slipway.VERSION,
        description = "Slipway: an MLOps platform on the JVM. Its tracking server speaks MLflow's REST API.",
        subcommands = {
                ServerCommand.class,
                ExperimentsCommand.class,
                RunsCommand.class,
                ArtifactsCommand.class,
                ModelsCommand.class,
                UsersCommand.class,
                TokensCommand.class,
                PermissionsCommand.class,
                AuditCommand.class,
                DataCommand.class,
                TrainCommand.class,
                EvaluateCommand.class,
                PredictCommand.class,
                DeployCommand.class,
                DeploymentsCommand.class,
                PredictionsCommand.class,
                FeedbackCommand.class,
                DemoCommand.class,
                HelpCommand.class,
        })
public final class SlipwayCli implements Runnable {
    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(createCommandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args));
    }

    /** The complete parser, converters and error handling included; tests build the same one with their own writers. */
    public static CommandLine createCommandLine(PrintWriter out, PrintWriter err) {
        ErrorReporter errors = new ErrorReporter();
        return new CommandLine(new SlipwayCli())
                .registerConverter(Tag.class, Tag::parse)
                .registerConverter(MetricBound.class, MetricBound::parse)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpWidth(100) // when the terminal's width is unknown
                .setUsageHelpAutoWidth(true)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setOut(out)
                .setErr(err);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
