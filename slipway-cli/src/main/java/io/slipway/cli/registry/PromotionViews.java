package io.slipway.cli.registry;

import io.slipway.cli.output.Details;
import io.slipway.cli.output.Formats;
import io.slipway.cli.output.Table;
import io.slipway.core.governance.CheckResult;
import io.slipway.core.governance.PromotionDecision;
import io.slipway.core.governance.PromotionRequest;
import io.slipway.core.governance.PromotionStatus;
import io.slipway.core.registry.AliasEvent;
import java.util.List;

/** How promotion requests and the history of aliases look in a terminal. */
final class PromotionViews {
    private PromotionViews() {}

    static String list(List<PromotionRequest> requests) {
        if (requests.isEmpty()) {
            return "No promotion requests found.";
        }
        Table table = new Table("ID", "MODEL", "VERSION", "ALIAS", "STATUS", "APPROVALS", "REQUESTED BY", "CREATED");
        for (PromotionRequest request : requests) {
            table.addRow(request.id(), request.name(), request.version(), request.alias(), request.status().name(), approvals(request),
                    request.requestedBy(), Formats.timestamp(request.creationTimestamp()));
        }
        return table.render();
    }

    /** One request: what it asks, who asked, its checks as evaluated when asked, and every decision since. */
    static String detail(PromotionRequest request) {
        Details fields = new Details("Promotion request " + request.id())
                .add("asks", "models:/" + request.name() + "@" + request.alias() + " -> version " + request.version()
                        + (request.previousVersion().isEmpty() ? " (alias unset when asked)"
                                : " (was version " + request.previousVersion() + ")"))
                .add("status", request.status().name())
                .add("approvals", approvals(request))
                .add("requested by", request.requestedBy())
                .add("comment", request.comment().isEmpty() ? "-" : request.comment())
                .add("created", Formats.timestamp(request.creationTimestamp()))
                .add("last updated", Formats.timestamp(request.lastUpdatedTimestamp()));
        Table decisions = new Table("TIME", "USER", "VERDICT", "COMMENT");
        for (PromotionDecision decision : request.decisions()) {
            decisions.addRow(Formats.timestamp(decision.timestamp()), decision.username(), decision.verdict().name(), decision.comment());
        }
        return String.join("\n\n", fields.render(), checks(request.checkResults()).renderSection("Checks (when requested)"),
                decisions.renderSection("Decisions"));
    }

    /** What a decision did, e.g. that the alias moved. */
    static String decided(PromotionRequest request, String verb) {
        String what = verb + " promotion request " + request.id() + " (models:/" + request.name() + "@" + request.alias()
                + " -> version " + request.version() + ").";
        if (request.status() == PromotionStatus.APPROVED) {
            return what + " models:/" + request.name() + "@" + request.alias() + " now points to version " + request.version() + ".";
        }
        if (request.status() == PromotionStatus.PENDING) {
            return what + " It has " + approvals(request) + " approvals and stays pending.";
        }
        return what;
    }

    static String aliasHistory(String name, List<AliasEvent> events) {
        if (events.isEmpty()) {
            return "No alias of registered model '" + name + "' was ever set.";
        }
        Table table = new Table("TIME", "ALIAS", "VERSION", "PREVIOUS", "ACTOR", "PROMOTION");
        for (AliasEvent event : events) {
            table.addRow(Formats.timestamp(event.timestamp()), event.alias(), event.version().isEmpty() ? "(deleted)" : event.version(),
                    event.previousVersion().isEmpty() ? "-" : event.previousVersion(), event.actor(),
                    event.promotionId().isEmpty() ? "-" : event.promotionId());
        }
        return table.render();
    }

    private static Table checks(List<CheckResult> results) {
        Table table = new Table("CHECK", "RESULT", "OBSERVED");
        results.forEach(result -> table.addRow(result.check().describe(), result.passed() ? "passed" : "FAILED", result.observed()));
        return table;
    }

    /** E.g. {@code 1/2}. */
    private static String approvals(PromotionRequest request) {
        return request.approvals() + "/" + request.requiredApprovals();
    }
}
