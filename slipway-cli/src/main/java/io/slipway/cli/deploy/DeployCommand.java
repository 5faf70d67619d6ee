package io.slipway.cli.deploy;

import io.slipway.api.slipway.DeploymentMessages;
import io.slipway.api.slipway.DeploymentMessages.DeploymentResponse;
import io.slipway.cli.governance.TimeArguments;
import io.slipway.cli.tracking.TrackingCommand;
import io.slipway.core.serving.Deployment;
import io.slipway.core.serving.RollbackPolicy;
import io.slipway.core.serving.Rollout;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway deploy NAME --model URI}: a new deployment, its rollout and its automatic rollback. */
@Command(name = "deploy", description = "Creates a deployment serving what a models:/ URI names now, and following it as it moves.")
public final class DeployCommand extends TrackingCommand {
    private static final int DEFAULT_INITIAL_PERCENT = 10;

    @Parameters(paramLabel = "NAME", description = "The deployment's name, e.g. fraud-api.")
    private String name;

    @Option(names = "--model", required = true, paramLabel = "URI",
            description = "What to serve: models:/NAME@ALIAS, models:/NAME/VERSION, models:/NAME/latest or models:/NAME/STAGE.")
    private String modelUri;

    @Option(names = "--description", paramLabel = "TEXT")
    private String description;

    @Option(names = "--rollout", paramLabel = "STRATEGY",
            description = "How a new version the URI names rolls out: direct (swap at once; the default, or canary when a canary "
                    + "option is given), canary (a share of the requests, stepped up) or shadow (a copy of every request).")
    private Rollout.Strategy strategy;

    @Option(names = "--initial-percent", paramLabel = "N", description = "A canary's first share of requests (default: "
            + DEFAULT_INITIAL_PERCENT + ").")
    private Integer initialPercent;

    @Option(names = "--step-percent", paramLabel = "N", description = "Added to a canary's share every --step-every.")
    private Integer stepPercent;

    @Option(names = "--step-every", paramLabel = "DURATION", converter = TimeArguments.Span.class,
            description = "How often a canary steps up, " + TimeArguments.SPAN_HELP + "; without it, only by command.")
    private Duration stepEvery;

    @Option(names = "--max-error-rate", paramLabel = "F", description = "Roll a candidate back above this error rate (0 to 1).")
    private Double maxErrorRate;

    @Option(names = "--max-p99-ms", paramLabel = "F", description = "Roll a candidate back above this p99 latency (ms).")
    private Double maxP99Millis;

    @Option(names = "--min-requests", paramLabel = "N", description = "Judge a candidate once it answered N requests (default: "
            + DeploymentMessages.DEFAULT_MIN_REQUESTS + ").")
    private Integer minRequests;

    @Option(names = "--window", paramLabel = "DURATION", converter = TimeArguments.Span.class,
            description = "Judge a candidate over this window, " + TimeArguments.SPAN_HELP + " (default: "
                    + DeploymentMessages.DEFAULT_WINDOW_SECONDS + "s).")
    private Duration window;

    @Override
    public void run() {
        Deployment created = client().createDeployment(name, modelUri, description, rollout(), rollback());
        output().print(DeploymentResponse.of(created), () -> "Deployed " + created.name() + ": serving " + created.stable()
                + " (" + created.modelUri() + "), rollout " + DeploymentViews.rollout(created.rollout()) + ".");
    }

    /** Null (DIRECT) unless a strategy or a canary option is given; canary options imply a canary. */
    private Rollout rollout() {
        boolean canaryOptions = initialPercent != null || stepPercent != null || stepEvery != null;
        Rollout.Strategy chosen = strategy != null ? strategy : canaryOptions ? Rollout.Strategy.CANARY : null;
        if (chosen == null) {
            return null;
        }
        if (chosen != Rollout.Strategy.CANARY) {
            return new Rollout(chosen, initialPercent == null ? 0 : initialPercent, stepPercent == null ? 0 : stepPercent,
                    stepEvery == null ? 0 : stepEvery.toMillis());
        }
        return Rollout.canary(initialPercent == null ? DEFAULT_INITIAL_PERCENT : initialPercent, stepPercent == null ? 0 : stepPercent,
                stepEvery == null ? 0 : stepEvery.toMillis());
    }

    /** Null unless a bound is given; the judging options alone are refused by the policy itself. */
    private RollbackPolicy rollback() {
        if (maxErrorRate == null && maxP99Millis == null && minRequests == null && window == null) {
            return null;
        }
        return new RollbackPolicy(maxErrorRate, maxP99Millis, minRequests == null ? DeploymentMessages.DEFAULT_MIN_REQUESTS : minRequests,
                (window == null ? Duration.ofSeconds(DeploymentMessages.DEFAULT_WINDOW_SECONDS) : window).toMillis());
    }
}
