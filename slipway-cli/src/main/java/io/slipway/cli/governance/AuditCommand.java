package io.slipway.cli.governance;

import io.slipway.api.slipway.GovernanceMessages.AuditEventView;
import io.slipway.api.slipway.GovernanceMessages.AuditEventsQuery;
import io.slipway.api.slipway.GovernanceMessages.AuditEventsResponse;
import io.slipway.api.slipway.GovernanceMessages.AuditVerifyResponse;
import io.slipway.cli.output.Output;
import io.slipway.cli.tracking.TrackingCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/** {@code slipway audit ...}: the server's hash-chained record of every change, for admins. */
@Command(name = "audit", description = "Read the audit trail of every change, and check that nobody rewrote it (admins only).")
public final class AuditCommand extends TrackingCommand {
    /** {@code audit verify}'s answer when the chain does not hold, apart from 1 (the check could not be made). */
    public static final int CHAIN_BROKEN = 3;

    @Command(name = "verify", description = "Recomputes the audit log's hash chain on the server and says whether it is intact.",
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {
                    "0:The chain is intact.",
                    "1:The check could not be made (server unreachable, not an admin, ...).",
                    "2:The command line was wrong.",
                    "3:The chain is broken: an event was changed, removed or inserted.",
            })
    int verify() {
        AuditVerifyResponse result = client().verifyAudit();
        output().print(result, () -> AuditViews.verification(result));
        return result.intact() ? ExitCode.OK : CHAIN_BROKEN;
    }

    @Command(name = "log", description = "Lists audit events, oldest first (all pages).")
    void log(
            @Option(names = "--actor", paramLabel = "USER", description = "Only events of this user.") String actor,
            @Option(names = "--target", paramLabel = "PREFIX",
                    description = "Only targets starting with PREFIX, e.g. registered_model:fraud or run:0f3a.") String target,
            @Option(names = "--action", paramLabel = "ACTION", description = "Only this action, e.g. \"POST promotions/approve\".")
            String action,
            @Option(names = "--since", paramLabel = "TIME", converter = TimeArguments.AbsoluteOrAgo.class,
                    description = "Only events at or after TIME: " + TimeArguments.RELATIVE_HELP + ".") Instant since,
            @Option(names = "--until", paramLabel = "TIME", converter = TimeArguments.AbsoluteOrAgo.class,
                    description = "Only events before TIME, given the same way.") Instant until,
            @Option(names = "--json", description = "JSON lines for export: one event per line, written as the pages arrive.")
            boolean jsonLines) {
        AuditEventsQuery query = new AuditEventsQuery(actor, target, action, since == null ? null : since.toEpochMilli(),
                until == null ? null : until.toEpochMilli(), null, null);
        Output output = output();
        if (jsonLines) {
            client().forEachAuditEvent(query, output::printJsonLine);
            return;
        }
        List<AuditEventView> events = new ArrayList<>();
        client().forEachAuditEvent(query, events::add);
        output.print(new AuditEventsResponse(events, null), () -> AuditViews.events(events));
    }
}
