package io.slipway.cli.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.cli.testing.AuthCliServerTest;
import io.slipway.cli.testing.CliRun;
import io.slipway.core.identity.Permission;
import io.slipway.core.identity.PermissionGrant;
import io.slipway.core.identity.ResourceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PermissionsCommandTest extends AuthCliServerTest {

    @Test
    void setGrantsAPermissionOnAModel() {
        Account owner = newAccount("owner");
        Account reviewer = newAccount("reviewer");
        String model = owner.client().createRegisteredModel(unique("model"), null, Map.of()).name();

        CliRun run = slipwayAs(owner.token(), "permissions", "set", reviewer.username(), "--model", model, "manage");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outText()).isEqualTo("User '" + reviewer.username() + "' now has MANAGE on registered model '" + model + "'.");
        assertThat(admin.listPermissions(reviewer.username(), null, null))
                .containsExactly(new PermissionGrant(reviewer.username(), ResourceType.REGISTERED_MODEL, model, Permission.MANAGE));
    }

    @Test
    void setGrantsAPermissionOnADataset(@TempDir Path dir) throws IOException {
        Account owner = newAccount("owner");
        Account analyst = newAccount("analyst");
        String dataset = unique("cards");
        Path file = Files.writeString(dir.resolve("cards.csv"), "amount,is_fraud\n12.5,0\n");
        CliRun added = slipwayAs(owner.token(), "data", "add", file.toString(), "--name", dataset, "--hash-cache",
                dir.resolve("hashes").toString());
        assertThat(added.exitCode()).as(added.toString()).isZero();

        CliRun run = slipwayAs(owner.token(), "permissions", "set", analyst.username(), "--dataset", dataset, "READ");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outText()).isEqualTo("User '" + analyst.username() + "' now has READ on dataset '" + dataset + "'.");
        assertThat(admin.listPermissions(analyst.username(), ResourceType.DATASET, dataset)).singleElement()
                .extracting(PermissionGrant::permission).isEqualTo(Permission.READ);
    }

    @Test
    void setGrantsAPermissionOnAnExperiment() {
        Account owner = newAccount("owner");
        Account colleague = newAccount("colleague");
        String experimentId = owner.client().createExperiment(unique("experiment"), null, null);

        CliRun run = slipwayAs(owner.token(), "permissions", "set", colleague.username(), "--experiment", experimentId, "EDIT");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(admin.listPermissions(colleague.username(), ResourceType.EXPERIMENT, experimentId)).singleElement()
                .extracting(PermissionGrant::permission).isEqualTo(Permission.EDIT);
    }

    @Test
    void setNeedsManageOnTheResource() {
        Account owner = newAccount("owner");
        Account stranger = newAccount("stranger");
        String model = owner.client().createRegisteredModel(unique("model"), null, Map.of()).name();

        CliRun run = slipwayAs(stranger.token(), "permissions", "set", stranger.username(), "--model", model, "MANAGE");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: PERMISSION_DENIED: ").hasLineCount(1);
    }

    @Test
    void setNeedsExactlyOneResource() {
        CliRun none = slipwayAsAdmin("permissions", "set", "anyone", "READ");
        CliRun both = slipwayAsAdmin("permissions", "set", "anyone", "--model", "m", "--experiment", "1", "READ");

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).startsWith("error: Missing required argument (specify one of these): (--experiment=ID | --model=NAME | --dataset=NAME)");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void setRefusesAnUnknownPermission() {
        CliRun run = slipwayAsAdmin("permissions", "set", "anyone", "--model", "m", "OWNER");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("PERMISSION", "OWNER").hasLineCount(1);
    }

    @Test
    void deleteRemovesTheGrant() {
        Account owner = newAccount("owner");
        Account reviewer = newAccount("reviewer");
        String model = owner.client().createRegisteredModel(unique("model"), null, Map.of()).name();
        owner.client().setPermission(reviewer.username(), ResourceType.REGISTERED_MODEL, model, Permission.READ);

        CliRun run = slipwayAs(owner.token(), "permissions", "delete", reviewer.username(), "--model", model);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(admin.listPermissions(reviewer.username(), null, null)).isEmpty();
    }

    @Test
    void listShowsTheGrantsOnAResource() {
        Account owner = newAccount("owner");
        Account reviewer = newAccount("reviewer");
        String model = owner.client().createRegisteredModel(unique("model"), null, Map.of()).name();
        owner.client().setPermission(reviewer.username(), ResourceType.REGISTERED_MODEL, model, Permission.EDIT);

        CliRun run = slipwayAs(owner.token(), "permissions", "list", "--model", model);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines().findFirst().orElseThrow()).startsWith("USER").contains("RESOURCE TYPE", "RESOURCE", "PERMISSION");
        assertThat(run.out()).containsPattern(reviewer.username() + "\\s+registered_model\\s+" + model + "\\s+EDIT")
                .containsPattern(owner.username() + "\\s+registered_model\\s+" + model + "\\s+MANAGE");
    }

    @Test
    void listOfOwnGrantsNeedsNoAdmin() {
        Account user = newAccount("lonely");

        CliRun run = slipwayAs(user.token(), "permissions", "list", "--user", user.username());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outText()).isEqualTo("No permission grants found.");
    }
}
