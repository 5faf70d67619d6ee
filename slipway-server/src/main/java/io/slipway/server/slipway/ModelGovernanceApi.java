package io.slipway.server.slipway;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.slipway.api.card.ModelCardRenderer;
import io.slipway.api.mlflow.RegistryMessages.ModelName;
import io.slipway.api.mlflow.RegistryMessages.ModelVersionRef;
import io.slipway.api.mlmodel.MlModel;
import io.slipway.api.slipway.DatasetMessages.DatasetVersionRef;
import io.slipway.api.slipway.ModelGovernanceMessages.AliasHistoryResponse;
import io.slipway.api.slipway.ModelGovernanceMessages.CardFormat;
import io.slipway.api.slipway.ModelGovernanceMessages.CardResponse;
import io.slipway.api.slipway.ModelGovernanceMessages.DatasetLineageRequest;
import io.slipway.api.slipway.ModelGovernanceMessages.GetCard;
import io.slipway.api.slipway.ModelGovernanceMessages.GetMlModel;
import io.slipway.api.slipway.ModelGovernanceMessages.MlModelFormat;
import io.slipway.api.slipway.ModelGovernanceMessages.MlModelResponse;
import io.slipway.api.slipway.ModelGovernanceMessages.UpdateCard;
import io.slipway.core.data.DataService;
import io.slipway.core.data.DatasetVersion;
import io.slipway.core.governance.LineageService;
import io.slipway.core.governance.ModelCard;
import io.slipway.core.governance.ModelCardService;
import io.slipway.core.identity.Permission;
import io.slipway.core.identity.ResourceType;
import io.slipway.core.registry.RegistryService;
import io.slipway.server.auth.Access;
import io.slipway.server.http.JsonIo;
import java.util.Objects;

/**
 * What Slipway knows about a model version, under {@code /api/2.0/slipway/}: its MLmodel
 * descriptor (JSON or the YAML file), its model card (Markdown, HTML or JSON; intended use and
 * limitations editable), its lineage in both directions, and its aliases' history. Reads need
 * READ on the model, the card update EDIT; the reverse lineage of a dataset shows only the runs
 * and versions the caller may read.
 */
public final class ModelGovernanceApi {
    public static final String PREFIX = "/api/2.0/slipway/";
    // the HTML card is a document of our own making: no scripts, no remote loads, whatever slips through
    private static final String CARD_CSP = "default-src 'none'; style-src 'unsafe-inline'";

    private final RegistryService registry;
    private final ModelCardService cards;
    private final LineageService lineage;
    private final DataService data;
    private final ModelCardRenderer renderer;
    private final Access access;
    private final JsonIo io;

    public ModelGovernanceApi(RegistryService registry, ModelCardService cards, LineageService lineage, DataService data,
            ModelCardRenderer renderer, Access access, JsonIo io) {
        this.registry = requireNonNull(registry, "registry is null");
        this.cards = requireNonNull(cards, "cards is null");
        this.lineage = requireNonNull(lineage, "lineage is null");
        this.data = requireNonNull(data, "data is null");
        this.renderer = requireNonNull(renderer, "renderer is null");
        this.access = requireNonNull(access, "access is null");
        this.io = requireNonNull(io, "io is null");
    }

    public void register(RoutesConfig routes) {
        routes.get(PREFIX + "model-versions/mlmodel", this::getMlModel);
        routes.get(PREFIX + "model-versions/card", this::getCard);
        routes.patch(PREFIX + "model-versions/card", this::updateCard);
        routes.get(PREFIX + "lineage/model-version", this::modelVersionLineage);
        routes.get(PREFIX + "lineage/dataset", this::datasetLineage);
        routes.get(PREFIX + "lineage/dataset-version", this::datasetVersionLineage);
        routes.get(PREFIX + "registered-models/alias-history", this::aliasHistory);
    }

    private void getMlModel(Context ctx) {
        GetMlModel request = io.read(ctx, GetMlModel.class);
        MlModelFormat format = request.parsedFormat();
        requireModel(ctx, request.name(), request.version(), Permission.READ);
        MlModel mlmodel = MlModel.fromJson(registry.getMlModel(request.name(), request.version()));
        switch (format) {
            case JSON -> io.write(ctx, new MlModelResponse(mlmodel.fields()));
            case YAML -> ctx.contentType("application/yaml; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"" + MlModel.FILE_NAME + "\"")
                    .result(mlmodel.toYaml());
        }
    }

    private void getCard(Context ctx) {
        GetCard request = io.read(ctx, GetCard.class);
        CardFormat format = request.parsedFormat();
        requireModel(ctx, request.name(), request.version(), Permission.READ);
        ModelCard card = cards.card(request.name(), request.version());
        switch (format) {
            case MARKDOWN -> ctx.contentType("text/markdown; charset=utf-8").result(renderer.markdown(card));
            case HTML -> ctx.contentType("text/html; charset=utf-8")
                    .header("Content-Security-Policy", CARD_CSP)
                    .header("X-Content-Type-Options", "nosniff")
                    .result(renderer.html(card));
            case JSON -> io.write(ctx, new CardResponse(card));
        }
    }

    private void updateCard(Context ctx) {
        UpdateCard request = io.read(ctx, UpdateCard.class);
        requireModel(ctx, request.name(), request.version(), Permission.EDIT);
        io.write(ctx, new CardResponse(cards.updateCard(request.name(), request.version(), request.intendedUse(), request.limitations())));
    }

    private void modelVersionLineage(Context ctx) {
        ModelVersionRef request = io.read(ctx, ModelVersionRef.class);
        requireModel(ctx, request.name(), request.version(), Permission.READ);
        io.write(ctx, lineage.ofModelVersion(request.name(), request.version()));
    }

    private void datasetLineage(Context ctx) {
        DatasetLineageRequest request = io.read(ctx, DatasetLineageRequest.class);
        Access.target(ctx, "dataset:" + Objects.toString(request.name(), ""));
        io.write(ctx, lineage.ofDataset(request.name(), request.digest(),
                run -> access.canRead(ctx, ResourceType.EXPERIMENT, run.experimentId()),
                version -> access.canRead(ctx, ResourceType.REGISTERED_MODEL, version.name())));
    }

    /**
     * The runs that logged a Slipway dataset version as an input (by its {@link
     * DatasetVersion#mlflowDigest() MLflow digest}: versions with the same content share their runs)
     * and the model versions registered from them. Needs READ on the dataset.
     */
    private void datasetVersionLineage(Context ctx) {
        DatasetVersionRef ref = io.read(ctx, DatasetVersionRef.class);
        DataService.validateName(ref.name());
        access.requireDataset(ctx, ref.name(), Permission.READ);
        DatasetVersion version = data.getVersion(ref.name(), ref.version());
        Access.target(ctx, "dataset:" + version.reference());
        io.write(ctx, lineage.ofDataset(version.name(), version.mlflowDigest(),
                run -> access.canRead(ctx, ResourceType.EXPERIMENT, run.experimentId()),
                modelVersion -> access.canRead(ctx, ResourceType.REGISTERED_MODEL, modelVersion.name())));
    }

    private void aliasHistory(Context ctx) {
        ModelName request = io.read(ctx, ModelName.class);
        requireModel(ctx, request.name(), null, Permission.READ);
        io.write(ctx, new AliasHistoryResponse(registry.aliasHistory(request.name())));
    }

    /** Names the model (and version) as the request's target for the audit trail, then checks the caller's permission on the model. */
    private void requireModel(Context ctx, String name, String version, Permission needed) {
        RegistryService.validateName(name, "name");
        Access.target(ctx, "registered_model:" + name + (version == null ? "" : "/" + version));
        access.requireModel(ctx, name, needed);
    }
}
