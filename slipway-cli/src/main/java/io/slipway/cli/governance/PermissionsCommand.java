package io.slipway.cli.governance;

import io.slipway.api.mlflow.TrackingMessages.Empty;
import io.slipway.api.slipway.GovernanceMessages.PermissionResponse;
import io.slipway.api.slipway.GovernanceMessages.PermissionsResponse;
import io.slipway.cli.tracking.TrackingCommand;
import io.slipway.core.identity.Permission;
import io.slipway.core.identity.PermissionGrant;
import io.slipway.core.identity.ResourceType;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway permissions ...}: per-user grants on experiments, registered models and datasets. */
@Command(name = "permissions", description = "Grant users READ, EDIT or MANAGE on an experiment, a registered model or a dataset "
        + "(needs MANAGE on it, or an admin).")
public final class PermissionsCommand extends TrackingCommand {

    /** The resource a grant is on: an experiment, a registered model or a dataset, exactly one. */
    static final class Resource {
        @Option(names = "--experiment", paramLabel = "ID", description = "An experiment, by id.")
        String experimentId;

        @Option(names = "--model", paramLabel = "NAME", description = "A registered model, by name.")
        String modelName;

        @Option(names = "--dataset", paramLabel = "NAME", description = "A dataset, by name.")
        String datasetName;

        ResourceType type() {
            return experimentId != null ? ResourceType.EXPERIMENT : modelName != null ? ResourceType.REGISTERED_MODEL : ResourceType.DATASET;
        }

        String id() {
            return experimentId != null ? experimentId : modelName != null ? modelName : datasetName;
        }

        String describe() {
            return switch (type()) {
                case EXPERIMENT -> "experiment " + experimentId;
                case REGISTERED_MODEL -> "registered model '" + modelName + "'";
                case DATASET -> "dataset '" + datasetName + "'";
            };
        }
    }

    @Command(name = "set", description = "Gives USER a permission on one resource, replacing the one they had.")
    void set(@Parameters(index = "0", paramLabel = "USER") String username,
            @ArgGroup(exclusive = true, multiplicity = "1") Resource resource,
            @Parameters(index = "1", paramLabel = "PERMISSION", description = "NO_PERMISSIONS, READ, EDIT or MANAGE.")
            Permission permission) {
        PermissionGrant grant = client().setPermission(username, resource.type(), resource.id(), permission);
        output().print(new PermissionResponse(grant), () -> "User '" + username + "' now has " + grant.permission() + " on "
                + resource.describe() + ".");
    }

    @Command(name = "delete", description = "Removes USER's grant on one resource; the server's default permission applies again.")
    void delete(@Parameters(paramLabel = "USER") String username, @ArgGroup(exclusive = true, multiplicity = "1") Resource resource) {
        client().deletePermission(username, resource.type(), resource.id());
        output().print(Empty.INSTANCE, () -> "Removed the grant of user '" + username + "' on " + resource.describe() + ".");
    }

    @Command(name = "list", description = "Lists grants: all (admins), your own (--user YOU), or those on a resource you manage.")
    void list(@Option(names = "--user", paramLabel = "USER", description = "Only this user's grants.") String username,
            @ArgGroup(exclusive = true) Resource resource) {
        List<PermissionGrant> grants = client().listPermissions(username, resource == null ? null : resource.type(),
                resource == null ? null : resource.id());
        output().print(new PermissionsResponse(grants), () -> IdentityViews.grants(grants));
    }
}
