package io.slipway.core.registry;

import io.slipway.core.Page;
import java.util.List;
import java.util.Optional;

/**
 * Where registered models, their versions, tags and aliases live. As for tracking, every write is
 * one transaction and the rules that depend on stored state (unique names, existing versions) are
 * checked inside it. Version numbers are allocated by the store, per model, without gaps or reuse,
 * also when several servers create versions of one model at once.
 */
public interface RegistryStore {
    RegisteredModel createRegisteredModel(String name, String description, List<RegistryTag> tags, String userId, long now);

    Optional<RegisteredModel> getRegisteredModel(String name);

    RegisteredModel renameRegisteredModel(String name, String newName, long now);

    RegisteredModel updateRegisteredModel(String name, String description, long now);

    /** Deletes a model with its versions, tags and aliases. */
    void deleteRegisteredModel(String name);

    Page<RegisteredModel> searchRegisteredModels(RegistrySearch search);

    void setRegisteredModelTag(String name, RegistryTag tag, long now);

    void deleteRegisteredModelTag(String name, String key);

    /**
     * Points {@code alias} at {@code version} (moving it if it pointed elsewhere) and records the
     * move, by {@code actor}, in the alias history.
     */
    void setAlias(String name, String alias, int version, String actor, long now);

    /** Removes {@code alias}, recording it in the history; one that is not set is no error (and no event). */
    void deleteAlias(String name, String alias, String actor, long now);

    /** Every recorded move of the model's aliases, oldest first. */
    List<AliasEvent> aliasHistory(String name);

    /** The stored MLmodel descriptor (JSON) of a version, empty when it has none. */
    Optional<String> getMlModel(String name, int version);

    Optional<ModelVersion> getVersionByAlias(String name, String alias);

    ModelVersion createModelVersion(NewModelVersion version);

    Optional<ModelVersion> getModelVersion(String name, int version);

    ModelVersion updateModelVersion(String name, int version, String description, long now);

    /** Moves a version to a stage; with {@code archiveExisting}, the other versions in that stage go to Archived. */
    ModelVersion transitionStage(String name, int version, ModelStage stage, boolean archiveExisting, long now);

    /** Deletes a version and the aliases that pointed at it. */
    void deleteModelVersion(String name, int version, long now);

    Page<ModelVersion> searchModelVersions(RegistrySearch search);

    void setModelVersionTag(String name, int version, RegistryTag tag, long now);

    void deleteModelVersionTag(String name, int version, String key);

    /** The highest version in each of {@code stages} (all four when empty). */
    List<ModelVersion> latestVersions(String name, List<ModelStage> stages);
}
