package io.slipway.core.testing;

import io.slipway.core.Page;
import io.slipway.core.PageToken;
import io.slipway.core.SlipwayException;
import io.slipway.core.registry.AliasEvent;
import io.slipway.core.registry.ModelStage;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.ModelVersionStatus;
import io.slipway.core.registry.NewModelVersion;
import io.slipway.core.registry.RegisteredModel;
import io.slipway.core.registry.RegistrySearch;
import io.slipway.core.registry.RegistryService;
import io.slipway.core.registry.RegistryStore;
import io.slipway.core.registry.RegistryTag;
import io.slipway.core.tracking.search.Comparator;
import io.slipway.core.tracking.search.Comparison;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Just enough of a {@link RegistryStore} in memory to test services built on the registry:
 * models, versions with tags and descriptors, aliases with their history, and version search by
 * {@code name} and {@code run_id} (= and IN). Everything else is unsupported.
 */
public final class InMemoryRegistryStore implements RegistryStore {
    private static final class StoredModel {
        final String name;
        final String description;
        final long created;
        final TreeMap<Integer, ModelVersion> versions = new TreeMap<>();
        final Map<Integer, String> mlmodels = new HashMap<>();
        final Map<String, Integer> aliases = new TreeMap<>();
        final List<AliasEvent> history = new ArrayList<>();

        StoredModel(String name, String description, long created) {
            this.name = name;
            this.description = description;
            this.created = created;
        }
    }

    private final Map<String, StoredModel> models = new LinkedHashMap<>();

    @Override
    public RegisteredModel createRegisteredModel(String name, String description, List<RegistryTag> tags, String userId, long now) {
        if (models.containsKey(name)) {
            throw SlipwayException.alreadyExists("Registered Model (name=%s) already exists.", name);
        }
        models.put(name, new StoredModel(name, description, now));
        return getRegisteredModel(name).orElseThrow();
    }

    @Override
    public Optional<RegisteredModel> getRegisteredModel(String name) {
        return Optional.ofNullable(models.get(name)).map(m -> new RegisteredModel(m.name, m.created, m.created, "", m.description,
                List.of(), List.of(), List.of()));
    }

    @Override
    public ModelVersion createModelVersion(NewModelVersion version) {
        StoredModel model = model(version.name());
        int number = model.versions.isEmpty() ? 1 : model.versions.lastKey() + 1;
        model.versions.put(number, new ModelVersion(version.name(), Integer.toString(number), version.now(), version.now(),
                version.userId(), ModelStage.NONE, version.description(), version.source(), version.runId(), ModelVersionStatus.READY,
                "", version.tags(), version.runLink(), List.of(), version.storageLocation()));
        if (version.mlmodel() != null) {
            model.mlmodels.put(number, version.mlmodel());
        }
        return getModelVersion(version.name(), number).orElseThrow();
    }

    @Override
    public Optional<ModelVersion> getModelVersion(String name, int version) {
        return Optional.ofNullable(models.get(name)).map(m -> m.versions.get(version)).map(this::withAliases);
    }

    @Override
    public Optional<String> getMlModel(String name, int version) {
        return Optional.ofNullable(models.get(name)).map(m -> m.mlmodels.get(version));
    }

    @Override
    public void setModelVersionTag(String name, int version, RegistryTag tag, long now) {
        updateTags(name, version, tags -> {
            tags.put(tag.key(), tag.value());
            return true;
        });
    }

    @Override
    public void deleteModelVersionTag(String name, int version, String key) {
        updateTags(name, version, tags -> tags.remove(key) != null);
    }

    private void updateTags(String name, int version, Predicate<Map<String, String>> change) {
        StoredModel model = model(name);
        ModelVersion old = model.versions.get(version);
        Map<String, String> tags = new TreeMap<>();
        old.tags().forEach(t -> tags.put(t.key(), t.value()));
        if (!change.test(tags)) {
            throw SlipwayException.notFound("No tag on model version %s/%d", name, version);
        }
        model.versions.put(version, new ModelVersion(old.name(), old.version(), old.creationTimestamp(), old.lastUpdatedTimestamp(),
                old.userId(), old.currentStage(), old.description(), old.source(), old.runId(), old.status(), old.statusMessage(),
                tags.entrySet().stream().map(e -> new RegistryTag(e.getKey(), e.getValue())).toList(), old.runLink(), List.of(),
                old.storageLocation()));
    }

    @Override
    public void setAlias(String name, String alias, int version, String actor, long now) {
        moveAlias(name, alias, version, actor, now, "");
    }

    /** Sets an alias as an approved promotion does, recording the request's id. */
    public void moveAlias(String name, String alias, int version, String actor, long now, String promotionId) {
        StoredModel model = model(name);
        if (!model.versions.containsKey(version)) {
            throw RegistryService.versionNotFound(name, version);
        }
        Integer previous = model.aliases.put(alias, version);
        model.history.add(new AliasEvent(name, alias, Integer.toString(version), previous == null ? "" : previous.toString(), actor, now,
                promotionId));
    }

    @Override
    public void deleteAlias(String name, String alias, String actor, long now) {
        StoredModel model = model(name);
        Integer previous = model.aliases.remove(alias);
        if (previous != null) {
            model.history.add(new AliasEvent(name, alias, "", previous.toString(), actor, now, ""));
        }
    }

    @Override
    public List<AliasEvent> aliasHistory(String name) {
        return List.copyOf(model(name).history);
    }

    @Override
    public Optional<ModelVersion> getVersionByAlias(String name, String alias) {
        StoredModel model = model(name);
        return Optional.ofNullable(model.aliases.get(alias)).flatMap(v -> getModelVersion(name, v));
    }

    @Override
    public Page<ModelVersion> searchModelVersions(RegistrySearch search) {
        List<ModelVersion> matching = models.values().stream().flatMap(m -> m.versions.values().stream())
                .filter(v -> search.filter().stream().allMatch(clause -> matches(v, clause)))
                .map(this::withAliases)
                .toList();
        int from = (int) Math.min(search.offset(), matching.size());
        int to = Math.min(matching.size(), from + search.maxResults());
        return new Page<>(matching.subList(from, to), to < matching.size() ? PageToken.ofOffset(to) : null);
    }

    private static boolean matches(ModelVersion version, Comparison clause) {
        String value = switch (clause.key()) {
            case "name" -> version.name();
            case "run_id" -> version.runId();
            default -> throw new UnsupportedOperationException("filter on " + clause.key());
        };
        if (clause.comparator() == Comparator.EQ) {
            return value.equals(clause.stringValue());
        }
        if (clause.comparator() == Comparator.IN) {
            return clause.listValue().contains(value);
        }
        throw new UnsupportedOperationException("comparator " + clause.comparator());
    }

    private ModelVersion withAliases(ModelVersion v) {
        List<String> aliases = models.get(v.name()).aliases.entrySet().stream()
                .filter(e -> e.getValue() == v.number()).map(Map.Entry::getKey).toList();
        return new ModelVersion(v.name(), v.version(), v.creationTimestamp(), v.lastUpdatedTimestamp(), v.userId(), v.currentStage(),
                v.description(), v.source(), v.runId(), v.status(), v.statusMessage(), v.tags(), v.runLink(), aliases, v.storageLocation());
    }

    private StoredModel model(String name) {
        StoredModel model = models.get(name);
        if (model == null) {
            throw RegistryService.modelNotFound(name);
        }
        return model;
    }

    // ---- not needed by the tests that use this store ----

    @Override
    public RegisteredModel renameRegisteredModel(String name, String newName, long now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public RegisteredModel updateRegisteredModel(String name, String description, long now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void deleteRegisteredModel(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Page<RegisteredModel> searchRegisteredModels(RegistrySearch search) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setRegisteredModelTag(String name, RegistryTag tag, long now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void deleteRegisteredModelTag(String name, String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelVersion updateModelVersion(String name, int version, String description, long now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelVersion transitionStage(String name, int version, ModelStage stage, boolean archiveExisting, long now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void deleteModelVersion(String name, int version, long now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ModelVersion> latestVersions(String name, List<ModelStage> stages) {
        throw new UnsupportedOperationException();
    }
}
