package io.slipway.server.slipway;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.slipway.api.slipway.DatasetMessages.DatasetVersionRef;
import io.slipway.api.slipway.DatasetValidationMessages.CreateValidation;
import io.slipway.api.slipway.DatasetValidationMessages.ListValidations;
import io.slipway.api.slipway.DatasetValidationMessages.SuggestResponse;
import io.slipway.api.slipway.DatasetValidationMessages.ValidationRef;
import io.slipway.api.slipway.DatasetValidationMessages.ValidationResponse;
import io.slipway.api.slipway.DatasetValidationMessages.ValidationView;
import io.slipway.api.slipway.DatasetValidationMessages.ValidationsResponse;
import io.slipway.core.data.DataService;
import io.slipway.core.data.DatasetValidation;
import io.slipway.core.identity.Permission;
import io.slipway.data.DatasetChecks;
import io.slipway.server.auth.Access;
import io.slipway.server.http.JsonIo;

/**
 * Dataset versions checked against expectation suites, under {@code /api/2.0/slipway/datasets/}
 * beside {@link DatasetsApi}. Creating a validation stores it with the version, so it needs EDIT on
 * the dataset; reading validations and suggesting a suite need READ. The check itself runs in this
 * process ({@link DatasetChecks}: DuckDB, a bounded number at a time).
 */
public final class DatasetValidationsApi {
    private static final String PREFIX = IdentityApi.PREFIX + "datasets/";

    private final DataService data;
    private final DatasetChecks checks;
    private final Access access;
    private final JsonIo io;

    public DatasetValidationsApi(DataService data, DatasetChecks checks, Access access, JsonIo io) {
        this.data = requireNonNull(data, "data is null");
        this.checks = requireNonNull(checks, "checks is null");
        this.access = requireNonNull(access, "access is null");
        this.io = requireNonNull(io, "io is null");
    }

    public void register(RoutesConfig routes) {
        routes.post(PREFIX + "validations/create", this::create);
        routes.get(PREFIX + "validations/list", this::list);
        routes.get(PREFIX + "validations/get", this::get);
        routes.get(PREFIX + "suggest", this::suggest);
    }

    private void create(Context ctx) {
        CreateValidation request = io.read(ctx, CreateValidation.class);
        DataService.validateName(request.name());
        access.requireDataset(ctx, request.name(), Permission.EDIT);
        DatasetValidation validation = checks.validate(request.name(), request.version(), request.suite(),
                access.principal(ctx).username());
        Access.target(ctx, "dataset:" + validation.reference());
        io.write(ctx, new ValidationResponse(view(validation)));
    }

    private void list(Context ctx) {
        ListValidations request = io.read(ctx, ListValidations.class);
        DataService.validateName(request.name());
        access.requireDataset(ctx, request.name(), Permission.READ);
        io.write(ctx, new ValidationsResponse(data.listValidations(request.name(), request.version(), request.maxResults()).stream()
                .map(this::view).toList()));
    }

    private void get(Context ctx) {
        DatasetValidation validation = data.getValidation(io.read(ctx, ValidationRef.class).id());
        access.requireDataset(ctx, validation.name(), Permission.READ);
        Access.target(ctx, "dataset:" + validation.reference());
        io.write(ctx, new ValidationResponse(view(validation)));
    }

    private void suggest(Context ctx) {
        DatasetVersionRef ref = io.read(ctx, DatasetVersionRef.class);
        DataService.validateName(ref.name());
        access.requireDataset(ctx, ref.name(), Permission.READ);
        io.write(ctx, new SuggestResponse(checks.suggest(ref.name(), ref.version()).toYaml()));
    }

    private ValidationView view(DatasetValidation validation) {
        return ValidationView.of(validation, io.mapper());
    }
}
