package io.slipway.cli.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.cli.testing.AuthCliServerTest;
import io.slipway.cli.testing.CliRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditCommandTest extends AuthCliServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void verifySaysTheChainIsIntact() {
        newAccount("verified").client().createExperiment(unique("experiment"), null, null);

        CliRun run = slipwayAsAdmin("audit", "verify");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).matches("Audit chain intact: [1-9]\\d* events, last seq [1-9]\\d*\n");
    }

    @Test
    void verifyNeedsAnAdmin() {
        Account user = newAccount("curious");

        CliRun run = slipwayAs(user.token(), "audit", "verify");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: PERMISSION_DENIED: ").hasLineCount(1);
    }

    @Test
    void logShowsTheEventsOfOneActorAsATable() {
        Account user = newAccount("logged");
        String experimentId = user.client().createExperiment(unique("experiment"), null, null);

        CliRun run = slipwayAsAdmin("audit", "log", "--actor", user.username());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0).split("\\s+")).containsExactly("SEQ", "TIME", "ACTOR", "ACTION", "TARGET", "STATUS", "SOURCE", "IP");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).containsPattern(user.username() + "\\s+POST experiments/create\\s+experiment:" + experimentId + "\\s+200");
    }

    @Test
    void logAsJsonLinesHasOneParsableEventPerLineOldestFirst() throws Exception {
        Account user = newAccount("exported");
        for (int i = 0; i < 3; i++) {
            user.client().createExperiment(unique("experiment"), null, null);
        }

        CliRun run = slipwayAsAdmin("audit", "log", "--actor", user.username(), "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<JsonNode> events = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            events.add(JSON.readTree(line));
        }
        assertThat(events).hasSize(3).allSatisfy(event -> {
            assertThat(event.get("actor").asText()).isEqualTo(user.username());
            assertThat(event.get("hash").asText()).hasSize(64);
        });
        assertThat(events).extracting(event -> event.get("seq").asLong()).isSorted();
    }

    @Test
    void logFiltersByTargetPrefixAndAction() {
        Account user = newAccount("filtered");
        String model = user.client().createRegisteredModel(unique("model"), null, null).name();
        user.client().setRegisteredModelTag(model, "team", "risk");

        CliRun run = slipwayAsAdmin("audit", "log", "--target", "registered_model:" + model, "--action", "POST registered-models/set-tag");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines().skip(1).toList()).singleElement().asString().contains(user.username(), "set-tag");
    }

    @Test
    void logFiltersByTime() {
        Account user = newAccount("timed");
        user.client().createExperiment(unique("experiment"), null, null);

        CliRun lastHour = slipwayAsAdmin("audit", "log", "--actor", user.username(), "--since", "1h");
        CliRun future = slipwayAsAdmin("audit", "log", "--actor", user.username(), "--since", Instant.now().plusSeconds(3600).toString());
        CliRun past = slipwayAsAdmin("audit", "log", "--actor", user.username(), "--until", "2001-01-01");

        assertThat(lastHour.out().lines()).hasSize(2);
        assertThat(future.outText()).isEqualTo("No audit events found.");
        assertThat(past.outText()).isEqualTo("No audit events found.");
    }

    @Test
    void logRefusesATimeItCannotRead() {
        CliRun run = slipwayAsAdmin("audit", "log", "--since", "last tuesday");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: Invalid value for option '--since': 'last tuesday' is not").hasLineCount(1);
    }

    @Test
    void logNeedsAnAdmin() {
        Account user = newAccount("nosy");

        CliRun run = slipwayAs(user.token(), "audit", "log");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: PERMISSION_DENIED: ").hasLineCount(1);
    }
}
