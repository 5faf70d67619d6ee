package io.slipway.cli.deploy;

import io.slipway.cli.output.Details;
import io.slipway.cli.output.Formats;
import io.slipway.cli.output.Table;
import io.slipway.core.serving.Candidate;
import io.slipway.core.serving.Deployment;
import io.slipway.core.serving.DeploymentEvent;
import io.slipway.core.serving.RollbackPolicy;
import io.slipway.core.serving.Rollout;
import io.slipway.core.serving.RolloutMode;
import java.util.List;
import java.util.Locale;

/** How deployments and their history look in a terminal. */
final class DeploymentViews {
    private DeploymentViews() {}

    static String list(List<Deployment> deployments) {
        if (deployments.isEmpty()) {
            return "No deployments found.";
        }
        Table table = new Table("NAME", "MODEL URI", "STABLE", "CANDIDATE", "ROLLOUT", "UPDATED");
        for (Deployment d : deployments) {
            table.addRow(d.name(), d.modelUri(), d.stable().toString(), candidate(d.candidate()), rollout(d.rollout()),
                    Formats.timestamp(d.lastUpdatedTimestamp()));
        }
        return table.render();
    }

    static String detail(Deployment d) {
        return new Details("Deployment " + d.name())
                .add("model URI", d.modelUri() + " (followed to version " + d.followedVersion() + ")")
                .add("stable", d.stable().toString())
                .add("candidate", candidate(d.candidate()))
                .add("rollout", rollout(d.rollout()))
                .add("rollback", rollback(d.rollback()))
                .add("description", d.description() == null || d.description().isEmpty() ? "-" : d.description())
                .add("created", Formats.timestamp(d.creationTimestamp()) + " by " + d.createdBy())
                .add("last updated", Formats.timestamp(d.lastUpdatedTimestamp()))
                .render();
    }

    /** One line after a change: what the deployment serves now. */
    static String summary(Deployment d) {
        return "Deployment " + d.name() + ": stable " + d.stable() + ", candidate " + candidate(d.candidate()) + ".";
    }

    static String events(String name, List<DeploymentEvent> events) {
        if (events.isEmpty()) {
            return "Deployment " + name + " has no history.";
        }
        Table table = new Table("SEQ", "TIME", "KIND", "ACTOR", "FROM", "TO", "REASON");
        for (DeploymentEvent e : events) {
            table.addRow(Long.toString(e.sequence()), Formats.timestamp(e.timestamp()), e.kind().name(), e.actor(), orDash(e.fromVersion()),
                    orDash(e.toVersion()), orDash(e.reason()));
        }
        return table.render();
    }

    /** E.g. {@code canary 10% +20% every 5m} or {@code direct}. */
    static String rollout(Rollout rollout) {
        String strategy = rollout.strategy().name().toLowerCase(Locale.ROOT);
        if (rollout.strategy() != Rollout.Strategy.CANARY) {
            return strategy;
        }
        String start = strategy + " " + rollout.initialPercent() + "%";
        return rollout.stepMillis() == 0 ? start + ", steps by command"
                : start + " +" + rollout.stepPercent() + "% every " + Formats.duration(rollout.stepMillis());
    }

    private static String candidate(Candidate candidate) {
        if (candidate == null) {
            return "-";
        }
        return candidate.model() + (candidate.mode() == RolloutMode.SHADOW ? " (shadow)" : " (canary " + candidate.percent() + "%)");
    }

    private static String rollback(RollbackPolicy policy) {
        if (policy == null) {
            return "-";
        }
        StringBuilder text = new StringBuilder("when");
        if (policy.maxErrorRate() != null) {
            text.append(" error rate > ").append(Formats.number(policy.maxErrorRate()));
        }
        if (policy.maxP99Millis() != null) {
            text.append(policy.maxErrorRate() != null ? " or" : "").append(" p99 > ").append(Formats.number(policy.maxP99Millis()))
                    .append(" ms");
        }
        return text.append(" over ").append(Formats.duration(policy.windowMillis())).append(", from ").append(policy.minRequests())
                .append(" requests").toString();
    }

    private static String orDash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
