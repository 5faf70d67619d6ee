package io.slipway.cli.governance;

import io.slipway.api.slipway.GovernanceMessages.AuditEventView;
import io.slipway.api.slipway.GovernanceMessages.AuditVerifyResponse;
import io.slipway.cli.output.Formats;
import io.slipway.cli.output.Table;
import java.util.List;

/** How the audit trail looks in a terminal. */
final class AuditViews {
    private AuditViews() {}

    static String events(List<AuditEventView> events) {
        if (events.isEmpty()) {
            return "No audit events found.";
        }
        Table table = new Table("SEQ", "TIME", "ACTOR", "ACTION", "TARGET", "STATUS", "SOURCE IP");
        for (AuditEventView event : events) {
            table.addRow(Long.toString(event.seq()), Formats.timestamp(event.timestamp()), event.actor(), event.action(), event.target(),
                    Integer.toString(event.status()), event.sourceIp());
        }
        return table.render();
    }

    static String verification(AuditVerifyResponse result) {
        if (result.intact()) {
            return "Audit chain intact: " + result.eventsChecked() + " events, last seq " + result.lastSeq();
        }
        return "Audit chain BROKEN at event " + result.firstBrokenSeq() + ": " + result.problem();
    }
}
