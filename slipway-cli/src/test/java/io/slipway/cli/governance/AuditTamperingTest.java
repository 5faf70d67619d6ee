package io.slipway.cli.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.api.slipway.GovernanceMessages.AuditEventsQuery;
import io.slipway.cli.testing.AuthCliServerTest;
import io.slipway.cli.testing.CliRun;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;

/** {@code audit verify} on a chain rewritten behind the server's back: its own exit code, so scripts can tell it from a failed call. */
class AuditTamperingTest extends AuthCliServerTest {

    @Test
    void verifyReportsTheFirstRewrittenEventAndExitsWithItsOwnCode() throws Exception {
        Account user = newAccount("forger");
        for (int i = 0; i < 3; i++) {
            user.client().createExperiment(unique("experiment"), null, null);
        }
        long forged = admin.auditEvents(new AuditEventsQuery(user.username(), null, null, null, null, null, null)).events().get(1).seq();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database());
                PreparedStatement rewrite = db.prepareStatement("UPDATE audit_events SET actor = 'someone-else' WHERE seq = ?")) {
            rewrite.setLong(1, forged);
            assertThat(rewrite.executeUpdate()).isEqualTo(1);
        }

        CliRun run = slipwayAsAdmin("audit", "verify");

        assertThat(run.exitCode()).isEqualTo(AuditCommand.CHAIN_BROKEN).isEqualTo(3);
        assertThat(run.out()).startsWith("Audit chain BROKEN at event " + forged + ": ");
    }
}
