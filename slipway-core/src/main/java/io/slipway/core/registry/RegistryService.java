package io.slipway.core.registry;

import static java.util.Objects.requireNonNull;

import io.slipway.core.ErrorCode;
import io.slipway.core.Page;
import io.slipway.core.PageToken;
import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactPath;
import io.slipway.core.artifacts.ArtifactService;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunUri;
import io.slipway.core.tracking.TrackingService;
import io.slipway.core.tracking.TrackingValidation;
import io.slipway.core.tracking.search.SearchGrammar;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The model registry, as MLflow 2.x defines it: registered models, their numbered versions
 * (registered from a run's artifacts), tags, aliases and the older stages. Validates every
 * request, resolves {@code runs:/} and {@code models:/} URIs, and hands it to the
 * {@link RegistryStore}.
 */
public final class RegistryService {
    public static final int SEARCH_MODELS_DEFAULT_MAX_RESULTS = 100;
    public static final int SEARCH_MODELS_MAX_RESULTS = 1000;
    public static final int SEARCH_VERSIONS_DEFAULT_MAX_RESULTS = 10_000;
    public static final int SEARCH_VERSIONS_MAX_RESULTS = 200_000;
    public static final int MAX_NAME_LENGTH = 256;
    public static final int MAX_ALIAS_LENGTH = 255;
    public static final int MAX_DESCRIPTION_LENGTH = 65_535;

    private static final Pattern ALIAS = Pattern.compile("^[\\w\\-]+$");
    private static final Pattern RESERVED_ALIAS = Pattern.compile("^(?i)(latest|v\\d+)$");
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    private static final List<String> OPAQUE_SCHEMES = List.of("s3", "gs", "wasbs", "abfss", "hdfs", "dbfs", "http", "https");

    private final RegistryStore store;
    private final TrackingService tracking;
    private final ModelDescriptors descriptors;
    private final Set<String> protectedAliases;
    private final Clock clock;

    /**
     * @param protectedAliases lower-case aliases that only an approved promotion request may set or
     *     delete (empty: none is protected)
     */
    public RegistryService(RegistryStore store, TrackingService tracking, ModelDescriptors descriptors, Set<String> protectedAliases,
            Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.tracking = requireNonNull(tracking, "tracking is null");
        this.descriptors = requireNonNull(descriptors, "descriptors is null");
        this.protectedAliases = Set.copyOf(requireNonNull(protectedAliases, "protectedAliases is null"));
        this.clock = requireNonNull(clock, "clock is null");
    }

    public boolean isProtectedAlias(String alias) {
        return alias != null && protectedAliases.contains(alias.toLowerCase(Locale.ROOT));
    }

    // ---- registered models ----

    public RegisteredModel createRegisteredModel(String name, String description, List<RegistryTag> tags, String userId) {
        validateName(name, "name");
        validateDescription(description);
        tags.forEach(RegistryService::validateTag);
        return store.createRegisteredModel(name, description, tags, userId, clock.millis());
    }

    public RegisteredModel getRegisteredModel(String name) {
        validateName(name, "name");
        return store.getRegisteredModel(name).orElseThrow(() -> modelNotFound(name));
    }

    public RegisteredModel renameRegisteredModel(String name, String newName) {
        validateName(name, "name");
        validateName(newName, "new_name");
        return store.renameRegisteredModel(name, newName, clock.millis());
    }

    public RegisteredModel updateRegisteredModel(String name, String description) {
        validateName(name, "name");
        validateDescription(description);
        return store.updateRegisteredModel(name, description == null ? "" : description, clock.millis());
    }

    public void deleteRegisteredModel(String name) {
        validateName(name, "name");
        store.deleteRegisteredModel(name);
    }

    public Page<RegisteredModel> searchRegisteredModels(String filter, Long maxResults, List<String> orderBy, String pageToken) {
        int limit = SearchGrammar.maxResults(maxResults, SEARCH_MODELS_DEFAULT_MAX_RESULTS, SEARCH_MODELS_MAX_RESULTS);
        return store.searchRegisteredModels(new RegistrySearch(SearchGrammar.REGISTERED_MODELS.parseFilter(filter), limit,
                SearchGrammar.REGISTERED_MODELS.parseOrderBy(orderBy), PageToken.parseOffset(pageToken)));
    }

    public void setRegisteredModelTag(String name, String key, String value) {
        validateName(name, "name");
        RegistryTag tag = new RegistryTag(requireKey(key), value);
        validateTag(tag);
        store.setRegisteredModelTag(name, tag, clock.millis());
    }

    public void deleteRegisteredModelTag(String name, String key) {
        validateName(name, "name");
        TrackingValidation.validateKey("tag", key);
        store.deleteRegisteredModelTag(name, key);
    }

    /** The newest version in each of {@code stages}, or in every stage when none is given. */
    public List<ModelVersion> getLatestVersions(String name, List<String> stages) {
        validateName(name, "name");
        List<ModelStage> parsed = stages == null ? List.of() : stages.stream().map(s -> ModelStage.parse(s, "stages")).toList();
        getRegisteredModel(name);
        return store.latestVersions(name, parsed);
    }

    // ---- aliases ----

    /** Points an alias at a version, as {@code actor}; protected aliases move only through promotions. */
    public void setAlias(String name, String alias, String version, String actor) {
        validateName(name, "name");
        validateAlias(alias);
        int number = parseVersion(version);
        refuseProtected(alias, "set");
        store.setAlias(name, alias, number, actor, clock.millis());
    }

    public void deleteAlias(String name, String alias, String actor) {
        validateName(name, "name");
        validateAlias(alias);
        refuseProtected(alias, "deleted");
        store.deleteAlias(name, alias, actor, clock.millis());
    }

    /** The version an alias points at, if it is set. */
    public Optional<ModelVersion> findVersionByAlias(String name, String alias) {
        validateName(name, "name");
        validateAlias(alias);
        getRegisteredModel(name);
        return store.getVersionByAlias(name, alias);
    }

    /** Every move of the model's aliases, oldest first. */
    public List<AliasEvent> aliasHistory(String name) {
        validateName(name, "name");
        getRegisteredModel(name);
        return store.aliasHistory(name);
    }

    private void refuseProtected(String alias, String verb) {
        if (isProtectedAlias(alias)) {
            throw new SlipwayException(ErrorCode.PERMISSION_DENIED, "Alias '" + alias + "' is protected: it can only be " + verb
                    + " by an approved promotion request (slipway models promote, or POST /api/2.0/slipway/promotions/create).");
        }
    }

    public ModelVersion getVersionByAlias(String name, String alias) {
        validateName(name, "name");
        validateAlias(alias);
        getRegisteredModel(name);
        return store.getVersionByAlias(name, alias).orElseThrow(() -> SlipwayException.invalidParameter(
                "Registered model alias %s not found.", alias));
    }

    // ---- model versions ----

    /**
     * Registers a new version of a model from {@code source}: {@code runs:/<run_id>/<path>}, an
     * {@code mlflow-artifacts:} URI inside a run's artifacts, another {@code models:/} URI, or an
     * object-store URI. The model must exist (MLflow clients create it first).
     */
    public ModelVersion createModelVersion(String name, String source, String runId, List<RegistryTag> tags, String runLink,
            String description, String userId) {
        validateName(name, "name");
        if (source == null || source.isEmpty()) {
            throw SlipwayException.missingParameter("source");
        }
        validateDescription(description);
        tags.forEach(RegistryService::validateTag);
        getRegisteredModel(name);
        ResolvedSource resolved = resolveSource(source, runId == null || runId.isEmpty() ? null : runId);
        Run run = resolved.runId() == null ? null : tracking.findRun(resolved.runId()).orElse(null);
        String mlmodel = descriptors.describe(resolved.storageLocation(), run);
        return store.createModelVersion(new NewModelVersion(name, source, resolved.storageLocation(), resolved.runId(), runLink,
                description, userId, tags, mlmodel, clock.millis()));
    }

    /** The version's MLmodel descriptor as JSON; 404 when the version has none. */
    public String getMlModel(String name, String version) {
        ModelVersion found = getModelVersion(name, version);
        return store.getMlModel(name, found.number()).orElseThrow(() -> SlipwayException.notFound(
                "Model version %s of '%s' has no MLmodel descriptor.", version, name));
    }

    public ModelVersion getModelVersion(String name, String version) {
        validateName(name, "name");
        int number = parseVersion(version);
        return store.getModelVersion(name, number).orElseThrow(() -> versionNotFound(name, number));
    }

    public ModelVersion updateModelVersion(String name, String version, String description) {
        validateName(name, "name");
        validateDescription(description);
        return store.updateModelVersion(name, parseVersion(version), description == null ? "" : description, clock.millis());
    }

    public ModelVersion transitionStage(String name, String version, String stage, Boolean archiveExistingVersions) {
        validateName(name, "name");
        int number = parseVersion(version);
        ModelStage target = ModelStage.parse(stage, "stage");
        boolean archive = Boolean.TRUE.equals(archiveExistingVersions);
        if (archive && target != ModelStage.STAGING && target != ModelStage.PRODUCTION) {
            throw SlipwayException.invalidParameter(
                    "Model version transition cannot archive existing model versions because '%s' is not an Active stage. "
                            + "Valid stages are Staging and Production.", target.wireName());
        }
        return store.transitionStage(name, number, target, archive, clock.millis());
    }

    public void deleteModelVersion(String name, String version) {
        validateName(name, "name");
        store.deleteModelVersion(name, parseVersion(version), clock.millis());
    }

    public Page<ModelVersion> searchModelVersions(String filter, Long maxResults, List<String> orderBy, String pageToken) {
        int limit = SearchGrammar.maxResults(maxResults, SEARCH_VERSIONS_DEFAULT_MAX_RESULTS, SEARCH_VERSIONS_MAX_RESULTS);
        return store.searchModelVersions(new RegistrySearch(SearchGrammar.MODEL_VERSIONS.parseFilter(filter), limit,
                SearchGrammar.MODEL_VERSIONS.parseOrderBy(orderBy), PageToken.parseOffset(pageToken)));
    }

    public void setModelVersionTag(String name, String version, String key, String value) {
        validateName(name, "name");
        int number = parseVersion(version);
        RegistryTag tag = new RegistryTag(requireKey(key), value);
        validateTag(tag);
        store.setModelVersionTag(name, number, tag, clock.millis());
    }

    public void deleteModelVersionTag(String name, String version, String key) {
        validateName(name, "name");
        int number = parseVersion(version);
        TrackingValidation.validateKey("tag", key);
        store.deleteModelVersionTag(name, number, key);
    }

    /** Where the version's files are: what get-download-uri answers. */
    public String getDownloadUri(String name, String version) {
        return getModelVersion(name, version).storageLocation();
    }

    /** The version a {@code models:/} URI names. */
    public ModelVersion resolve(String modelUri) {
        ModelUri uri = ModelUri.parse(modelUri);
        validateName(uri.name(), "name");
        return switch (uri.kind()) {
            case VERSION -> getModelVersion(uri.name(), uri.reference());
            case ALIAS -> getVersionByAlias(uri.name(), uri.reference());
            case LATEST -> getLatestVersions(uri.name(), List.of()).stream().max(java.util.Comparator.comparingInt(ModelVersion::number))
                    .orElseThrow(() -> SlipwayException.notFound("Registered model '%s' has no versions.", uri.name()));
            case STAGE -> getLatestVersions(uri.name(), List.of(uri.reference())).stream().findFirst()
                    .orElseThrow(() -> SlipwayException.notFound("Registered model '%s' has no version in stage %s.", uri.name(), uri.reference()));
        };
    }

    // ---- sources ----

    private record ResolvedSource(String storageLocation, String runId) {}

    private ResolvedSource resolveSource(String source, String runId) {
        rejectParentSegments(source);
        if (RunUri.isRunUri(source)) {
            RunUri runUri = RunUri.split(source);
            String sourceRun = runUri.runId();
            String path = runUri.path();
            if (runId != null && !runId.equals(sourceRun)) {
                throw SlipwayException.invalidParameter(
                        "The source '%s' names run %s, but run_id is %s.", source, sourceRun, runId);
            }
            Run run = tracking.getRun(sourceRun);
            ArtifactPath relative = ArtifactPath.parse(path, "source");
            String root = run.info().artifactUri();
            return new ResolvedSource(relative.isRoot() ? root : TrackingService.joinUri(root, relative.toString()), sourceRun);
        }
        if (ModelUri.isModelUri(source)) {
            ModelVersion target = resolve(source);
            return new ResolvedSource(target.storageLocation(), runId != null ? runId : target.runId());
        }
        if (source.startsWith(ArtifactService.SCHEME)) {
            ArtifactPath path = ArtifactService.pathOfUri(source);
            if (runId != null) {
                Run run = tracking.getRun(runId);
                ArtifactPath root = ArtifactService.pathOfUri(run.info().artifactUri());
                if (!path.startsWith(root)) {
                    throw SlipwayException.invalidParameter(
                            "Invalid model version source '%s': it is not inside the artifacts of run %s (%s).",
                            source, runId, run.info().artifactUri());
                }
            }
            return new ResolvedSource(source, runId);
        }
        var scheme = SCHEME.matcher(source);
        if (scheme.lookingAt() && OPAQUE_SCHEMES.contains(scheme.group(1).toLowerCase(Locale.ROOT))) {
            if (runId != null) {
                tracking.getRun(runId);
            }
            return new ResolvedSource(source, runId);
        }
        throw SlipwayException.invalidParameter(
                "Invalid model version source '%s': register from runs:/<run_id>/<path>, an mlflow-artifacts:/ URI, a models:/ URI "
                        + "or an object store URI (s3://, gs://, ...); local paths are not accepted.", source);
    }

    /** As MLflow: no '..' segment (nor NUL) once the source is URL-decoded, however many times it was encoded. */
    private static void rejectParentSegments(String source) {
        String decoded = source;
        for (String next = percentDecoded(decoded); !next.equals(decoded); next = percentDecoded(decoded)) {
            decoded = next;
        }
        if (decoded.indexOf('\0') >= 0 || Arrays.asList(decoded.split("[/\\\\]")).contains("..")) {
            throw SlipwayException.invalidParameter(
                    "Invalid model version source '%s': '..' segments (also URL-encoded) are not allowed.", source);
        }
    }

    /** Decodes %XX escapes; a '%' that starts no valid escape stays as it is. */
    private static String percentDecoded(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            int high = i + 2 < bytes.length ? Character.digit(bytes[i + 1], 16) : -1;
            int low = high >= 0 ? Character.digit(bytes[i + 2], 16) : -1;
            if (bytes[i] == '%' && low >= 0) {
                out.write(high * 16 + low);
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    // ---- validation ----

    /** Model names end up in models:/ URIs, so '/' and '@' are not allowed in them. */
    public static void validateName(String name, String field) {
        if (name == null || name.isEmpty()) {
            throw SlipwayException.missingParameter(field);
        }
        if (name.isBlank()) {
            throw SlipwayException.invalidParameter("Invalid value '%s' for parameter '%s': a model name cannot be blank.", name, field);
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw SlipwayException.invalidParameter("Invalid value for parameter '%s': a model name is at most %d characters, not %d.",
                    field, MAX_NAME_LENGTH, name.length());
        }
        for (char c : name.toCharArray()) {
            if (c == '/' || c == '@' || c < 0x20 || c == 0x7f) {
                throw SlipwayException.invalidParameter(
                        "Invalid value '%s' for parameter '%s': model names cannot contain '/', '@' or control characters.", name, field);
            }
        }
    }

    public static void validateAliasName(String alias) {
        validateAlias(alias);
    }

    static void validateAlias(String alias) {
        if (alias == null || alias.isEmpty()) {
            throw SlipwayException.missingParameter("alias");
        }
        if (alias.length() > MAX_ALIAS_LENGTH || !ALIAS.matcher(alias).matches()) {
            throw SlipwayException.invalidParameter(
                    "Invalid alias name: '%s'. Aliases may only contain alphanumerics, underscores (_) and dashes (-), at most %d.",
                    alias, MAX_ALIAS_LENGTH);
        }
        if (RESERVED_ALIAS.matcher(alias).matches()) {
            throw SlipwayException.invalidParameter(
                    "'%s' is reserved and cannot be used as an alias: 'latest' and v<number> already name versions.", alias);
        }
    }

    static int parseVersion(String version) {
        if (version == null || version.isEmpty()) {
            throw SlipwayException.missingParameter("version");
        }
        try {
            int number = Integer.parseInt(version.strip());
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw SlipwayException.invalidParameter("Invalid value '%s' for parameter 'version': model versions are positive integers.", version);
    }

    private static void validateTag(RegistryTag tag) {
        TrackingValidation.validateKey("tag", tag.key());
        if (tag.value().length() > TrackingValidation.MAX_TAG_VALUE_LENGTH) {
            throw SlipwayException.invalidParameter("Tag value for key '%s' had length %d, which exceeded length limit of %d.",
                    tag.key(), tag.value().length(), TrackingValidation.MAX_TAG_VALUE_LENGTH);
        }
    }

    private static void validateDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw SlipwayException.invalidParameter("The description had length %d, which exceeded length limit of %d.",
                    description.length(), MAX_DESCRIPTION_LENGTH);
        }
    }

    private static String requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw SlipwayException.missingParameter("key");
        }
        return key;
    }


    public static SlipwayException modelNotFound(String name) {
        return SlipwayException.notFound("Registered Model with name=%s not found", name);
    }

    public static SlipwayException versionNotFound(String name, int version) {
        return SlipwayException.notFound("Model Version (name=%s, version=%d) not found", name, version);
    }
}
