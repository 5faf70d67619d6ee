package io.slipway.client;

import static io.slipway.client.ClientAssertions.assertClientError;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.api.mlflow.TrackingMessages.DatasetInputMessage;
import io.slipway.api.mlflow.TrackingMessages.DatasetMessage;
import io.slipway.api.mlflow.TrackingMessages.KeyValue;
import io.slipway.api.slipway.GovernanceMessages.AuditEventView;
import io.slipway.api.slipway.GovernanceMessages.AuditEventsQuery;
import io.slipway.api.slipway.GovernanceMessages.AuditEventsResponse;
import io.slipway.api.slipway.ModelGovernanceMessages.CardFormat;
import io.slipway.core.governance.DatasetLineage;
import io.slipway.core.governance.DatasetRef;
import io.slipway.core.governance.ModelCard;
import io.slipway.core.governance.ModelLineage;
import io.slipway.core.governance.PromotionCheck;
import io.slipway.core.governance.PromotionDecision;
import io.slipway.core.governance.PromotionRequest;
import io.slipway.core.governance.PromotionStatus;
import io.slipway.core.governance.Verdict;
import io.slipway.core.identity.ApiToken;
import io.slipway.core.identity.Permission;
import io.slipway.core.identity.PermissionGrant;
import io.slipway.core.identity.ResourceType;
import io.slipway.core.identity.User;
import io.slipway.core.registry.AliasEvent;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.RunInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client's governance methods against a real server with authentication on: one call of each route, and its answer. */
class SlipwayClientGovernanceTest extends AuthServerTest {
    private static String username(SlipwayClient client) {
        return client.me().user().username();
    }

    /** A registered model of {@code owner} with version 1 from a run that logged {@code val_auc}. */
    private static String modelWithVersion(SlipwayClient owner, double valAuc) {
        String runId = owner.createRun(owner.createExperiment(uniqueName("experiment"), null, Map.of()), null, Map.of()).info().runId();
        owner.logBatch(runId, List.of(new Metric("val_auc", valAuc, System.currentTimeMillis(), 0)), List.of(), List.of());
        String name = owner.createRegisteredModel(uniqueName("model"), null, Map.of()).name();
        owner.createModelVersion(name, "runs:/" + runId + "/model", runId, null, Map.of());
        return name;
    }

    @Test
    void usersAreCreatedListedMadeAdminAndDeleted() {
        String username = uniqueName("person");

        User created = admin.createUser(username, false);
        User promoted = admin.setAdmin(username, true);

        assertThat(created.admin()).isFalse();
        assertThat(promoted.admin()).isTrue();
        assertThat(admin.getUser(username).admin()).isTrue();
        assertThat(admin.listUsers()).extracting(User::username).contains("admin", username);

        admin.deleteUser(username);

        assertClientError(404, "RESOURCE_DOES_NOT_EXIST", () -> admin.getUser(username));
    }

    @Test
    void aUserManagesTheirOwnTokens() {
        SlipwayClient user = newUser();

        var created = user.createToken(null, "ci", null, 30);
        ApiToken revoked = user.revokeToken(created.token().id());

        assertThat(created.secret()).startsWith("slw_");
        assertThat(created.token().expirationTimestamp()).isGreaterThan(System.currentTimeMillis());
        assertThat(revoked.revokedTimestamp()).isNotNull();
        assertThat(user.listTokens(null)).extracting(ApiToken::name).contains("test", "ci");
    }

    @Test
    void aUserCannotManageOthersTokens() {
        SlipwayClient user = newUser();

        assertClientError(403, "PERMISSION_DENIED", () -> user.listTokens("admin"));
    }

    @Test
    void permissionsAreSetListedAndDeleted() {
        SlipwayClient owner = newUser();
        String other = username(newUser());
        String name = owner.createRegisteredModel(uniqueName("granted"), null, Map.of()).name();

        PermissionGrant grant = owner.setPermission(other, ResourceType.REGISTERED_MODEL, name, Permission.EDIT);

        assertThat(grant).isEqualTo(new PermissionGrant(other, ResourceType.REGISTERED_MODEL, name, Permission.EDIT));
        assertThat(owner.listPermissions(null, ResourceType.REGISTERED_MODEL, name)).contains(grant);

        owner.deletePermission(other, ResourceType.REGISTERED_MODEL, name);

        assertThat(owner.listPermissions(other, ResourceType.REGISTERED_MODEL, name)).isEmpty();
    }

    @Test
    void anApprovedPromotionMovesTheAliasAndRecordsWhoDecided() {
        SlipwayClient alice = newUser();
        String name = modelWithVersion(alice, 0.93);

        PromotionRequest requested = alice.requestPromotion(name, "1", "champion", "beats the baseline",
                List.of(PromotionCheck.metricThreshold("val_auc", ">=", 0.9)));
        PromotionRequest approved = admin.approvePromotion(requested.id(), "looks good");

        assertThat(requested.status()).isEqualTo(PromotionStatus.PENDING);
        assertThat(requested.checkResults()).allSatisfy(result -> assertThat(result.passed()).isTrue());
        assertThat(approved.status()).isEqualTo(PromotionStatus.APPROVED);
        assertThat(approved.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.username()).isEqualTo("admin");
            assertThat(decision.verdict()).isEqualTo(Verdict.APPROVE);
        });
        assertThat(alice.getModelVersionByAlias(name, "champion").version()).isEqualTo("1");
        assertThat(alice.getPromotion(requested.id())).isEqualTo(approved);
    }

    @Test
    void theAliasHistoryNamesWhoMovedTheAliasAndThroughWhichRequest() {
        SlipwayClient alice = newUser();
        String name = modelWithVersion(alice, 0.93);
        PromotionRequest requested = alice.requestPromotion(name, "1", "champion", null, List.of());
        PromotionRequest approved = admin.approvePromotion(requested.id(), null);

        assertThat(alice.aliasHistory(name)).singleElement()
                .isEqualTo(new AliasEvent(name, "champion", "1", "", "admin", approved.lastUpdatedTimestamp(), requested.id()));
    }

    @Test
    void theRequesterCannotApproveTheirOwnPromotion() {
        SlipwayClient alice = newUser();
        String name = modelWithVersion(alice, 0.93);
        PromotionRequest requested = alice.requestPromotion(name, "1", "champion", null, List.of());

        assertClientError(403, "PERMISSION_DENIED", () -> alice.approvePromotion(requested.id(), null))
                .hasMessageContaining("four eyes");
    }

    @Test
    void aFailingCheckRefusesTheRequest() {
        SlipwayClient alice = newUser();
        String name = modelWithVersion(alice, 0.7);

        assertClientError(400, "INVALID_PARAMETER_VALUE", () -> alice.requestPromotion(name, "1", "champion", null,
                List.of(PromotionCheck.metricThreshold("val_auc", ">=", 0.9))))
                .hasMessageContaining("val_auc");
    }

    @Test
    void promotionsAreListedByModelAndStatusAndCanBeRejectedOrCancelled() {
        SlipwayClient alice = newUser();
        String name = modelWithVersion(alice, 0.93);
        PromotionRequest rejected = admin.rejectPromotion(alice.requestPromotion(name, "1", "champion", null, List.of()).id(), "not yet");
        PromotionRequest cancelled = alice.cancelPromotion(alice.requestPromotion(name, "1", "champion", null, List.of()).id(), "oops");
        PromotionRequest pending = alice.requestPromotion(name, "1", "champion", null, List.of());

        assertThat(rejected.status()).isEqualTo(PromotionStatus.REJECTED);
        assertThat(cancelled.status()).isEqualTo(PromotionStatus.CANCELLED);
        assertThat(alice.listPromotions(name, null, null)).extracting(PromotionRequest::id)
                .containsExactly(pending.id(), cancelled.id(), rejected.id());
        assertThat(alice.listPromotions(name, PromotionStatus.PENDING, null)).extracting(PromotionRequest::id)
                .containsExactly(pending.id());
        assertThat(alice.listPromotions(name, null, 1)).hasSize(1);
    }

    @Test
    void auditEventsArePagedAndFollowedToTheEnd() {
        SlipwayClient user = newUser();
        String actor = username(user);
        for (int i = 0; i < 5; i++) {
            user.createExperiment(uniqueName("audited"), null, Map.of());
        }
        AuditEventsQuery byActor = new AuditEventsQuery(actor, null, null, null, null, null, 2);

        AuditEventsResponse firstPage = admin.auditEvents(byActor);
        List<AuditEventView> all = new ArrayList<>();
        admin.forEachAuditEvent(byActor, all::add);

        assertThat(firstPage.events()).hasSize(2);
        assertThat(firstPage.nextAfterSeq()).isEqualTo(firstPage.events().get(1).seq());
        assertThat(all).hasSize(5).allSatisfy(event -> {
            assertThat(event.actor()).isEqualTo(actor);
            assertThat(event.action()).isEqualTo("POST experiments/create");
        });
        assertThat(all).extracting(AuditEventView::seq).isSorted();
    }

    @Test
    void auditEventsAreForAdminsOnly() {
        SlipwayClient user = newUser();
        AuditEventsQuery everything = new AuditEventsQuery(null, null, null, null, null, null, null);

        assertClientError(403, "PERMISSION_DENIED", () -> user.auditEvents(everything));
    }

    @Test
    void theAuditChainVerifies() {
        newUser().createExperiment(uniqueName("verified"), null, Map.of());

        var verification = admin.verifyAudit();

        assertThat(verification.intact()).isTrue();
        assertThat(verification.eventsChecked()).isPositive();
        assertThat(verification.lastSeq()).isPositive();
    }

    @Test
    void theModelCardHoldsItsHandWrittenPartsAndTheApproval() {
        SlipwayClient alice = newUser();
        String name = modelWithVersion(alice, 0.93);
        PromotionRequest requested = alice.requestPromotion(name, "1", "champion", null, List.of());
        admin.approvePromotion(requested.id(), "looks good");

        ModelCard updated = alice.updateModelCard(name, "1", "Scores card payments.", null);
        ModelCard card = alice.getModelCard(name, "1");
        String markdown = alice.modelCard(name, "1", CardFormat.MARKDOWN);

        assertThat(updated.intendedUse()).isEqualTo("Scores card payments.");
        assertThat(card.intendedUse()).isEqualTo("Scores card payments.");
        assertThat(card.approvals()).singleElement().satisfies(approval -> {
            assertThat(approval.id()).isEqualTo(requested.id());
            assertThat(approval.decisions()).extracting(PromotionDecision::username).containsExactly("admin");
        });
        assertThat(markdown).contains(name, "Scores card payments.", "admin", "looks good");
        assertThat(alice.modelCard(name, "1", CardFormat.HTML)).startsWith("<!DOCTYPE html>").contains("Scores card payments.");
    }

    @Test
    void theMlModelDescriptorNamesTheRun() {
        SlipwayClient alice = newUser();
        String name = modelWithVersion(alice, 0.93);
        String runId = alice.getModelVersion(name, "1").runId();

        Map<String, Object> mlmodel = alice.getMlModel(name, "1");
        String yaml = alice.getMlModelYaml(name, "1");

        assertThat(mlmodel).containsEntry("run_id", runId).containsKey("slipway");
        assertThat(yaml).contains("run_id: " + runId, "slipway:");
    }

    @Test
    void lineageLeadsFromAVersionToItsDatasetsAndBack() {
        SlipwayClient alice = newUser();
        String name = modelWithVersion(alice, 0.93);
        String runId = alice.getModelVersion(name, "1").runId();
        String dataset = uniqueName("transactions");
        String source = "{\"uri\": \"s3://data/tx\"}";
        alice.logInputs(runId, List.of(new DatasetInputMessage(List.of(new KeyValue("mlflow.data.context", "training")),
                new DatasetMessage(dataset, "d1g3st", "s3", source, null, null))));

        ModelLineage ofVersion = alice.lineageOfModelVersion(name, "1");
        DatasetLineage ofDataset = alice.lineageOfDataset(dataset, null);

        assertThat(ofVersion.run().runId()).isEqualTo(runId);
        assertThat(ofVersion.datasets()).containsExactly(new DatasetRef(dataset, "d1g3st", "s3", source, "training"));
        assertThat(ofDataset.runs()).extracting(RunInfo::runId).containsExactly(runId);
        assertThat(ofDataset.modelVersions()).extracting(ModelVersion::name).containsExactly(name);
        assertThat(ofDataset.truncated()).isFalse();
    }
}
