package io.slipway.server.slipway;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.slipway.api.slipway.TrainingMessages.CreateTraining;
import io.slipway.api.slipway.TrainingMessages.ListTrainings;
import io.slipway.api.slipway.TrainingMessages.TrainingRef;
import io.slipway.api.slipway.TrainingMessages.TrainingResponse;
import io.slipway.api.slipway.TrainingMessages.TrainingView;
import io.slipway.api.slipway.TrainingMessages.TrainingsResponse;
import io.slipway.server.auth.Access;
import io.slipway.server.http.JsonIo;
import io.slipway.server.training.Trainings;

/**
 * Trainings run by the server, under {@code /api/2.0/slipway/trainings/}: submit a spec, follow it,
 * list one's own. Submitting checks what the training will do as the caller (READ on its datasets,
 * EDIT on its experiment and registered model when they exist); reading one is for its submitter
 * and admins.
 */
public final class TrainingsApi {
    private static final String PREFIX = IdentityApi.PREFIX + "trainings/";

    private final Trainings trainings;
    private final Access access;
    private final JsonIo io;

    public TrainingsApi(Trainings trainings, Access access, JsonIo io) {
        this.trainings = requireNonNull(trainings, "trainings is null");
        this.access = requireNonNull(access, "access is null");
        this.io = requireNonNull(io, "io is null");
    }

    public void register(RoutesConfig routes) {
        routes.post(PREFIX + "create", this::create);
        routes.get(PREFIX + "get", this::get);
        routes.get(PREFIX + "list", this::list);
    }

    private void create(Context ctx) {
        CreateTraining request = io.read(ctx, CreateTraining.class);
        TrainingView training = trainings.submit(access.principal(ctx), request.spec(), request.registerAs());
        Access.target(ctx, "training:" + training.id());
        io.write(ctx, new TrainingResponse(training));
    }

    private void get(Context ctx) {
        String id = io.read(ctx, TrainingRef.class).id();
        Access.target(ctx, "training:" + id);
        io.write(ctx, new TrainingResponse(trainings.get(access.principal(ctx), id)));
    }

    private void list(Context ctx) {
        ListTrainings request = io.read(ctx, ListTrainings.class);
        io.write(ctx, new TrainingsResponse(trainings.list(access.principal(ctx), request.maxResults())));
    }
}
