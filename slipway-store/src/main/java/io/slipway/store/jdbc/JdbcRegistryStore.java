package io.slipway.store.jdbc;

import static java.util.Objects.requireNonNull;

import io.slipway.core.Page;
import io.slipway.core.PageToken;
import io.slipway.core.SlipwayException;
import io.slipway.core.registry.AliasEvent;
import io.slipway.core.registry.ModelAlias;
import io.slipway.core.registry.ModelStage;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.ModelVersionStatus;
import io.slipway.core.registry.NewModelVersion;
import io.slipway.core.registry.RegisteredModel;
import io.slipway.core.registry.RegistrySearch;
import io.slipway.core.registry.RegistryService;
import io.slipway.core.registry.RegistryStore;
import io.slipway.core.registry.RegistryTag;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * {@link RegistryStore} on SQLite or PostgreSQL. Models have a compact key ({@code model_pk}) so
 * that a rename is one row; versions, their tags and aliases hang off it and go with it on delete.
 * Every write to a model first locks the model's row, so writes to one model take turns, also
 * across server processes; a new version's number comes from that row ({@code last_version + 1}).
 */
public final class JdbcRegistryStore implements RegistryStore {
    private static final String MODEL_COLUMNS = "m.model_pk, m.name, m.description, m.user_id, m.creation_time, m.last_updated_time";
    private static final String VERSION_COLUMNS = "v.model_pk, m.name, v.version, v.creation_time, v.last_updated_time, v.user_id,"
            + " v.description, v.current_stage, v.source, v.storage_location, v.run_id, v.run_link, v.status, v.status_message";

    private final Transactions tx;
    private final SearchSql searchSql;

    public JdbcRegistryStore(Database database) {
        requireNonNull(database, "database is null");
        this.tx = new Transactions(database);
        this.searchSql = new SearchSql(database.dialect());
    }

    // ---- registered models ----

    @Override
    public RegisteredModel createRegisteredModel(String name, String description, List<RegistryTag> tags, String userId, long now) {
        return tx.write(h -> {
            if (findModelPk(h, name).isPresent()) {
                throw alreadyExists(name);
            }
            long pk = h.createQuery("INSERT INTO registered_models (name, description, user_id, creation_time, last_updated_time)"
                            + " VALUES (?, ?, ?, ?, ?) RETURNING model_pk")
                    .bind(0, name).bind(1, description == null ? "" : description).bind(2, userId == null ? "" : userId)
                    .bind(3, now).bind(4, now)
                    .mapTo(Long.class).one();
            for (RegistryTag tag : tags) {
                upsertModelTag(h, pk, tag);
            }
            return loadModel(h, pk).orElseThrow();
        }, () -> alreadyExists(name));
    }

    @Override
    public Optional<RegisteredModel> getRegisteredModel(String name) {
        return tx.read(h -> findModelPk(h, name).flatMap(pk -> loadModel(h, pk)));
    }

    @Override
    public RegisteredModel renameRegisteredModel(String name, String newName, long now) {
        return tx.write(h -> {
            long pk = lockModel(h, name);
            if (!name.equals(newName) && findModelPk(h, newName).isPresent()) {
                throw alreadyExists(newName);
            }
            h.execute("UPDATE registered_models SET name = ?, last_updated_time = ? WHERE model_pk = ?", newName, now, pk);
            return loadModel(h, pk).orElseThrow();
        }, () -> alreadyExists(newName));
    }

    @Override
    public RegisteredModel updateRegisteredModel(String name, String description, long now) {
        return tx.write(h -> {
            long pk = lockModel(h, name);
            h.execute("UPDATE registered_models SET description = ?, last_updated_time = ? WHERE model_pk = ?", description, now, pk);
            return loadModel(h, pk).orElseThrow();
        });
    }

    @Override
    public void deleteRegisteredModel(String name) {
        tx.write(h -> {
            h.execute("DELETE FROM registered_models WHERE model_pk = ?", lockModel(h, name));
            return null;
        });
    }

    @Override
    public Page<RegisteredModel> searchRegisteredModels(RegistrySearch search) {
        SqlFragment sql = searchSql.registeredModels(search);
        return tx.read(h -> {
            List<Long> pks = sql.bindTo(h.createQuery(sql.sql())).mapTo(Long.class).list();
            String next = null;
            if (pks.size() > search.maxResults()) {
                pks = pks.subList(0, search.maxResults());
                next = PageToken.ofOffset(search.offset() + search.maxResults());
            }
            List<RegisteredModel> models = new ArrayList<>(pks.size());
            for (long pk : pks) {
                loadModel(h, pk).ifPresent(models::add); // absent when deleted since the search
            }
            return new Page<>(models, next);
        });
    }

    @Override
    public void setRegisteredModelTag(String name, RegistryTag tag, long now) {
        tx.write(h -> {
            long pk = lockModel(h, name);
            upsertModelTag(h, pk, tag);
            touchModel(h, pk, now);
            return null;
        });
    }

    @Override
    public void deleteRegisteredModelTag(String name, String key) {
        tx.write(h -> {
            long pk = lockModel(h, name);
            if (h.execute("DELETE FROM registered_model_tags WHERE model_pk = ? AND key = ?", pk, key) == 0) {
                throw SlipwayException.notFound("No tag with key '%s' on registered model %s", key, name);
            }
            return null;
        });
    }

    // ---- aliases ----

    @Override
    public void setAlias(String name, String alias, int version, String actor, long now) {
        tx.write(h -> {
            pointAlias(h, lockModel(h, name), name, alias, version, actor, now, "");
            return null;
        });
    }

    @Override
    public void deleteAlias(String name, String alias, String actor, long now) {
        tx.write(h -> {
            long pk = lockModel(h, name);
            // an alias that is already gone is not an error (as in MLflow), so a retried delete succeeds, and leaves no event
            h.createQuery("DELETE FROM registered_model_aliases WHERE model_pk = ? AND alias = ? RETURNING version")
                    .bind(0, pk).bind(1, alias).mapTo(Integer.class).findOne()
                    .ifPresent(previous -> recordAliasEvent(h, pk, alias, "", previous.toString(), actor, now, ""));
            return null;
        });
    }

    @Override
    public List<AliasEvent> aliasHistory(String name) {
        return tx.read(h -> {
            long pk = requireModel(h, name);
            return h.createQuery("SELECT m.name, e.alias, e.version, e.previous_version, e.actor, e.event_time, e.promotion_id"
                            + " FROM model_alias_events e JOIN registered_models m ON m.model_pk = e.model_pk"
                            + " WHERE e.model_pk = ? ORDER BY e.event_pk")
                    .bind(0, pk)
                    .map((rs, ctx) -> new AliasEvent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getLong(6), rs.getString(7)))
                    .list();
        });
    }

    @Override
    public Optional<ModelVersion> getVersionByAlias(String name, String alias) {
        return tx.read(h -> loadVersions(h, " JOIN registered_model_aliases a ON a.model_pk = v.model_pk AND a.version = v.version"
                + " WHERE m.name = ? AND a.alias = ?", name, alias).stream().findFirst());
    }

    // ---- model versions ----

    @Override
    public ModelVersion createModelVersion(NewModelVersion version) {
        return tx.write(h -> {
            // the model row is the counter: concurrent creates queue on its lock
            Map<String, Object> allocated = h.createQuery("UPDATE registered_models SET last_version = last_version + 1,"
                            + " last_updated_time = ? WHERE name = ? RETURNING model_pk, last_version")
                    .bind(0, version.now()).bind(1, version.name())
                    .mapToMap().findOne()
                    .orElseThrow(() -> RegistryService.modelNotFound(version.name()));
            long pk = ((Number) allocated.get("model_pk")).longValue();
            int number = ((Number) allocated.get("last_version")).intValue();
            h.execute("INSERT INTO model_versions (model_pk, version, creation_time, last_updated_time, user_id, description,"
                            + " current_stage, source, storage_location, run_id, run_link, status, status_message, mlmodel)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    pk, number, version.now(), version.now(), nullToEmpty(version.userId()), nullToEmpty(version.description()),
                    ModelStage.NONE.wireName(), version.source(), version.storageLocation(), nullToEmpty(version.runId()),
                    nullToEmpty(version.runLink()), ModelVersionStatus.READY.name(), "", version.mlmodel());
            for (RegistryTag tag : version.tags()) {
                upsertVersionTag(h, pk, number, tag);
            }
            return loadVersion(h, pk, number);
        });
    }

    @Override
    public Optional<ModelVersion> getModelVersion(String name, int version) {
        return tx.read(h -> loadVersions(h, " WHERE m.name = ? AND v.version = ?", name, version).stream().findFirst());
    }

    @Override
    public Optional<String> getMlModel(String name, int version) {
        return tx.read(h -> h.createQuery("SELECT v.mlmodel FROM model_versions v JOIN registered_models m ON m.model_pk = v.model_pk"
                        + " WHERE m.name = ? AND v.version = ?")
                .bind(0, name).bind(1, version).mapTo(String.class).findOne());
    }

    @Override
    public ModelVersion updateModelVersion(String name, int version, String description, long now) {
        return tx.write(h -> {
            long pk = lockModel(h, name);
            requireVersion(h, pk, name, version);
            h.execute("UPDATE model_versions SET description = ?, last_updated_time = ? WHERE model_pk = ? AND version = ?",
                    description, now, pk, version);
            return loadVersion(h, pk, version);
        });
    }

    @Override
    public ModelVersion transitionStage(String name, int version, ModelStage stage, boolean archiveExisting, long now) {
        return tx.write(h -> {
            long pk = lockModel(h, name);
            requireVersion(h, pk, name, version);
            if (archiveExisting) {
                h.execute("UPDATE model_versions SET current_stage = ?, last_updated_time = ?"
                                + " WHERE model_pk = ? AND current_stage = ? AND version <> ?",
                        ModelStage.ARCHIVED.wireName(), now, pk, stage.wireName(), version);
            }
            h.execute("UPDATE model_versions SET current_stage = ?, last_updated_time = ? WHERE model_pk = ? AND version = ?",
                    stage.wireName(), now, pk, version);
            touchModel(h, pk, now);
            return loadVersion(h, pk, version);
        });
    }

    @Override
    public void deleteModelVersion(String name, int version, long now) {
        tx.write(h -> {
            long pk = lockModel(h, name);
            requireVersion(h, pk, name, version);
            // its aliases go with it (ON DELETE CASCADE); the history shows that, with no actor, since the deletion names none
            h.createQuery("SELECT alias FROM registered_model_aliases WHERE model_pk = ? AND version = ? ORDER BY alias")
                    .bind(0, pk).bind(1, version).mapTo(String.class).list()
                    .forEach(alias -> recordAliasEvent(h, pk, alias, "", Integer.toString(version), "", now, ""));
            h.execute("DELETE FROM model_versions WHERE model_pk = ? AND version = ?", pk, version);
            touchModel(h, pk, now);
            return null;
        });
    }

    @Override
    public Page<ModelVersion> searchModelVersions(RegistrySearch search) {
        SqlFragment keys = searchSql.modelVersions(search);
        return tx.read(h -> {
            List<VersionKey> found = keys.bindTo(h.createQuery(keys.sql()))
                    .map((rs, ctx) -> new VersionKey(rs.getLong(1), rs.getInt(2), rs.getString(3))).list();
            String next = null;
            if (found.size() > search.maxResults()) {
                found = found.subList(0, search.maxResults());
                next = PageToken.ofOffset(search.offset() + search.maxResults());
            }
            // load the page in chunks, then put it back in the search's order; a version deleted since is left out
            Map<String, ModelVersion> loaded = new HashMap<>();
            for (List<VersionKey> chunk : SearchSql.chunks(found, 400)) {
                StringBuilder where = new StringBuilder(" WHERE (v.model_pk, v.version) IN (VALUES ");
                Object[] binds = new Object[chunk.size() * 2];
                for (int i = 0; i < chunk.size(); i++) {
                    where.append(i == 0 ? "(?, ?)" : ", (?, ?)");
                    binds[2 * i] = chunk.get(i).modelPk();
                    binds[2 * i + 1] = chunk.get(i).version();
                }
                loadVersions(h, where.append(")").toString(), binds).forEach(v -> loaded.put(v.name() + "/" + v.version(), v));
            }
            List<ModelVersion> versions = found.stream()
                    .map(key -> loaded.get(key.name() + "/" + key.version()))
                    .filter(java.util.Objects::nonNull)
                    .toList();
            return new Page<>(versions, next);
        });
    }

    private record VersionKey(long modelPk, int version, String name) {}

    @Override
    public void setModelVersionTag(String name, int version, RegistryTag tag, long now) {
        tx.write(h -> {
            long pk = lockModel(h, name);
            requireVersion(h, pk, name, version);
            upsertVersionTag(h, pk, version, tag);
            h.execute("UPDATE model_versions SET last_updated_time = ? WHERE model_pk = ? AND version = ?", now, pk, version);
            return null;
        });
    }

    @Override
    public void deleteModelVersionTag(String name, int version, String key) {
        tx.write(h -> {
            long pk = lockModel(h, name);
            requireVersion(h, pk, name, version);
            if (h.execute("DELETE FROM model_version_tags WHERE model_pk = ? AND version = ? AND key = ?", pk, version, key) == 0) {
                throw SlipwayException.notFound("No tag with key '%s' on model version %s/%d", key, name, version);
            }
            return null;
        });
    }

    @Override
    public List<ModelVersion> latestVersions(String name, List<ModelStage> stages) {
        return tx.read(h -> {
            long pk = requireModel(h, name);
            List<ModelVersion> latest = latestPerStage(h, pk);
            if (stages.isEmpty()) {
                return latest;
            }
            return latest.stream().filter(v -> stages.contains(v.currentStage())).toList();
        });
    }

    // ---- loading ----

    /** Empty when the model is gone: a read outside a write transaction may race its deletion. */
    private static Optional<RegisteredModel> loadModel(Handle h, long pk) {
        return h.createQuery("SELECT " + MODEL_COLUMNS + " FROM registered_models m WHERE m.model_pk = ?").bind(0, pk)
                .map((rs, ctx) -> new RegisteredModel(rs.getString("name"), rs.getLong("creation_time"), rs.getLong("last_updated_time"),
                        rs.getString("user_id"), rs.getString("description"), List.of(), List.of(), List.of()))
                .findOne()
                .map(bare -> {
                    List<RegistryTag> tags = h.createQuery("SELECT key, value FROM registered_model_tags WHERE model_pk = ? ORDER BY key")
                            .bind(0, pk).map((rs, ctx) -> new RegistryTag(rs.getString(1), rs.getString(2))).list();
                    List<ModelAlias> aliases = h.createQuery(
                                    "SELECT alias, version FROM registered_model_aliases WHERE model_pk = ? ORDER BY alias")
                            .bind(0, pk).map((rs, ctx) -> new ModelAlias(rs.getString(1), Integer.toString(rs.getInt(2)))).list();
                    return new RegisteredModel(bare.name(), bare.creationTimestamp(), bare.lastUpdatedTimestamp(), bare.userId(),
                            bare.description(), latestPerStage(h, pk), tags, aliases);
                });
    }

    /** The highest version in each stage, in stage order. */
    private static List<ModelVersion> latestPerStage(Handle h, long pk) {
        List<ModelVersion> all = loadVersions(h, " WHERE v.model_pk = ? AND v.version = (SELECT MAX(w.version) FROM model_versions w"
                + " WHERE w.model_pk = v.model_pk AND w.current_stage = v.current_stage)", pk);
        return all.stream().sorted(java.util.Comparator.comparing(ModelVersion::currentStage)).toList();
    }

    private static ModelVersion loadVersion(Handle h, long pk, int version) {
        return loadVersions(h, " WHERE v.model_pk = ? AND v.version = ?", pk, version).get(0);
    }

    /** Versions matching {@code where} (which may start with joins), with their tags and aliases, by version. */
    private static List<ModelVersion> loadVersions(Handle h, String where, Object... binds) {
        String from = " FROM model_versions v JOIN registered_models m ON m.model_pk = v.model_pk" + where;
        List<Object[]> rows = bind(h.createQuery("SELECT " + VERSION_COLUMNS + from + " ORDER BY v.version"), binds)
                .map((rs, ctx) -> new Object[] {rs.getLong("model_pk"), row(rs)}).list();
        if (rows.isEmpty()) {
            return List.of();
        }
        // the tags and aliases of all these versions, in one query each
        Map<String, List<RegistryTag>> tags = new HashMap<>();
        bind(h.createQuery("SELECT t.model_pk, t.version, t.key, t.value FROM model_version_tags t JOIN (SELECT v.model_pk, v.version"
                        + from + ") k ON k.model_pk = t.model_pk AND k.version = t.version ORDER BY t.key"), binds)
                .map((rs, ctx) -> tags.computeIfAbsent(rs.getLong(1) + "/" + rs.getInt(2), x -> new ArrayList<>())
                        .add(new RegistryTag(rs.getString(3), rs.getString(4))))
                .list();
        Map<String, List<String>> aliases = new HashMap<>();
        bind(h.createQuery("SELECT a.model_pk, a.version, a.alias FROM registered_model_aliases a JOIN (SELECT v.model_pk, v.version"
                        + from + ") k ON k.model_pk = a.model_pk AND k.version = a.version ORDER BY a.alias"), binds)
                .map((rs, ctx) -> aliases.computeIfAbsent(rs.getLong(1) + "/" + rs.getInt(2), x -> new ArrayList<>()).add(rs.getString(3)))
                .list();
        List<ModelVersion> versions = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            ModelVersion bare = (ModelVersion) row[1];
            String key = row[0] + "/" + bare.number();
            versions.add(new ModelVersion(bare.name(), bare.version(), bare.creationTimestamp(), bare.lastUpdatedTimestamp(), bare.userId(),
                    bare.currentStage(), bare.description(), bare.source(), bare.runId(), bare.status(), bare.statusMessage(),
                    tags.getOrDefault(key, List.of()), bare.runLink(), aliases.getOrDefault(key, List.of()), bare.storageLocation()));
        }
        return versions;
    }

    private static org.jdbi.v3.core.statement.Query bind(org.jdbi.v3.core.statement.Query query, Object... binds) {
        for (int i = 0; i < binds.length; i++) {
            query.bind(i, binds[i]);
        }
        return query;
    }

    private static ModelVersion row(ResultSet rs) throws SQLException {
        return new ModelVersion(rs.getString("name"), Integer.toString(rs.getInt("version")), rs.getLong("creation_time"),
                rs.getLong("last_updated_time"), rs.getString("user_id"), ModelStage.parse(rs.getString("current_stage"), "stage"),
                rs.getString("description"), rs.getString("source"), rs.getString("run_id"),
                ModelVersionStatus.valueOf(rs.getString("status")), rs.getString("status_message"), List.of(), rs.getString("run_link"),
                List.of(), rs.getString("storage_location"));
    }

    // ---- helpers ----

    private static Optional<Long> findModelPk(Handle h, String name) {
        return h.createQuery("SELECT model_pk FROM registered_models WHERE name = ?").bind(0, name).mapTo(Long.class).findOne();
    }

    private static long requireModel(Handle h, String name) {
        return findModelPk(h, name).orElseThrow(() -> RegistryService.modelNotFound(name));
    }

    /**
     * Finds a model for a write and locks its row until the transaction ends, so that writes to
     * one model (its deletion included) take turns instead of deadlocking or failing on each
     * other's half-done work. An UPDATE, because SQLite has no SELECT ... FOR UPDATE.
     */
    static long lockModel(Handle h, String name) {
        return h.createQuery("UPDATE registered_models SET last_version = last_version WHERE name = ? RETURNING model_pk")
                .bind(0, name).mapTo(Long.class).findOne()
                .orElseThrow(() -> RegistryService.modelNotFound(name));
    }

    /** {@link #lockModel(Handle, String)} by the model's key; false when the model is gone. */
    static boolean lockModel(Handle h, long pk) {
        return h.execute("UPDATE registered_models SET last_version = last_version WHERE model_pk = ?", pk) > 0;
    }

    /**
     * Points {@code alias} at {@code version} and records the move in the alias history, made by
     * {@code actor} through promotion request {@code promotionId} ('' for a direct set). The caller
     * holds the model's lock; fails with RESOURCE_DOES_NOT_EXIST when the version is gone.
     */
    static void pointAlias(Handle h, long pk, String name, String alias, int version, String actor, long now, String promotionId) {
        requireVersion(h, pk, name, version);
        String previous = h.createQuery("SELECT version FROM registered_model_aliases WHERE model_pk = ? AND alias = ?")
                .bind(0, pk).bind(1, alias).mapTo(Integer.class).findOne().map(String::valueOf).orElse("");
        h.execute("INSERT INTO registered_model_aliases (model_pk, alias, version) VALUES (?, ?, ?)"
                + " ON CONFLICT (model_pk, alias) DO UPDATE SET version = excluded.version", pk, alias, version);
        recordAliasEvent(h, pk, alias, Integer.toString(version), previous, actor, now, promotionId);
        touchModel(h, pk, now);
    }

    private static void recordAliasEvent(Handle h, long pk, String alias, String version, String previousVersion, String actor,
            long now, String promotionId) {
        h.execute("INSERT INTO model_alias_events (model_pk, alias, version, previous_version, actor, event_time, promotion_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", pk, alias, version, previousVersion, nullToEmpty(actor), now, promotionId);
    }

    private static void requireVersion(Handle h, long pk, String name, int version) {
        boolean exists = h.createQuery("SELECT COUNT(*) FROM model_versions WHERE model_pk = ? AND version = ?")
                .bind(0, pk).bind(1, version).mapTo(Integer.class).one() > 0;
        if (!exists) {
            throw RegistryService.versionNotFound(name, version);
        }
    }

    private static void touchModel(Handle h, long pk, long now) {
        h.execute("UPDATE registered_models SET last_updated_time = ? WHERE model_pk = ?", now, pk);
    }

    private static void upsertModelTag(Handle h, long pk, RegistryTag tag) {
        h.execute("INSERT INTO registered_model_tags (model_pk, key, value) VALUES (?, ?, ?)"
                + " ON CONFLICT (model_pk, key) DO UPDATE SET value = excluded.value", pk, tag.key(), tag.value());
    }

    private static void upsertVersionTag(Handle h, long pk, int version, RegistryTag tag) {
        h.execute("INSERT INTO model_version_tags (model_pk, version, key, value) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (model_pk, version, key) DO UPDATE SET value = excluded.value", pk, version, tag.key(), tag.value());
    }

    private static SlipwayException alreadyExists(String name) {
        return SlipwayException.alreadyExists("Registered Model (name=%s) already exists.", name);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
