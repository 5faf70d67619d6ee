package io.slipway.cli.tracking;

import io.slipway.cli.output.Output;
import io.slipway.cli.output.OutputFormat;
import io.slipway.client.SlipwayClient;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * A group of commands that talk to a Slipway server over HTTP, with a token when the server
 * wants one. Its options are inherited by every subcommand, so they may be given before or
 * after the subcommand's name.
 */
public abstract class TrackingCommand implements Runnable {
    @Option(names = "--tracking-uri", paramLabel = "URL", scope = ScopeType.INHERIT,
            defaultValue = "${env:" + SlipwayClient.TRACKING_URI_ENV + ":-" + SlipwayClient.DEFAULT_TRACKING_URI + "}",
            description = "The Slipway server (default: $" + SlipwayClient.TRACKING_URI_ENV + ", else "
                    + SlipwayClient.DEFAULT_TRACKING_URI + ").")
    private String trackingUri;

    @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
            description = "API token, sent as 'Authorization: Bearer TOKEN' (default: $" + SlipwayClient.TOKEN_ENV + ", else $"
                    + SlipwayClient.MLFLOW_TOKEN_ENV + "). Prefer the variable: other users of this machine can see arguments.")
    private String token;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", scope = ScopeType.INHERIT, defaultValue = "table",
            description = "table (default) for people, json for scripts: the REST API's own JSON.")
    private OutputFormat format;

    @Spec
    private CommandSpec spec;

    private SlipwayClient client;

    /** Without a subcommand, a group prints its usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    protected SlipwayClient client() {
        if (client == null) {
            client = SlipwayClient.connect(trackingUri, token != null ? token : SlipwayClient.environmentToken().orElse(null));
        }
        return client;
    }

    protected Output output() {
        return new Output(spec.commandLine().getOut(), format);
    }

    /** Where results go (stdout). */
    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The server this command talks to. */
    protected String trackingUri() {
        return trackingUri;
    }

    /** Where notes for the person at the terminal go, apart from the result on stdout. */
    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
