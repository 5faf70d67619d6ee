package io.slipway.cli.registry;

import io.slipway.api.mlflow.RegistryMessages.ModelVersionResponse;
import io.slipway.api.mlflow.RegistryMessages.RegisteredModelResponse;
import io.slipway.api.mlflow.RegistryMessages.SearchModelVersionsResponse;
import io.slipway.api.mlflow.RegistryMessages.SearchRegisteredModelsResponse;
import io.slipway.api.mlflow.TrackingMessages.Empty;
import io.slipway.api.slipway.GovernanceMessages.PromotionResponse;
import io.slipway.api.slipway.GovernanceMessages.PromotionsResponse;
import io.slipway.api.slipway.ModelGovernanceMessages.AliasHistoryResponse;
import io.slipway.api.slipway.ModelGovernanceMessages.CardFormat;
import io.slipway.api.slipway.ModelGovernanceMessages.CardResponse;
import io.slipway.api.slipway.ModelGovernanceMessages.MlModelFormat;
import io.slipway.api.slipway.ModelGovernanceMessages.MlModelResponse;
import io.slipway.cli.tracking.ArtifactDownload;
import io.slipway.cli.tracking.Pages;
import io.slipway.cli.tracking.Tag;
import io.slipway.cli.tracking.TrackingCommand;
import io.slipway.client.SlipwayClientException;
import io.slipway.core.governance.ModelCard;
import io.slipway.core.governance.ModelLineage;
import io.slipway.core.governance.PromotionCheck;
import io.slipway.core.governance.PromotionRequest;
import io.slipway.core.governance.PromotionStatus;
import io.slipway.core.registry.AliasEvent;
import io.slipway.core.registry.ModelStage;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.RegisteredModel;
import io.slipway.core.tracking.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway models ...}: the model registry, one call of its API per subcommand (show and
 * download take a few), and its governance: four-eyes promotions, model cards, lineage.
 */
@Command(name = "models", description = "Register model versions from runs; name, stage, promote and fetch them.",
        subcommands = ModelsCommand.AliasCommand.class)
public final class ModelsCommand extends TrackingCommand {
    private static final String DEFAULT_VERSION_ORDER = "version_number DESC";
    private static final String MODEL_URI_HELP = "models:/NAME/VERSION, models:/NAME@ALIAS, models:/NAME/STAGE or models:/NAME/latest; "
            + "or a model's NAME followed by a VERSION.";

    @Command(name = "create", description = "Creates a registered model, without versions yet.")
    void create(
            @Parameters(paramLabel = "NAME", description = "A name no other model has; no '/' or '@'.") String name,
            @Option(names = "--description", paramLabel = "TEXT") String description,
            @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A model tag; repeatable.") List<Tag> tags) {
        RegisteredModel model = client().createRegisteredModel(name, description, Tag.toMap(tags));
        output().print(new RegisteredModelResponse(model), () -> "Created registered model '" + model.name() + "'.");
    }

    @Command(name = "list", description = "Lists registered models (all pages) with their latest versions and aliases.")
    void list(
            @Option(names = "--filter", paramLabel = "FILTER",
                    description = "MLflow search filter, e.g. \"name LIKE 'fraud%'\" or \"tags.team = 'risk'\".") String filter,
            @Option(names = "--order-by", paramLabel = "CLAUSE",
                    description = "e.g. \"name ASC\" or \"last_updated_timestamp DESC\"; repeatable.") List<String> orderBy,
            @Option(names = "--max-results", paramLabel = "N", description = "Show at most N models.") Integer maxResults) {
        List<RegisteredModel> models = Pages.collect(maxResults,
                (pageSize, token) -> client().searchRegisteredModels(filter, (long) pageSize, orderBy, token));
        output().print(new SearchRegisteredModelsResponse(models, null), () -> ModelViews.list(models));
    }

    @Command(name = "get", description = "Shows one registered model: description, latest version per stage, aliases, tags.")
    void get(@Parameters(paramLabel = "NAME") String name) {
        RegisteredModel model = client().getRegisteredModel(name);
        output().print(new RegisteredModelResponse(model), () -> ModelViews.detail(model));
    }

    @Command(name = "rename", description = "Gives a registered model a new name; its versions follow it.")
    void rename(@Parameters(paramLabel = "NAME") String name, @Parameters(paramLabel = "NEW_NAME") String newName) {
        RegisteredModel model = client().renameRegisteredModel(name, newName);
        output().print(new RegisteredModelResponse(model), () -> "Renamed registered model '" + name + "' to '" + newName + "'.");
    }

    @Command(name = "describe", description = "Replaces the description of a registered model.")
    void describe(@Parameters(paramLabel = "NAME") String name, @Parameters(paramLabel = "DESCRIPTION") String description) {
        RegisteredModel model = client().updateRegisteredModel(name, description);
        output().print(new RegisteredModelResponse(model), () -> "Set the description of registered model '" + name + "'.");
    }

    @Command(name = "delete", description = "Deletes a registered model with all its versions (their run artifacts stay).")
    void delete(@Parameters(paramLabel = "NAME") String name) {
        client().deleteRegisteredModel(name);
        output().print(Empty.INSTANCE, () -> "Deleted registered model '" + name + "' and its versions.");
    }

    @Command(name = "tag", description = "Sets a tag on a registered model.")
    void tag(@Parameters(paramLabel = "NAME") String name, @Parameters(paramLabel = "KEY") String key,
            @Parameters(paramLabel = "VALUE") String value) {
        client().setRegisteredModelTag(name, key, value);
        output().print(Empty.INSTANCE, () -> "Set tag " + key + "=" + value + " on registered model '" + name + "'.");
    }

    @Command(name = "register", description = "Registers a run's artifacts (runs:/RUN_ID/ARTIFACT_PATH) as a new version of a model "
            + "and prints the version's number.")
    void register(
            @Parameters(paramLabel = "RUN_ID") String runId,
            @Parameters(paramLabel = "ARTIFACT_PATH", description = "The model's directory inside the run's artifacts, e.g. model.")
            String artifactPath,
            @Option(names = "--name", paramLabel = "NAME", required = true, description = "The registered model.") String name,
            @Option(names = "--description", paramLabel = "TEXT", description = "The version's description.") String description,
            @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A version tag; repeatable.") List<Tag> tags,
            @Option(names = "--create", description = "Create the registered model first if there is none of that name.") boolean create) {
        if (create && client().findRegisteredModel(name).isEmpty()) {
            client().createRegisteredModel(name, null, Map.of());
        }
        String source = "runs:/" + runId + "/" + artifactPath.replaceFirst("^/+", "");
        ModelVersion version = client().createModelVersion(name, source, runId, description, Tag.toMap(tags));
        output().print(new ModelVersionResponse(version), version::version);
    }

    @Command(name = "versions", description = "Lists the versions of a registered model (all pages), newest first.")
    void versions(
            @Parameters(paramLabel = "NAME") String name,
            @Option(names = "--filter", paramLabel = "FILTER",
                    description = "More conditions, e.g. \"run_id = '...'\" or \"tags.validated = 'yes'\".") String filter,
            @Option(names = "--order-by", paramLabel = "CLAUSE",
                    description = "e.g. \"creation_timestamp ASC\" (default: \"" + DEFAULT_VERSION_ORDER + "\"); repeatable.")
            List<String> orderBy,
            @Option(names = "--max-results", paramLabel = "N", description = "Show at most N versions.") Integer maxResults) {
        client().getRegisteredModel(name); // an unknown model is an error, not an empty list
        String versionsOfModel = "name = '" + name.replace("'", "''") + "'" + (filter == null || filter.isBlank() ? "" : " AND " + filter);
        List<String> order = orderBy == null || orderBy.isEmpty() ? List.of(DEFAULT_VERSION_ORDER) : orderBy;
        List<ModelVersion> versions = Pages.collect(maxResults,
                (pageSize, token) -> client().searchModelVersions(versionsOfModel, (long) pageSize, order, token));
        output().print(new SearchModelVersionsResponse(versions, null), () -> ModelViews.versions(versions));
    }

    @Command(name = "show", description = "Shows one model version: stage, aliases, source, where its files are, and its run's "
            + "params and metrics.")
    void show(
            @Parameters(index = "0", paramLabel = "MODEL_URI", description = MODEL_URI_HELP) String modelUriOrName,
            @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION") String versionNumber) {
        ModelVersion version = resolve(modelUriOrName, versionNumber);
        String location = client().getModelVersionDownloadUri(version.name(), version.version());
        Optional<Run> run = runOf(version);
        output().print(new ModelVersionResponse(version), () -> ModelViews.detail(version, location, run));
    }

    @Command(name = "stage", description = "Moves a version to a stage: None, Staging, Production or Archived (aliases are "
            + "the newer way to name versions).")
    void stage(@Parameters(paramLabel = "NAME") String name, @Parameters(paramLabel = "VERSION") String versionNumber,
            @Parameters(paramLabel = "STAGE", description = "None, Staging, Production or Archived.") ModelStage stage,
            @Option(names = "--archive-existing", description = "Archive the versions now in that stage (Staging or Production only).")
            boolean archiveExisting) {
        ModelVersion version = client().transitionStage(name, versionNumber, stage.wireName(), archiveExisting);
        output().print(new ModelVersionResponse(version), () -> "Moved '" + name + "' version " + version.version() + " to "
                + version.currentStage().wireName() + "." + (archiveExisting ? " Other versions in that stage were archived." : ""));
    }

    @Command(name = "download", description = "Downloads the files of a model version into --dest, through the artifact proxy.")
    void download(
            @Parameters(index = "0", paramLabel = "MODEL_URI", description = MODEL_URI_HELP) String modelUriOrName,
            @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION") String versionNumber,
            @Option(names = "--dest", paramLabel = "DIR",
                    description = "Local directory for the version's files, created if missing (default: NAME-vVERSION).") Path dest) {
        ModelVersion version = resolve(modelUriOrName, versionNumber);
        Path into = dest != null ? dest : Path.of(version.name() + "-v" + version.version());
        String location = client().getModelVersionDownloadUri(version.name(), version.version());
        List<Path> written = ArtifactDownload.treeOrFile(client(), location, into, into);
        output().print(new ModelVersionResponse(version), () -> written.stream().map(file -> "Downloaded " + file)
                .collect(Collectors.joining("\n", "", "\n'" + version.name() + "' version " + version.version() + " is in "
                        + into.toAbsolutePath().normalize() + ".")));
    }

    // ---- four-eyes promotions ----

    /** {@code --no-regression} checks, and which way is better for all of them. */
    static final class NoRegression {
        @Option(names = "--no-regression", paramLabel = "METRIC", required = true,
                description = "Check: METRIC is no worse than that of the version ALIAS points at now (passes while it is unset); "
                        + "repeatable.")
        List<String> metrics;

        @Option(names = "--lower-is-better", description = "For --no-regression: lower values are better (a loss, an error rate).")
        boolean lowerIsBetter;
    }

    @Command(name = "promote", description = "Asks that ALIAS point at a version once another user with MANAGE approves (four eyes); "
            + "prints the request's ID. Checks run now and again at every approval; a failing one refuses the request.")
    void promote(
            @Parameters(index = "0", paramLabel = "MODEL_URI", description = MODEL_URI_HELP) String modelUriOrName,
            @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION") String versionNumber,
            @Option(names = "--alias", paramLabel = "ALIAS", required = true, description = "E.g. champion.") String alias,
            @Option(names = "--comment", paramLabel = "TEXT", description = "Why, for the reviewers.") String comment,
            @Option(names = "--min", paramLabel = "METRIC=VALUE",
                    description = "Check: the last METRIC the version's run logged is >= VALUE; repeatable.") List<MetricBound> minimums,
            @Option(names = "--max", paramLabel = "METRIC=VALUE",
                    description = "Check: the last METRIC the version's run logged is <= VALUE; repeatable.") List<MetricBound> maximums,
            @ArgGroup(exclusive = false) NoRegression noRegression,
            @Option(names = "--require-tag", paramLabel = "KEY=VALUE",
                    description = "Check: the version has tag KEY with VALUE, e.g. validation_status=passed; repeatable.")
            List<Tag> requiredTags) {
        ModelVersion version = resolve(modelUriOrName, versionNumber);
        List<PromotionCheck> checks = new ArrayList<>();
        orEmpty(minimums).forEach(bound -> checks.add(PromotionCheck.metricThreshold(bound.metric(), ">=", bound.value())));
        orEmpty(maximums).forEach(bound -> checks.add(PromotionCheck.metricThreshold(bound.metric(), "<=", bound.value())));
        if (noRegression != null) {
            noRegression.metrics.forEach(metric -> checks.add(PromotionCheck.noRegression(metric, !noRegression.lowerIsBetter, 0)));
        }
        orEmpty(requiredTags).forEach(tag -> checks.add(PromotionCheck.versionTag(tag.key(), tag.value())));
        PromotionRequest request = client().requestPromotion(version.name(), version.version(), alias, comment, checks);
        output().print(new PromotionResponse(request), request::id);
    }

    @Command(name = "requests", description = "Lists promotion requests, newest first.")
    void requests(
            @Parameters(arity = "0..1", paramLabel = "NAME", description = "Only this registered model's requests.") String name,
            @Option(names = "--status", paramLabel = "STATUS", description = "PENDING, APPROVED, REJECTED or CANCELLED.")
            PromotionStatus status,
            @Option(names = "--max-results", paramLabel = "N", description = "Show at most N requests (default 100, at most 1000).")
            Integer maxResults) {
        List<PromotionRequest> requests = client().listPromotions(name, status, maxResults);
        output().print(new PromotionsResponse(requests), () -> PromotionViews.list(requests));
    }

    @Command(name = "request", description = "Shows one promotion request: its checks as evaluated when asked, and every decision.")
    void request(@Parameters(paramLabel = "ID") String id) {
        PromotionRequest request = client().getPromotion(id);
        output().print(new PromotionResponse(request), () -> PromotionViews.detail(request));
    }

    @Command(name = "approve", description = "Approves a pending promotion request (needs MANAGE on the model; not your own). "
            + "Its checks run again; the approval that completes it moves the alias.")
    void approve(@Parameters(paramLabel = "ID") String id, @Option(names = "--comment", paramLabel = "TEXT") String comment) {
        PromotionRequest request = client().approvePromotion(id, comment);
        output().print(new PromotionResponse(request), () -> PromotionViews.decided(request, "Approved"));
    }

    @Command(name = "reject", description = "Rejects a pending promotion request (needs MANAGE on the model; not your own).")
    void reject(@Parameters(paramLabel = "ID") String id, @Option(names = "--comment", paramLabel = "TEXT") String comment) {
        PromotionRequest request = client().rejectPromotion(id, comment);
        output().print(new PromotionResponse(request), () -> PromotionViews.decided(request, "Rejected"));
    }

    @Command(name = "cancel", description = "Withdraws a pending promotion request (its requester, or an admin).")
    void cancel(@Parameters(paramLabel = "ID") String id, @Option(names = "--comment", paramLabel = "TEXT") String comment) {
        PromotionRequest request = client().cancelPromotion(id, comment);
        output().print(new PromotionResponse(request), () -> PromotionViews.decided(request, "Cancelled"));
    }

    @Command(name = "alias-history", description = "Lists every move of the model's aliases, oldest first: who, when, through which "
            + "promotion.")
    void aliasHistory(@Parameters(paramLabel = "NAME") String name) {
        List<AliasEvent> events = client().aliasHistory(name);
        output().print(new AliasHistoryResponse(events), () -> PromotionViews.aliasHistory(name, events));
    }

    // ---- descriptors, model cards, lineage ----

    @Command(name = "card", description = "Prints a version's model card (or writes it to --dest): what it is, how it was trained "
            + "and validated, and who approved it. --format chooses its form; -o does not apply.")
    void card(
            @Parameters(index = "0", paramLabel = "MODEL_URI", description = MODEL_URI_HELP) String modelUriOrName,
            @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION") String versionNumber,
            @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "markdown",
                    description = "markdown (default), html or json.") CardFormat format,
            @Option(names = "--dest", paramLabel = "FILE", description = "Write the card to FILE instead of stdout.") Path dest)
            throws IOException {
        ModelVersion version = resolve(modelUriOrName, versionNumber);
        String card = client().modelCard(version.name(), version.version(), format);
        if (dest == null) {
            output().printDocument(card);
            return;
        }
        Files.writeString(dest, card);
        output().print(Empty.INSTANCE, () -> "Wrote the model card of '" + version.name() + "' version " + version.version() + " to "
                + dest + ".");
    }

    /** The card's hand-written parts; at least one. */
    static final class CardText {
        @Option(names = "--intended-use", paramLabel = "TEXT", description = "What the model is for, and what not.")
        String intendedUse;

        @Option(names = "--limitations", paramLabel = "TEXT", description = "Where it is known to do badly.")
        String limitations;
    }

    @Command(name = "card-edit", description = "Sets the hand-written parts of a version's model card; a part not given stays.")
    void cardEdit(
            @Parameters(index = "0", paramLabel = "MODEL_URI", description = MODEL_URI_HELP) String modelUriOrName,
            @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION") String versionNumber,
            @ArgGroup(exclusive = false, multiplicity = "1") CardText text) {
        ModelVersion version = resolve(modelUriOrName, versionNumber);
        ModelCard card = client().updateModelCard(version.name(), version.version(), text.intendedUse, text.limitations);
        output().print(new CardResponse(card), () -> "Updated the model card of '" + version.name() + "' version " + version.version()
                + ".");
    }

    @Command(name = "lineage", description = "Shows where a version comes from: its run and the datasets that run was trained on.")
    void lineage(
            @Parameters(index = "0", paramLabel = "MODEL_URI", description = MODEL_URI_HELP) String modelUriOrName,
            @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION") String versionNumber) {
        ModelVersion version = resolve(modelUriOrName, versionNumber);
        ModelLineage lineage = client().lineageOfModelVersion(version.name(), version.version());
        output().print(lineage, () -> ModelViews.lineage(lineage));
    }

    @Command(name = "mlmodel", description = "Prints a version's MLmodel descriptor (flavors, signature, Slipway's additions).")
    void mlmodel(
            @Parameters(index = "0", paramLabel = "MODEL_URI", description = MODEL_URI_HELP) String modelUriOrName,
            @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION") String versionNumber,
            @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json", description = "json (default) or yaml.")
            MlModelFormat format) {
        ModelVersion version = resolve(modelUriOrName, versionNumber);
        if (format == MlModelFormat.YAML) {
            output().printDocument(client().getMlModelYaml(version.name(), version.version()));
        } else {
            output().printJson(new MlModelResponse(client().getMlModel(version.name(), version.version())));
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** A {@code models:/} URI, or a model name and a version number. */
    private ModelVersion resolve(String modelUriOrName, String versionNumber) {
        return versionNumber == null
                ? client().resolveModel(modelUriOrName)
                : client().getModelVersion(modelUriOrName, versionNumber);
    }

    /** The run the version was registered from, if it names one that still exists. */
    private Optional<Run> runOf(ModelVersion version) {
        if (version.runId().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(client().getRun(version.runId()));
        } catch (SlipwayClientException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code slipway models alias ...}: the names that point at versions ({@code models:/NAME@ALIAS}). */
    @Command(name = "alias", description = "Point an alias (e.g. champion) at a version, or remove it.")
    static final class AliasCommand implements Runnable {
        @ParentCommand
        private ModelsCommand models;

        @Spec
        private CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        @Command(name = "set", description = "Points ALIAS at a version, taking it from the version that had it.")
        void set(@Parameters(paramLabel = "NAME") String name,
                @Parameters(paramLabel = "ALIAS", description = "Letters, digits, '_' and '-'; not 'latest' or v<number>.") String alias,
                @Parameters(paramLabel = "VERSION") String versionNumber) {
            models.client().setAlias(name, alias, versionNumber);
            models.output().print(Empty.INSTANCE, () -> "models:/" + name + "@" + alias + " now points to version " + versionNumber + ".");
        }

        @Command(name = "delete", description = "Removes an alias; the version stays.")
        void delete(@Parameters(paramLabel = "NAME") String name, @Parameters(paramLabel = "ALIAS") String alias) {
            models.client().deleteAlias(name, alias);
            models.output().print(Empty.INSTANCE, () -> "Deleted alias '" + alias + "' of registered model '" + name + "'.");
        }
    }
}
