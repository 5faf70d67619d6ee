package io.slipway.cli.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.cli.testing.AuthCliServerTest;
import io.slipway.cli.testing.CliRun;
import io.slipway.core.governance.PromotionCheck;
import io.slipway.core.governance.PromotionRequest;
import io.slipway.core.governance.PromotionStatus;
import io.slipway.core.identity.Permission;
import io.slipway.core.identity.ResourceType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code slipway models promote} and the commands that decide on, list and show promotion requests. */
class PromotionCommandsTest extends AuthCliServerTest {

    @Test
    void promotePrintsTheIdOfAPendingRequest() {
        Account alice = newAccount("alice");
        String model = modelWithVersion(alice, 0.93);

        CliRun run = slipwayAs(alice.token(), "models", "promote", model, "1", "--alias", "champion", "--comment", "ready");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outText()).matches("[0-9a-f]{32}");
        PromotionRequest request = admin.getPromotion(run.outText());
        assertThat(request.status()).isEqualTo(PromotionStatus.PENDING);
        assertThat(request.requestedBy()).isEqualTo(alice.username());
        assertThat(request.comment()).isEqualTo("ready");
    }

    @Test
    void promoteTurnsItsOptionsIntoChecks() {
        Account alice = newAccount("alice");
        String model = modelWithVersion(alice, 0.93);
        alice.client().setModelVersionTag(model, "1", "validation_status", "passed");

        CliRun run = slipwayAs(alice.token(), "models", "promote", "models:/" + model + "/1", "--alias", "champion",
                "--min", "val_auc=0.9", "--max", "val_auc=0.99", "--no-regression", "val_auc", "--lower-is-better",
                "--require-tag", "validation_status=passed");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(admin.getPromotion(run.outText()).checks()).containsExactly(
                PromotionCheck.metricThreshold("val_auc", ">=", 0.9),
                PromotionCheck.metricThreshold("val_auc", "<=", 0.99),
                PromotionCheck.noRegression("val_auc", false, 0),
                PromotionCheck.versionTag("validation_status", "passed"));
    }

    @Test
    void promoteIsRefusedWhenACheckFailsNow() {
        Account alice = newAccount("alice");
        String model = modelWithVersion(alice, 0.7);

        CliRun run = slipwayAs(alice.token(), "models", "promote", model, "1", "--alias", "champion", "--min", "val_auc=0.9");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: INVALID_PARAMETER_VALUE: ").contains("val_auc").hasLineCount(1);
    }

    @Test
    void promoteResolvesAModelUriWithAnAlias() {
        Account alice = newAccount("alice");
        String model = modelWithVersion(alice, 0.93);
        alice.client().setAlias(model, "challenger", "1");

        CliRun run = slipwayAs(alice.token(), "models", "promote", "models:/" + model + "@challenger", "--alias", "champion");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(admin.getPromotion(run.outText()).version()).isEqualTo("1");
    }

    @Test
    void promoteRefusesMalformedChecksAsUsageErrors() {
        CliRun notANumber = slipwayAsAdmin("models", "promote", "m", "1", "--alias", "champion", "--min", "val_auc=high");
        CliRun directionAlone = slipwayAsAdmin("models", "promote", "m", "1", "--alias", "champion", "--lower-is-better");
        CliRun noAlias = slipwayAsAdmin("models", "promote", "m", "1");

        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.err()).contains("'val_auc=high' is not METRIC=VALUE").hasLineCount(1);
        assertThat(directionAlone.exitCode()).isEqualTo(2);
        assertThat(directionAlone.err()).contains("--no-regression").hasLineCount(1);
        assertThat(noAlias.exitCode()).isEqualTo(2);
        assertThat(noAlias.err()).contains("--alias").hasLineCount(1);
    }

    @Test
    void aProtectedAliasCannotBeSetDirectly() {
        Account alice = newAccount("alice");
        String model = modelWithVersion(alice, 0.93);

        CliRun run = slipwayAs(alice.token(), "models", "alias", "set", model, "champion", "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: PERMISSION_DENIED: Alias 'champion' is protected").contains("slipway models promote");
    }

    @Test
    void rejectEndsTheRequestAndLeavesTheAliasAlone() {
        Account alice = newAccount("alice");
        String model = modelWithVersion(alice, 0.93);
        String id = alice.client().requestPromotion(model, "1", "champion", null, List.of()).id();

        CliRun run = slipwayAsAdmin("models", "reject", id, "--comment", "needs a fairness review");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outText()).isEqualTo("Rejected promotion request " + id + " (models:/" + model + "@champion -> version 1).");
        assertThat(admin.getPromotion(id).status()).isEqualTo(PromotionStatus.REJECTED);
        assertThat(admin.getModelVersion(model, "1").aliases()).isEmpty();
    }

    @Test
    void theRequesterCancelsRatherThanRejects() {
        Account alice = newAccount("alice");
        String model = modelWithVersion(alice, 0.93);
        String id = alice.client().requestPromotion(model, "1", "champion", null, List.of()).id();

        CliRun reject = slipwayAs(alice.token(), "models", "reject", id);
        CliRun cancel = slipwayAs(alice.token(), "models", "cancel", id, "--comment", "wrong version");

        assertThat(reject.exitCode()).isEqualTo(1);
        assertThat(reject.err()).startsWith("error: PERMISSION_DENIED: ").contains("cancel it instead");
        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        assertThat(admin.getPromotion(id).status()).isEqualTo(PromotionStatus.CANCELLED);
    }

    @Test
    void approvingADecidedRequestIsAConflict() {
        Account alice = newAccount("alice");
        String model = modelWithVersion(alice, 0.93);
        String id = alice.client().requestPromotion(model, "1", "champion", null, List.of()).id();
        admin.rejectPromotion(id, null);

        CliRun run = slipwayAsAdmin("models", "approve", id);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: RESOURCE_CONFLICT: ").hasLineCount(1);
    }

    @Test
    void approvingNeedsManageOnTheModel() {
        Account alice = newAccount("alice");
        Account bob = newAccount("bob");
        String model = modelWithVersion(alice, 0.93);
        String id = alice.client().requestPromotion(model, "1", "champion", null, List.of()).id();

        CliRun withRead = slipwayAs(bob.token(), "models", "approve", id);
        alice.client().setPermission(bob.username(), ResourceType.REGISTERED_MODEL, model, Permission.MANAGE);
        CliRun withManage = slipwayAs(bob.token(), "models", "approve", id);

        assertThat(withRead.exitCode()).isEqualTo(1);
        assertThat(withRead.err()).startsWith("error: PERMISSION_DENIED: ");
        assertThat(withManage.exitCode()).as(withManage.toString()).isZero();
        assertThat(admin.getModelVersionByAlias(model, "champion").version()).isEqualTo("1");
    }

    @Test
    void requestsListsAModelsRequestsNewestFirstFilteredByStatus() {
        Account alice = newAccount("alice");
        String model = modelWithVersion(alice, 0.93);
        String rejected = alice.client().requestPromotion(model, "1", "champion", null, List.of()).id();
        admin.rejectPromotion(rejected, null);
        String pending = alice.client().requestPromotion(model, "1", "champion", null, List.of()).id();

        CliRun all = slipwayAs(alice.token(), "models", "requests", model);
        CliRun onlyPending = slipwayAs(alice.token(), "models", "requests", model, "--status", "pending");

        assertThat(all.exitCode()).as(all.toString()).isZero();
        List<String> lines = all.out().lines().toList();
        assertThat(lines.get(0).split("\\s+"))
                .containsExactly("ID", "MODEL", "VERSION", "ALIAS", "STATUS", "APPROVALS", "REQUESTED", "BY", "CREATED");
        assertThat(lines.subList(1, lines.size())).satisfiesExactly(
                line -> assertThat(line).startsWith(pending).contains("PENDING", "0/1", alice.username()),
                line -> assertThat(line).startsWith(rejected).contains("REJECTED"));
        assertThat(onlyPending.out().lines().skip(1).toList()).singleElement().asString().startsWith(pending);
    }

    @Test
    void requestsOfAnUnknownStatusIsAUsageError() {
        CliRun run = slipwayAsAdmin("models", "requests", "--status", "maybe");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--status", "maybe").hasLineCount(1);
    }

    @Test
    void aliasHistoryShowsWhoMovedTheAliasAndThroughWhichRequest() {
        Account alice = newAccount("alice");
        String model = modelWithVersion(alice, 0.93);
        String id = alice.client().requestPromotion(model, "1", "champion", null, List.of()).id();
        admin.approvePromotion(id, null);

        CliRun run = slipwayAs(alice.token(), "models", "alias-history", model);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines().skip(1).toList()).singleElement().asString()
                .containsPattern("champion\\s+1\\s+-\\s+admin\\s+" + id);
    }

    @Test
    void cardEditNeedsSomethingToSet() {
        CliRun run = slipwayAsAdmin("models", "card-edit", "m", "1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: Missing required argument(s): ([--intended-use=TEXT] [--limitations=TEXT])");
    }
}
