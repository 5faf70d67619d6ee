package io.slipway.cli.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.cli.testing.AuthCliServerTest;
import io.slipway.cli.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four-eyes flow end to end, only through the command line: an admin makes two users, one
 * trains and registers a model and asks for it to become champion, she cannot approve that
 * herself, the other does, and the audit trail holds all of it.
 */
class FourEyesPromotionTest extends AuthCliServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path local;

    /** What the flow leaves behind. */
    private record Promoted(String alice, String aliceToken, String bob, String bobToken, String model, String requestId,
            CliRun ownApproval, CliRun approval) {}

    @Test
    void aSecondPersonApprovesAndTheAliasMoves() throws Exception {
        Promoted flow = promoteThroughTheCli();

        assertThat(flow.ownApproval().exitCode()).isEqualTo(1);
        assertThat(flow.ownApproval().err()).isEqualTo("error: PERMISSION_DENIED: User '" + flow.alice()
                + "' requested this promotion and cannot approve it: a second person must (four eyes).\n");
        assertThat(flow.approval().exitCode()).as(flow.approval().toString()).isZero();
        assertThat(flow.approval().outText()).endsWith("models:/" + flow.model() + "@champion now points to version 1.");

        CliRun model = slipwayAs(flow.aliceToken(), "models", "get", flow.model());

        assertThat(model.exitCode()).as(model.toString()).isZero();
        assertThat(model.out()).containsPattern("(?m)^\\s+champion\\s+1\\s+models:/" + flow.model() + "@champion$");
    }

    @Test
    void theRequestShowsItsCheckAndBothDecisions() throws Exception {
        Promoted flow = promoteThroughTheCli();

        CliRun request = slipwayAs(flow.bobToken(), "models", "request", flow.requestId());

        assertThat(request.exitCode()).as(request.toString()).isZero();
        assertThat(request.out()).contains("APPROVED", "requested by", flow.alice(), "val_auc >= 0.9", "passed", "val_auc = 0.93")
                .containsPattern(flow.bob() + "\\s+APPROVE\\s+checked the evaluation report");
    }

    @Test
    void theModelCardNamesTheApprover() throws Exception {
        Promoted flow = promoteThroughTheCli();

        CliRun card = slipwayAs(flow.aliceToken(), "models", "card", "models:/" + flow.model() + "@champion");

        assertThat(card.exitCode()).as(card.toString()).isZero();
        assertThat(card.out()).contains(flow.bob());
    }

    @Test
    void theAuditTrailIsIntactAndHoldsBothPeoplesActions() throws Exception {
        Promoted flow = promoteThroughTheCli();

        CliRun verify = slipwayAsAdmin("audit", "verify");
        CliRun log = slipwayAsAdmin("audit", "log", "--json");

        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).matches("Audit chain intact: \\d+ events, last seq \\d+\n");
        assertThat(log.exitCode()).as(log.toString()).isZero();
        List<JsonNode> events = new ArrayList<>();
        for (String line : log.out().lines().toList()) {
            events.add(JSON.readTree(line));
        }
        String promotion = "promotion:" + flow.requestId();
        assertThat(events).anySatisfy(event -> assertEvent(event, flow.alice(), "POST promotions/create", promotion, 200));
        assertThat(events).anySatisfy(event -> assertEvent(event, flow.alice(), "POST promotions/approve", promotion, 403));
        assertThat(events).anySatisfy(event -> assertEvent(event, flow.bob(), "POST promotions/approve", promotion, 200));
        assertThat(events).extracting(event -> event.get("seq").asLong()).isSorted();
    }

    private static void assertEvent(JsonNode event, String actor, String action, String target, int status) {
        assertThat(event.get("actor").asText()).isEqualTo(actor);
        assertThat(event.get("action").asText()).isEqualTo(action);
        assertThat(event.get("target").asText()).isEqualTo(target);
        assertThat(event.get("status").asInt()).isEqualTo(status);
    }

    /** The whole flow, each step a command whose success is checked on the way. */
    private Promoted promoteThroughTheCli() throws Exception {
        String alice = unique("alice");
        String bob = unique("bob");
        succeeds(slipwayAsAdmin("users", "create", alice));
        succeeds(slipwayAsAdmin("users", "create", bob));
        String aliceToken = succeeds(slipwayAsAdmin("tokens", "create", "--user", alice, "--name", "laptop")).outText();
        String bobToken = succeeds(slipwayAsAdmin("tokens", "create", "--user", bob, "--name", "laptop")).outText();

        String experimentId = succeeds(slipwayAs(aliceToken, "experiments", "create", unique("fraud"))).outText();
        String runId = succeeds(slipwayAs(aliceToken, "runs", "create", "--experiment-id", experimentId)).outText();
        succeeds(slipwayAs(aliceToken, "runs", "log-metric", runId, "val_auc", "0.93"));
        Path weights = Files.writeString(local.resolve("weights.json"), "{\"w\": [1, 2]}");
        succeeds(slipwayAs(aliceToken, "artifacts", "upload", runId, weights.toString(), "--artifact-path", "model"));
        succeeds(slipwayAs(aliceToken, "runs", "finish", runId));
        String model = unique("fraud");
        assertThat(succeeds(slipwayAs(aliceToken, "models", "register", runId, "model", "--name", model, "--create")).outText())
                .isEqualTo("1");
        String requestId = succeeds(slipwayAs(aliceToken, "models", "promote", "models:/" + model + "/1", "--alias", "champion",
                "--min", "val_auc=0.9", "--comment", "beats the baseline")).outText();

        CliRun ownApproval = slipwayAs(aliceToken, "models", "approve", requestId);
        // bob reviews for the model's owner, who lets him decide on it
        succeeds(slipwayAs(aliceToken, "permissions", "set", bob, "--model", model, "MANAGE"));
        CliRun approval = slipwayAs(bobToken, "models", "approve", requestId, "--comment", "checked the evaluation report");
        return new Promoted(alice, aliceToken, bob, bobToken, model, requestId, ownApproval, approval);
    }

    private static CliRun succeeds(CliRun run) {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }
}
