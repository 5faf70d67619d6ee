package io.slipway.server;

import static io.slipway.server.AbstractMlflowServerTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.server.testing.TestHttp;
import io.slipway.server.testing.TestHttp.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Identity, permissions, four-eyes promotions and the audit trail, over HTTP with authentication
 * on. Written once and run against each storage combination.
 */
public abstract class AbstractGovernanceApiTest extends AbstractServerTest {
    static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String MLFLOW = "/api/2.0/mlflow/";
    private static final String SLIPWAY = "/api/2.0/slipway/";

    private TestHttp admin;

    @Override
    protected SlipwayConfig configure(SlipwayConfig config) {
        return config.withAuth(AuthConfig.disabled().withEnabled(true).withAdmin("root", ADMIN_TOKEN));
    }

    @BeforeEach
    void connectAsAdmin() {
        admin = http.withToken(ADMIN_TOKEN);
    }

    // ---- authentication ----

    @Test
    void aRequestWithoutATokenIs401WithAChallenge() {
        Response response = http.get(MLFLOW + "experiments/get?experiment_id=0");
        assertError(response, 401, "UNAUTHENTICATED", "Authentication required");
        assertThat(response.header("WWW-Authenticate")).contains("Bearer").contains("Basic");
    }

    @Test
    void healthAndVersionNeedNoToken() {
        assertThat(http.get("/health").status()).isEqualTo(200);
        assertThat(http.get("/version").status()).isEqualTo(200);
    }

    @Test
    void anUnknownTokenOrSchemeIs401() {
        assertError(http.withToken("slw_nope").get(MLFLOW + "experiments/get?experiment_id=0"), 401, "UNAUTHENTICATED", "Invalid API token");
        assertError(http.withAuthorization("Digest abc").get(MLFLOW + "experiments/get?experiment_id=0"), 401, "UNAUTHENTICATED",
                "Unsupported Authorization scheme");
        assertError(http.withAuthorization("Basic %%%").get(MLFLOW + "experiments/get?experiment_id=0"), 401, "UNAUTHENTICATED",
                "not base64");
    }

    @Test
    void theFirstAdminComesFromTheConfiguredToken() {
        JsonNode me = admin.get(SLIPWAY + "users/me").json();
        assertThat(me.at("/user/username").asText()).isEqualTo("root");
        assertThat(me.at("/user/admin").asBoolean()).isTrue();
        assertThat(me.get("auth_enabled").asBoolean()).isTrue();
    }

    @Test
    void basicAuthWithTheTokenAsPasswordAuthenticates() {
        String token = userWithToken("alice");
        Response ok = http.withAuthorization(basic("alice", token)).get(SLIPWAY + "users/me");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().at("/user/username").asText()).isEqualTo("alice");
        assertError(http.withAuthorization(basic("root", token)).get(SLIPWAY + "users/me"), 401, "UNAUTHENTICATED",
                "does not own this token");
    }

    @Test
    void aRevokedTokenIs401SayingSo() {
        String token = userWithToken("alice");
        TestHttp alice = http.withToken(token);
        assertThat(alice.get(SLIPWAY + "users/me").status()).isEqualTo(200);
        String id = alice.get(SLIPWAY + "tokens/list").json().at("/tokens/0/id").asText();
        assertThat(alice.post(SLIPWAY + "tokens/revoke", "{\"id\":\"" + id + "\"}").status()).isEqualTo(200);
        assertError(alice.get(SLIPWAY + "users/me"), 401, "UNAUTHENTICATED", "revoked");
    }

    @Test
    void anExpiredTokenIs401SayingSo() throws InterruptedException {
        admin.post(SLIPWAY + "users/create", "{\"username\":\"alice\"}");
        long soon = System.currentTimeMillis() + 1500;
        Response created = admin.post(SLIPWAY + "tokens/create", "{\"username\":\"alice\",\"expiration_timestamp\":" + soon + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        TestHttp alice = http.withToken(created.json().get("secret").asText());
        assertThat(alice.get(SLIPWAY + "users/me").status()).isEqualTo(200);
        Thread.sleep(Math.max(0, soon - System.currentTimeMillis()) + 200);
        assertError(alice.get(SLIPWAY + "users/me"), 401, "UNAUTHENTICATED", "expired");
    }

    @Test
    void aTokenCannotBeIssuedAlreadyExpired() {
        admin.post(SLIPWAY + "users/create", "{\"username\":\"alice\"}");
        assertError(admin.post(SLIPWAY + "tokens/create", "{\"username\":\"alice\",\"expiration_timestamp\":1000}"), 400,
                "INVALID_PARAMETER_VALUE", "in the past");
        assertError(admin.post(SLIPWAY + "tokens/create", "{\"username\":\"alice\",\"expires_in_days\":0}"), 400,
                "INVALID_PARAMETER_VALUE", "expires_in_days");
    }

    @Test
    void tokenSecretsAreShownOnceAndStoredOnlyAsHashes() {
        String token = userWithToken("alice");
        Response listed = http.withToken(token).get(SLIPWAY + "tokens/list");
        assertThat(listed.body()).doesNotContain(token);
        List<String> stored = server.database().reader().withHandle(h ->
                h.createQuery("SELECT token_hash FROM api_tokens").mapTo(String.class).list());
        assertThat(stored).isNotEmpty().noneMatch(hash -> hash.contains(token));
    }

    // ---- users and permissions ----

    @Test
    void onlyAdminsManageUsers() {
        TestHttp alice = http.withToken(userWithToken("alice"));
        assertError(alice.post(SLIPWAY + "users/create", "{\"username\":\"mallory\"}"), 403, "PERMISSION_DENIED", "not an admin");
        assertError(alice.get(SLIPWAY + "users/list"), 403, "PERMISSION_DENIED", "not an admin");
        assertError(admin.post(SLIPWAY + "users/create", "{\"username\":\"alice\"}"), 400, "RESOURCE_ALREADY_EXISTS", "alice");
        assertError(admin.post(SLIPWAY + "users/create", "{\"username\":\"bad name!\"}"), 400, "INVALID_PARAMETER_VALUE", "username");
    }

    @Test
    void usersSeeAndIssueOnlyTheirOwnTokens() {
        TestHttp alice = http.withToken(userWithToken("alice"));
        userWithToken("bob");
        assertError(alice.get(SLIPWAY + "tokens/list?username=bob"), 403, "PERMISSION_DENIED", "their own");
        assertError(alice.post(SLIPWAY + "tokens/create", "{\"username\":\"bob\"}"), 403, "PERMISSION_DENIED", "their own");
        assertThat(alice.post(SLIPWAY + "tokens/create", "{\"name\":\"laptop\"}").status()).isEqualTo(200);
    }

    @Test
    void theLastAdminCannotBeRemoved() {
        assertError(admin.method("PATCH", SLIPWAY + "users/update", "{\"username\":\"root\",\"admin\":false}"), 400,
                "INVALID_PARAMETER_VALUE", "only admin");
        assertError(admin.method("DELETE", SLIPWAY + "users/delete", "{\"username\":\"root\"}"), 400, "INVALID_PARAMETER_VALUE",
                "only admin");
    }

    @Test
    void theDefaultReadLetsOthersReadButNotWrite() {
        TestHttp alice = http.withToken(userWithToken("alice"));
        TestHttp bob = http.withToken(userWithToken("bob"));
        String experimentId = createExperiment(alice, "alice-exp");
        String runId = createRun(alice, experimentId);
        assertThat(bob.get(MLFLOW + "runs/get?run_id=" + runId).status()).isEqualTo(200);
        assertError(bob.post(MLFLOW + "runs/log-metric", metric(runId, "loss", 0.5)), 403, "PERMISSION_DENIED", "needs EDIT");
        assertError(bob.post(MLFLOW + "runs/create", "{\"experiment_id\":\"" + experimentId + "\"}"), 403, "PERMISSION_DENIED",
                "needs EDIT");
    }

    @Test
    void theCreatorManagesWhatTheyCreateAndCanGrantIt() {
        TestHttp alice = http.withToken(userWithToken("alice"));
        TestHttp bob = http.withToken(userWithToken("bob"));
        String experimentId = createExperiment(alice, "alice-exp");
        String runId = createRun(alice, experimentId);
        JsonNode grants = alice.get(SLIPWAY + "permissions/list?username=alice").json().get("permissions");
        assertThat(grants.toString()).contains("\"resource_id\":\"" + experimentId + "\"").contains("MANAGE");

        assertError(bob.post(SLIPWAY + "permissions/set", grant("bob", "experiment", experimentId, "EDIT")), 403, "PERMISSION_DENIED",
                "needs MANAGE");
        assertThat(alice.post(SLIPWAY + "permissions/set", grant("bob", "experiment", experimentId, "EDIT")).status()).isEqualTo(200);
        Response logged = bob.post(MLFLOW + "runs/log-metric", metric(runId, "loss", 0.5));
        assertThat(logged.status()).as(logged.toString()).isEqualTo(200);
    }

    @Test
    void noPermissionsHidesAnExperimentEverywhere() {
        TestHttp alice = http.withToken(userWithToken("alice"));
        TestHttp bob = http.withToken(userWithToken("bob"));
        String secret = createExperiment(alice, "secret-exp");
        createExperiment(alice, "open-exp");
        alice.post(SLIPWAY + "permissions/set", grant("bob", "experiment", secret, "NO_PERMISSIONS"));
        assertError(bob.get(MLFLOW + "experiments/get?experiment_id=" + secret), 403, "PERMISSION_DENIED", "NO_PERMISSIONS");
        String names = bob.post(MLFLOW + "experiments/search", "{\"max_results\":100}").json().get("experiments").toString();
        assertThat(names).contains("open-exp").doesNotContain("secret-exp");
        assertError(bob.post(MLFLOW + "runs/search", "{\"experiment_ids\":[\"" + secret + "\"]}"), 403, "PERMISSION_DENIED", "READ");
    }

    @Test
    void runsAreOwnedByTheAuthenticatedUserWhateverTheClientClaims() {
        TestHttp alice = http.withToken(userWithToken("alice"));
        String experimentId = createExperiment(alice, "e");
        JsonNode run = alice.post(MLFLOW + "runs/create", "{\"experiment_id\":\"" + experimentId + "\",\"user_id\":\"root\"}").json();
        assertThat(run.at("/run/info/user_id").asText()).isEqualTo("alice");
    }

    @Test
    void grantsOnAMissingResourceAre404AndBadValues400() {
        assertError(admin.post(SLIPWAY + "permissions/set", grant("root", "registered_model", "absent", "READ")), 404,
                "RESOURCE_DOES_NOT_EXIST", "absent");
        assertError(admin.post(SLIPWAY + "permissions/set", grant("root", "dataset", "x", "READ")), 404, "RESOURCE_DOES_NOT_EXIST",
                "Dataset 'x'");
        assertError(admin.post(SLIPWAY + "permissions/set", grant("root", "notebook", "x", "READ")), 400, "INVALID_PARAMETER_VALUE",
                "resource_type");
        assertError(admin.post(SLIPWAY + "permissions/set", grant("root", "experiment", "0", "OWNER")), 400, "INVALID_PARAMETER_VALUE",
                "permission");
    }

    // ---- promotions ----

    @Test
    void aProtectedAliasCannotBeSetDirectly() {
        TestHttp alice = http.withToken(userWithToken("alice"));
        registerCandidate(alice, 0.93);
        assertError(alice.post(MLFLOW + "registered-models/alias", "{\"name\":\"fraud\",\"alias\":\"champion\",\"version\":\"1\"}"),
                403, "PERMISSION_DENIED", "protected");
        assertError(alice.post(MLFLOW + "registered-models/alias", "{\"name\":\"fraud\",\"alias\":\"Champion\",\"version\":\"1\"}"),
                403, "PERMISSION_DENIED", "protected");
        assertThat(alice.post(MLFLOW + "registered-models/alias", "{\"name\":\"fraud\",\"alias\":\"challenger\",\"version\":\"1\"}")
                .status()).isEqualTo(200);
    }

    @Test
    void anApprovedPromotionMovesTheAliasAndIsRecorded() {
        TestHttp alice = http.withToken(userWithToken("alice"));
        TestHttp bob = http.withToken(userWithToken("bob"));
        registerCandidate(alice, 0.93);
        alice.post(SLIPWAY + "permissions/set", grant("bob", "registered_model", "fraud", "MANAGE"));
        String id = requestPromotion(alice, "[{\"type\":\"metric_threshold\",\"metric\":\"val_auc\",\"op\":\">=\",\"threshold\":0.9}]");

        Response approved = bob.post(SLIPWAY + "promotions/approve", "{\"id\":\"" + id + "\",\"comment\":\"looks good\"}");
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        JsonNode request = approved.json().get("promotion_request");
        assertThat(request.get("status").asText()).isEqualTo("APPROVED");
        assertThat(request.at("/decisions/0/username").asText()).isEqualTo("bob");
        assertThat(request.at("/decisions/0/check_results/0/passed").asBoolean()).isTrue();

        JsonNode version = alice.get(MLFLOW + "registered-models/alias?name=fraud&alias=champion").json().get("model_version");
        assertThat(version.get("version").asText()).isEqualTo("1");
        JsonNode history = alice.get(SLIPWAY + "registered-models/alias-history?name=fraud").json().get("alias_events");
        assertThat(history.get(history.size() - 1).get("actor").asText()).isEqualTo("bob");
        assertThat(history.get(history.size() - 1).get("promotion_id").asText()).isEqualTo(id);
    }

    @Test
    void rejectsPromotionApprovedByRequester() {
        TestHttp alice = http.withToken(userWithToken("alice"));
        registerCandidate(alice, 0.93);
        String id = requestPromotion(alice, "[]");
        assertError(alice.post(SLIPWAY + "promotions/approve", "{\"id\":\"" + id + "\"}"), 403, "PERMISSION_DENIED", "four eyes");
        assertThat(alice.get(SLIPWAY + "promotions/get?id=" + id).json().at("/promotion_request/status").asText()).isEqualTo("PENDING");
    }

    @Test
    void rejectsApprovalWithoutManage() {
        TestHttp alice = http.withToken(userWithToken("alice"));
        TestHttp bob = http.withToken(userWithToken("bob"));
        registerCandidate(alice, 0.93);
        String id = requestPromotion(alice, "[]");
        assertError(bob.post(SLIPWAY + "promotions/approve", "{\"id\":\"" + id + "\"}"), 403, "PERMISSION_DENIED", "needs MANAGE");
    }

    @Test
    void aDecidedRequestCannotBeDecidedAgain() {
        TestHttp alice = http.withToken(userWithToken("alice"));
        TestHttp bob = http.withToken(userWithToken("bob"));
        registerCandidate(alice, 0.93);
        alice.post(SLIPWAY + "permissions/set", grant("bob", "registered_model", "fraud", "MANAGE"));
        String id = requestPromotion(alice, "[]");
        assertThat(bob.post(SLIPWAY + "promotions/reject", "{\"id\":\"" + id + "\",\"comment\":\"no\"}").status()).isEqualTo(200);
        assertError(bob.post(SLIPWAY + "promotions/approve", "{\"id\":\"" + id + "\"}"), 409, "RESOURCE_CONFLICT", "REJECTED");
        assertError(admin.post(SLIPWAY + "promotions/approve", "{\"id\":\"" + id + "\"}"), 409, "RESOURCE_CONFLICT", "REJECTED");
        assertError(alice.get(MLFLOW + "registered-models/alias?name=fraud&alias=champion"), 400, "INVALID_PARAMETER_VALUE", "champion");
    }

    @Test
    void aPromotionWhoseCheckFailsIsRefusedAndNothingIsStored() {
        TestHttp alice = http.withToken(userWithToken("alice"));
        registerCandidate(alice, 0.71);
        Response refused = alice.post(SLIPWAY + "promotions/create", promotion("[{\"type\":\"metric_threshold\",\"metric\":\"val_auc\","
                + "\"op\":\">=\",\"threshold\":0.9}]"));
        assertError(refused, 400, "INVALID_PARAMETER_VALUE", "val_auc = 0.71");
        assertThat(alice.get(SLIPWAY + "promotions/list?name=fraud").json().get("promotion_requests")).isEmpty();
        assertError(alice.post(SLIPWAY + "promotions/create", promotion("[{\"type\":\"vibes\"}]")), 400, "INVALID_PARAMETER_VALUE",
                "checks[0].type");
    }

    @Test
    void checksAreEvaluatedAgainAtApproval() {
        TestHttp alice = http.withToken(userWithToken("alice"));
        TestHttp bob = http.withToken(userWithToken("bob"));
        registerCandidate(alice, 0.93);
        alice.post(SLIPWAY + "permissions/set", grant("bob", "registered_model", "fraud", "MANAGE"));
        alice.post(MLFLOW + "model-versions/set-tag", "{\"name\":\"fraud\",\"version\":\"1\",\"key\":\"validation\",\"value\":\"passed\"}");
        String id = requestPromotion(alice, "[{\"type\":\"version_tag\",\"key\":\"validation\",\"value\":\"passed\"}]");
        alice.post(MLFLOW + "model-versions/set-tag", "{\"name\":\"fraud\",\"version\":\"1\",\"key\":\"validation\",\"value\":\"failed\"}");

        assertError(bob.post(SLIPWAY + "promotions/approve", "{\"id\":\"" + id + "\"}"), 400, "INVALID_PARAMETER_VALUE", "validation = failed");
        assertThat(alice.get(SLIPWAY + "promotions/get?id=" + id).json().at("/promotion_request/status").asText()).isEqualTo("PENDING");
    }

    // ---- audit ----

    @Test
    void everyMutatingCallIsAuditedWithItsActorAndOutcome() {
        TestHttp alice = http.withToken(userWithToken("alice"));
        String experimentId = createExperiment(alice, "audited");
        http.post(MLFLOW + "experiments/create", "{\"name\":\"anonymous-try\"}");
        alice.post(SLIPWAY + "users/create", "{\"username\":\"mallory\"}");
        alice.get(MLFLOW + "experiments/get?experiment_id=" + experimentId);

        List<JsonNode> events = auditEvents("");
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("actor").asText()).isEqualTo("alice");
            assertThat(e.get("action").asText()).isEqualTo("POST experiments/create");
            assertThat(e.get("target").asText()).isEqualTo("experiment:" + experimentId);
            assertThat(e.get("status").asInt()).isEqualTo(200);
            assertThat(e.get("digest").asText()).hasSize(64);
            assertThat(e.get("source_ip").asText()).isNotEmpty();
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("actor").asText()).isEqualTo("unauthenticated");
            assertThat(e.get("status").asInt()).isEqualTo(401);
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("actor").asText()).isEqualTo("alice");
            assertThat(e.get("action").asText()).isEqualTo("POST users/create");
            assertThat(e.get("status").asInt()).isEqualTo(403);
        });
        assertThat(events).noneMatch(e -> e.get("action").asText().startsWith("GET"));
    }

    @Test
    void theRequestIdIsAnsweredAndRecorded() {
        Response created = admin.post(MLFLOW + "experiments/create", "{\"name\":\"with-id\"}");
        String requestId = created.header("X-Request-Id");
        assertThat(requestId).isNotBlank();
        assertThat(auditEvents("actor=root")).anyMatch(e -> e.get("request_id").asText().equals(requestId));
    }

    @Test
    void auditVerifyFindsAnIntactChain() {
        createExperiment(admin, "one");
        createExperiment(admin, "two");
        JsonNode verified = admin.get(SLIPWAY + "audit/verify").json();
        assertThat(verified.get("intact").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("events_checked").asLong()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void auditVerifyCatchesARowEditedInTheDatabase() {
        createExperiment(admin, "one");
        createExperiment(admin, "two");
        createExperiment(admin, "three");
        long seq = auditEvents("actor=root").get(1).get("seq").asLong();
        server.database().writer().useHandle(h -> h.createUpdate("UPDATE audit_events SET actor = 'someone-else' WHERE seq = ?")
                .bind(0, seq).execute());
        JsonNode verified = admin.get(SLIPWAY + "audit/verify").json();
        assertThat(verified.get("intact").asBoolean()).isFalse();
        assertThat(verified.get("first_broken_seq").asLong()).isEqualTo(seq);
        assertThat(verified.get("problem").asText()).contains("altered");
    }

    @Test
    void theAuditLogIsForAdmins() {
        TestHttp alice = http.withToken(userWithToken("alice"));
        assertError(alice.get(SLIPWAY + "audit/events"), 403, "PERMISSION_DENIED", "admin");
        assertError(alice.get(SLIPWAY + "audit/verify"), 403, "PERMISSION_DENIED", "admin");
        assertError(admin.get(SLIPWAY + "audit/events?max_results=0"), 400, "INVALID_PARAMETER_VALUE", "max_results");
    }

    @Test
    void auditEventsPageInSequenceOrder() {
        for (int i = 0; i < 5; i++) {
            createExperiment(admin, "e" + i);
        }
        JsonNode first = admin.get(SLIPWAY + "audit/events?actor=root&max_results=2").json();
        assertThat(first.get("events")).hasSize(2);
        long next = first.get("next_after_seq").asLong();
        JsonNode second = admin.get(SLIPWAY + "audit/events?actor=root&max_results=2&after_seq=" + next).json();
        assertThat(second.at("/events/0/seq").asLong()).isGreaterThan(next);
    }

    // ---- helpers ----

    private String userWithToken(String username) {
        Response user = admin.post(SLIPWAY + "users/create", "{\"username\":\"" + username + "\"}");
        assertThat(user.status()).as(user.toString()).isEqualTo(200);
        Response token = admin.post(SLIPWAY + "tokens/create", "{\"username\":\"" + username + "\",\"name\":\"test\"}");
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        return token.json().get("secret").asText();
    }

    private static String createExperiment(TestHttp as, String name) {
        Response created = as.post(MLFLOW + "experiments/create", "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.json().get("experiment_id").asText();
    }

    private static String createRun(TestHttp as, String experimentId) {
        Response created = as.post(MLFLOW + "runs/create", "{\"experiment_id\":\"" + experimentId + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.json().at("/run/info/run_id").asText();
    }

    /** Model 'fraud' version 1 from a run that logged val_auc. */
    private static void registerCandidate(TestHttp as, double valAuc) {
        String runId = createRun(as, createExperiment(as, "training"));
        assertThat(as.post(MLFLOW + "runs/log-metric", metric(runId, "val_auc", valAuc)).status()).isEqualTo(200);
        assertThat(as.post(MLFLOW + "registered-models/create", "{\"name\":\"fraud\"}").status()).isEqualTo(200);
        Response version = as.post(MLFLOW + "model-versions/create", "{\"name\":\"fraud\",\"source\":\"runs:/" + runId + "/model\","
                + "\"run_id\":\"" + runId + "\"}");
        assertThat(version.status()).as(version.toString()).isEqualTo(200);
    }

    private static String requestPromotion(TestHttp as, String checks) {
        Response created = as.post(SLIPWAY + "promotions/create", promotion(checks));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.json().at("/promotion_request/id").asText();
    }

    private static String promotion(String checks) {
        return "{\"name\":\"fraud\",\"version\":\"1\",\"alias\":\"champion\",\"comment\":\"ship it\",\"checks\":" + checks + "}";
    }

    private List<JsonNode> auditEvents(String query) {
        Response response = admin.get(SLIPWAY + "audit/events?" + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        response.json().get("events").forEach(events::add);
        return events;
    }

    private static String metric(String runId, String key, double value) {
        return "{\"run_id\":\"" + runId + "\",\"key\":\"" + key + "\",\"value\":" + value + ",\"timestamp\":1,\"step\":0}";
    }

    private static String grant(String username, String type, String id, String permission) {
        return "{\"username\":\"" + username + "\",\"resource_type\":\"" + type + "\",\"resource_id\":\"" + id + "\",\"permission\":\""
                + permission + "\"}";
    }

    private static String basic(String username, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + token).getBytes(StandardCharsets.UTF_8));
    }
}
