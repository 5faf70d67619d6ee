package io.slipway.store.jdbc;

import static java.util.Objects.requireNonNull;

import io.slipway.core.Page;
import io.slipway.core.PageToken;
import io.slipway.core.SlipwayException;
import io.slipway.core.tracking.Dataset;
import io.slipway.core.tracking.DatasetInput;
import io.slipway.core.tracking.Experiment;
import io.slipway.core.tracking.ExperimentTag;
import io.slipway.core.tracking.InputTag;
import io.slipway.core.tracking.LifecycleStage;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.MetricHistoryQuery;
import io.slipway.core.tracking.MetricPointSink;
import io.slipway.core.tracking.MlflowTags;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunData;
import io.slipway.core.tracking.RunInfo;
import io.slipway.core.tracking.RunInputs;
import io.slipway.core.tracking.RunStatus;
import io.slipway.core.tracking.RunTag;
import io.slipway.core.tracking.TrackingService;
import io.slipway.core.tracking.TrackingStore;
import io.slipway.core.tracking.search.ExperimentSearch;
import io.slipway.core.tracking.search.RunSearch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongFunction;
import org.jdbi.v3.core.Handle;

/**
 * {@link TrackingStore} on SQLite or PostgreSQL. Every write is one transaction on the writer;
 * the checks that depend on stored state (run is active, param unchanged, name unique) run
 * inside it, so a failing request leaves nothing behind.
 */
public final class JdbcTrackingStore implements TrackingStore {
    private static final String RUN_COLUMNS =
            "run_uuid, experiment_id, name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage";

    private static final int IN_LIST_CHUNK = 900;

    private final Database database;
    private final Transactions tx;
    private final SearchSql searchSql;
    private final MetricWriter metricWriter;

    public JdbcTrackingStore(Database database) {
        this.database = requireNonNull(database, "database is null");
        this.tx = new Transactions(database);
        this.searchSql = new SearchSql(database.dialect());
        this.metricWriter = MetricWriter.forDialect(database.dialect());
    }

    // ---- experiments ----

    @Override
    public String createExperiment(String name, String artifactLocation, LongFunction<String> defaultLocation,
            List<ExperimentTag> tags, long now) {
        return tx.write(h -> {
            requireNameFree(h, name);
            long id = h.createQuery("INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time)"
                            + " VALUES (?, ?, 'active', ?, ?) RETURNING experiment_id")
                    .bind(0, name).bind(1, artifactLocation == null ? "" : artifactLocation).bind(2, now).bind(3, now)
                    .mapTo(Long.class).one();
            if (artifactLocation == null) {
                h.execute("UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?", defaultLocation.apply(id), id);
            }
            for (ExperimentTag tag : tags) {
                upsertExperimentTag(h, id, tag);
            }
            return Long.toString(id);
        }, () -> SlipwayException.alreadyExists("Experiment(name=%s) already exists.", name));
    }

    @Override
    public Optional<Experiment> getExperiment(String experimentId) {
        Optional<Long> id = parseExperimentId(experimentId);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return tx.read(h -> loadExperiments(h,
                        h.createQuery("SELECT experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time"
                                + " FROM experiments WHERE experiment_id = ?").bind(0, id.get()))
                .stream().findFirst());
    }

    @Override
    public Optional<Experiment> getExperimentByName(String name) {
        return tx.read(h -> loadExperiments(h,
                        h.createQuery("SELECT experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time"
                                + " FROM experiments WHERE name = ?").bind(0, name))
                .stream().findFirst());
    }

    @Override
    public Page<Experiment> searchExperiments(ExperimentSearch search) {
        SqlFragment sql = searchSql.experiments(search);
        List<Experiment> rows = tx.read(h -> loadExperiments(h, sql.bindTo(h.createQuery(sql.sql()))));
        return page(rows, search.maxResults(), search.offset());
    }

    @Override
    public void renameExperiment(String experimentId, String newName, long now) {
        long id = requireExperimentId(experimentId);
        tx.write(h -> {
            Optional<Experiment> existing = loadExperiments(h,
                    h.createQuery("SELECT experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time"
                            + " FROM experiments WHERE name = ?").bind(0, newName)).stream().findFirst();
            if (existing.isPresent() && !existing.get().experimentId().equals(experimentId)) {
                throw SlipwayException.alreadyExists("Experiment(name=%s) already exists.", newName);
            }
            requireUpdated(h.execute("UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?", newName, now, id),
                    experimentId);
            return null;
        }, () -> SlipwayException.alreadyExists("Experiment(name=%s) already exists.", newName));
    }

    @Override
    public void setExperimentLifecycleStage(String experimentId, LifecycleStage stage, long now) {
        long id = requireExperimentId(experimentId);
        tx.write(h -> {
            requireUpdated(h.execute("UPDATE experiments SET lifecycle_stage = ?, last_update_time = ? WHERE experiment_id = ?",
                    stage.wireName(), now, id), experimentId);
            h.execute("UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE experiment_id = ?",
                    stage.wireName(), stage == LifecycleStage.DELETED ? now : null, id);
            return null;
        });
    }

    @Override
    public void setExperimentTag(String experimentId, ExperimentTag tag, long now) {
        long id = requireExperimentId(experimentId);
        tx.write(h -> {
            requireUpdated(h.execute("UPDATE experiments SET last_update_time = ? WHERE experiment_id = ?", now, id), experimentId);
            upsertExperimentTag(h, id, tag);
            return null;
        });
    }

    private static void upsertExperimentTag(Handle h, long experimentId, ExperimentTag tag) {
        h.execute("INSERT INTO experiment_tags (experiment_id, key, value) VALUES (?, ?, ?)"
                + " ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value", experimentId, tag.key(), tag.value());
    }

    private static void requireNameFree(Handle h, String name) {
        boolean taken = h.createQuery("SELECT COUNT(*) FROM experiments WHERE name = ?").bind(0, name).mapTo(Integer.class).one() > 0;
        if (taken) {
            throw SlipwayException.alreadyExists("Experiment(name=%s) already exists.", name);
        }
    }

    private static void requireUpdated(int rows, String experimentId) {
        if (rows == 0) {
            throw SlipwayException.notFound("No Experiment with id=%s exists", experimentId);
        }
    }

    private static List<Experiment> loadExperiments(Handle h, org.jdbi.v3.core.statement.Query query) {
        List<Experiment> bare = query.map((rs, ctx) -> new Experiment(
                Long.toString(rs.getLong("experiment_id")),
                rs.getString("name"),
                rs.getString("artifact_location"),
                LifecycleStage.fromWireName(rs.getString("lifecycle_stage")),
                rs.getLong("last_update_time"),
                rs.getLong("creation_time"),
                List.of())).list();
        if (bare.isEmpty()) {
            return bare;
        }
        Map<String, List<ExperimentTag>> tags = new HashMap<>();
        List<Long> ids = bare.stream().map(e -> Long.parseLong(e.experimentId())).toList();
        for (List<Long> chunk : SearchSql.chunks(ids, IN_LIST_CHUNK)) {
            h.createQuery("SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id IN (<ids>) ORDER BY key")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> {
                        tags.computeIfAbsent(Long.toString(rs.getLong(1)), k -> new ArrayList<>())
                                .add(new ExperimentTag(rs.getString(2), rs.getString(3)));
                        return null;
                    })
                    .list();
        }
        return bare.stream()
                .map(e -> new Experiment(e.experimentId(), e.name(), e.artifactLocation(), e.lifecycleStage(),
                        e.lastUpdateTime(), e.creationTime(), tags.getOrDefault(e.experimentId(), List.of())))
                .toList();
    }

    // ---- runs ----

    @Override
    public Run createRun(RunInfo info, List<RunTag> tags) {
        long experimentId = requireExperimentId(info.experimentId());
        tx.write(h -> {
            String stage = h.createQuery("SELECT lifecycle_stage FROM experiments WHERE experiment_id = ?")
                    .bind(0, experimentId).mapTo(String.class).findOne()
                    .orElseThrow(() -> SlipwayException.notFound("No Experiment with id=%s exists", info.experimentId()));
            if (!stage.equals(LifecycleStage.ACTIVE.wireName())) {
                throw SlipwayException.invalidParameter(
                        "The experiment %s must be in the 'active' state. Current state is %s.", info.experimentId(), stage);
            }
            long runPk = h.createQuery("INSERT INTO runs (" + RUN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING run_pk")
                    .bind(0, info.runId()).bind(1, experimentId).bind(2, info.runName()).bind(3, info.userId())
                    .bind(4, info.status().name()).bind(5, info.startTime()).bind(6, info.endTime()).bind(7, info.artifactUri())
                    .bind(8, info.lifecycleStage().wireName())
                    .mapTo(Long.class).one();
            upsertTags(h, runPk, tags);
            return null;
        });
        return new Run(info, new RunData(List.of(), List.of(), sortedTags(tags)), new RunInputs(List.of()));
    }

    @Override
    public Optional<Run> getRun(String runId) {
        return tx.read(h -> hydrate(h, List.of(runId)).stream().findFirst());
    }

    @Override
    public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
        return tx.write(h -> {
            StoredRun stored = requireActiveRun(h, runId);
            RunInfo current = stored.info();
            RunStatus newStatus = status == null ? current.status() : status;
            Long newEnd = endTime == null ? current.endTime() : endTime;
            String newName = runName == null ? current.runName() : runName;
            h.execute("UPDATE runs SET status = ?, end_time = ?, name = ? WHERE run_uuid = ?", newStatus.name(), newEnd, newName, runId);
            if (runName != null) {
                upsertTags(h, stored.pk(), List.of(new RunTag(MlflowTags.RUN_NAME, runName)));
            }
            return RunInfo.of(runId, newName, current.experimentId(), current.userId(), newStatus, current.startTime(), newEnd,
                    current.artifactUri(), current.lifecycleStage());
        });
    }

    @Override
    public void setRunLifecycleStage(String runId, LifecycleStage stage, long now) {
        tx.write(h -> {
            int rows = h.execute("UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE run_uuid = ?",
                    stage.wireName(), stage == LifecycleStage.DELETED ? now : null, runId);
            if (rows == 0) {
                throw TrackingService.runNotFound(runId);
            }
            return null;
        });
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
        tx.write(h -> {
            long runPk = requireActiveRun(h, runId).pk();
            if (!params.isEmpty()) {
                logParams(h, runId, runPk, params);
            }
            if (!tags.isEmpty()) {
                upsertTags(h, runPk, tags);
                tags.stream().filter(t -> t.key().equals(MlflowTags.RUN_NAME)).reduce((a, b) -> b)
                        .ifPresent(t -> h.execute("UPDATE runs SET name = ? WHERE run_pk = ?", t.value(), runPk));
            }
            if (!metrics.isEmpty()) {
                metricWriter.insert(h.getConnection(), runPk, metrics);
            }
            return null;
        });
    }

    /** Params never change: equal values are no-ops, a different value fails the batch. */
    private static void logParams(Handle h, String runId, long runPk, List<Param> params) {
        Map<String, String> requested = new LinkedHashMap<>();
        params.forEach(p -> requested.put(p.key(), p.value()));
        checkUnchanged(runId, requested, storedParams(h, runPk, requested.keySet()));
        var batch = h.prepareBatch("INSERT INTO params (run_pk, key, value) VALUES (?, ?, ?) ON CONFLICT (run_pk, key) DO NOTHING");
        requested.forEach((k, v) -> batch.bind(0, runPk).bind(1, k).bind(2, v).add());
        batch.execute();
        // another writer may have committed a different value between our read and our insert
        checkUnchanged(runId, requested, storedParams(h, runPk, requested.keySet()));
    }

    private static Map<String, String> storedParams(Handle h, long runPk, java.util.Collection<String> keys) {
        Map<String, String> stored = new HashMap<>();
        h.createQuery("SELECT key, value FROM params WHERE run_pk = :run AND key IN (<keys>)")
                .bind("run", runPk).bindList("keys", List.copyOf(keys))
                .map((rs, ctx) -> stored.put(rs.getString(1), rs.getString(2)))
                .list();
        return stored;
    }

    private static void checkUnchanged(String runId, Map<String, String> requested, Map<String, String> stored) {
        for (Map.Entry<String, String> entry : stored.entrySet()) {
            String wanted = requested.get(entry.getKey());
            if (wanted != null && !wanted.equals(entry.getValue())) {
                throw SlipwayException.invalidParameter(
                        "Changing param values is not allowed. Param with key='%s' was already logged with value='%s' for run ID='%s'. "
                                + "Attempted logging new value '%s'.", entry.getKey(), entry.getValue(), runId, wanted);
            }
        }
    }

    private static void upsertTags(Handle h, long runPk, List<RunTag> tags) {
        if (tags.isEmpty()) {
            return;
        }
        var batch = h.prepareBatch("INSERT INTO tags (run_pk, key, value) VALUES (?, ?, ?)"
                + " ON CONFLICT (run_pk, key) DO UPDATE SET value = excluded.value");
        Map<String, String> last = new LinkedHashMap<>();
        tags.forEach(t -> last.put(t.key(), t.value()));
        last.forEach((k, v) -> batch.bind(0, runPk).bind(1, k).bind(2, v).add());
        batch.execute();
    }

    @Override
    public void deleteTag(String runId, String key) {
        tx.write(h -> {
            long runPk = requireActiveRun(h, runId).pk();
            if (h.execute("DELETE FROM tags WHERE run_pk = ? AND key = ?", runPk, key) == 0) {
                throw SlipwayException.notFound("No tag with name: %s in run with id %s", key, runId);
            }
            return null;
        });
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) {
        tx.write(h -> {
            StoredRun run = requireActiveRun(h, runId);
            long experimentId = Long.parseLong(run.info().experimentId());
            for (DatasetInput input : inputs) {
                Dataset d = input.dataset();
                h.execute("INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, source_type, source, schema, profile)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (experiment_id, name, digest) DO NOTHING",
                        UUID.randomUUID().toString().replace("-", ""), experimentId, d.name(), d.digest(), d.sourceType(), d.source(),
                        d.schema(), d.profile());
                String datasetId = h.createQuery("SELECT dataset_uuid FROM datasets WHERE experiment_id = ? AND name = ? AND digest = ?")
                        .bind(0, experimentId).bind(1, d.name()).bind(2, d.digest()).mapTo(String.class).one();
                h.execute("INSERT INTO run_inputs (run_pk, dataset_uuid) VALUES (?, ?) ON CONFLICT DO NOTHING", run.pk(), datasetId);
                for (InputTag tag : input.tags()) {
                    h.execute("INSERT INTO run_input_tags (run_pk, dataset_uuid, key, value) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (run_pk, dataset_uuid, key) DO UPDATE SET value = excluded.value",
                            run.pk(), datasetId, tag.key(), tag.value());
                }
            }
            return null;
        });
    }

    @Override
    public Page<Run> searchRuns(RunSearch search) {
        List<Long> experimentIds = search.experimentIds().stream()
                .map(JdbcTrackingStore::parseExperimentId).flatMap(Optional::stream).toList();
        if (experimentIds.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        SqlFragment sql = searchSql.runIds(search, experimentIds);
        return tx.read(h -> {
            List<String> ids = sql.bindTo(h.createQuery(sql.sql())).mapTo(String.class).list();
            String next = null;
            if (ids.size() > search.maxResults()) {
                ids = ids.subList(0, search.maxResults());
                next = PageToken.ofOffset(search.offset() + search.maxResults());
            }
            return new Page<>(hydrate(h, ids), next);
        });
    }

    // one pass over run_inputs (nothing indexes dataset_uuid or datasets.name yet): fine for an interactive lineage query
    @Override
    public List<String> runIdsWithDataset(String name, String digest) {
        String sql = "SELECT r.run_uuid FROM runs r WHERE r.run_pk IN ("
                + "SELECT i.run_pk FROM datasets d JOIN run_inputs i ON i.dataset_uuid = d.dataset_uuid"
                + " WHERE d.name = ?" + (digest == null ? "" : " AND d.digest = ?") + ")"
                + " ORDER BY r.start_time DESC, r.run_uuid";
        return tx.read(h -> {
            var query = h.createQuery(sql).bind(0, name);
            if (digest != null) {
                query.bind(1, digest);
            }
            return query.mapTo(String.class).list();
        });
    }

    @Override
    public MetricHistoryQuery metricHistory(String runId, String metricKey, Integer maxResults, String pageToken) {
        MetricHistoryToken after = MetricHistoryToken.parse(pageToken);
        return sink -> streamMetricHistory(runId, metricKey, maxResults, after, sink);
    }

    private String streamMetricHistory(String runId, String metricKey, Integer maxResults, MetricHistoryToken after, MetricPointSink sink) {
        StringBuilder sql = new StringBuilder("SELECT step, timestamp, value, is_nan FROM metrics"
                + " WHERE run_pk = (SELECT run_pk FROM runs WHERE run_uuid = ?) AND key = ?");
        if (after != null) {
            sql.append(" AND (step, timestamp, value, is_nan) > (?, ?, ?, ?)");
        }
        sql.append(" ORDER BY step, timestamp, value, is_nan");
        if (maxResults != null) {
            sql.append(" LIMIT ").append(maxResults + 1L);
        }
        // in a transaction, so that PostgreSQL streams rows through a cursor instead of buffering them all
        return tx.readInTransaction(h -> {
            try (PreparedStatement statement = h.getConnection().prepareStatement(sql.toString())) {
                database.dialect().prepareForLongResult(statement);
                statement.setString(1, runId);
                statement.setString(2, metricKey);
                if (after != null) {
                    statement.setLong(3, after.step());
                    statement.setLong(4, after.timestamp());
                    statement.setDouble(5, after.value());
                    statement.setBoolean(6, after.isNan());
                }
                try (ResultSet rs = statement.executeQuery()) {
                    long sent = 0;
                    MetricHistoryToken last = null;
                    while (rs.next()) {
                        if (maxResults != null && sent == maxResults) {
                            return last.encode();
                        }
                        long step = rs.getLong(1);
                        long timestamp = rs.getLong(2);
                        double value = rs.getDouble(3);
                        boolean nan = rs.getBoolean(4);
                        sink.accept(step, timestamp, nan ? Double.NaN : value);
                        sent++;
                        if (maxResults != null) {
                            last = new MetricHistoryToken(step, timestamp, value, nan);
                        }
                    }
                    return null;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    // ---- reading runs ----

    /** A run as stored: its compact key for child rows, and its info. */
    private record StoredRun(long pk, RunInfo info) {}

    private static StoredRun requireActiveRun(Handle h, String runId) {
        StoredRun run = h.createQuery("SELECT run_pk, " + RUN_COLUMNS + " FROM runs WHERE run_uuid = ?").bind(0, runId)
                .map((rs, ctx) -> new StoredRun(rs.getLong("run_pk"), runInfo(rs))).findOne()
                .orElseThrow(() -> TrackingService.runNotFound(runId));
        if (run.info().lifecycleStage() != LifecycleStage.ACTIVE) {
            throw SlipwayException.invalidParameter(
                    "The run %s must be in the 'active' state. Current state is %s.", runId, run.info().lifecycleStage().wireName());
        }
        return run;
    }

    private static RunInfo runInfo(ResultSet rs) throws SQLException {
        long end = rs.getLong("end_time");
        Long endTime = rs.wasNull() ? null : end;
        return RunInfo.of(rs.getString("run_uuid"), rs.getString("name"), Long.toString(rs.getLong("experiment_id")),
                rs.getString("user_id"), RunStatus.valueOf(rs.getString("status")), rs.getLong("start_time"), endTime,
                rs.getString("artifact_uri"), LifecycleStage.fromWireName(rs.getString("lifecycle_stage")));
    }

    /** Loads whole runs (info, latest metrics, params, tags, inputs) in the order of {@code runIds}. */
    private static List<Run> hydrate(Handle h, List<String> runIds) {
        if (runIds.isEmpty()) {
            return List.of();
        }
        Map<String, StoredRun> runs = new HashMap<>();
        for (List<String> chunk : SearchSql.chunks(runIds, IN_LIST_CHUNK)) {
            h.createQuery("SELECT run_pk, " + RUN_COLUMNS + " FROM runs WHERE run_uuid IN (<ids>)").bindList("ids", chunk)
                    .map((rs, ctx) -> runs.put(rs.getString("run_uuid"), new StoredRun(rs.getLong("run_pk"), runInfo(rs)))).list();
        }
        List<Long> pks = runs.values().stream().map(StoredRun::pk).toList();
        Map<Long, List<Metric>> metrics = new HashMap<>();
        Map<Long, List<Param>> params = new HashMap<>();
        Map<Long, List<RunTag>> tags = new HashMap<>();
        Map<Long, List<DatasetInput>> inputs = new HashMap<>();
        for (List<Long> chunk : SearchSql.chunks(pks, IN_LIST_CHUNK)) {
            h.createQuery("SELECT run_pk, key, value, timestamp, step, is_nan FROM latest_metrics WHERE run_pk IN (<pks>) ORDER BY key")
                    .bindList("pks", chunk)
                    .map((rs, ctx) -> metrics.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Metric(
                            rs.getString(2), rs.getBoolean(6) ? Double.NaN : rs.getDouble(3), rs.getLong(4), rs.getLong(5))))
                    .list();
            h.createQuery("SELECT run_pk, key, value FROM params WHERE run_pk IN (<pks>) ORDER BY key").bindList("pks", chunk)
                    .map((rs, ctx) -> params.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new Param(rs.getString(2), rs.getString(3))))
                    .list();
            h.createQuery("SELECT run_pk, key, value FROM tags WHERE run_pk IN (<pks>) ORDER BY key").bindList("pks", chunk)
                    .map((rs, ctx) -> tags.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new RunTag(rs.getString(2), rs.getString(3))))
                    .list();
            loadInputs(h, chunk, inputs);
        }
        List<Run> result = new ArrayList<>(runIds.size());
        for (String id : runIds) {
            StoredRun run = runs.get(id);
            if (run != null) {
                long pk = run.pk();
                result.add(new Run(run.info(),
                        new RunData(metrics.getOrDefault(pk, List.of()), params.getOrDefault(pk, List.of()), tags.getOrDefault(pk, List.of())),
                        new RunInputs(inputs.getOrDefault(pk, List.of()))));
            }
        }
        return result;
    }

    private static void loadInputs(Handle h, List<Long> runPks, Map<Long, List<DatasetInput>> into) {
        Map<String, List<InputTag>> inputTags = new HashMap<>();
        h.createQuery("SELECT run_pk, dataset_uuid, key, value FROM run_input_tags WHERE run_pk IN (<pks>) ORDER BY key")
                .bindList("pks", runPks)
                .map((rs, ctx) -> inputTags.computeIfAbsent(rs.getLong(1) + "/" + rs.getString(2), k -> new ArrayList<>())
                        .add(new InputTag(rs.getString(3), rs.getString(4))))
                .list();
        h.createQuery("SELECT i.run_pk, d.dataset_uuid, d.name, d.digest, d.source_type, d.source, d.schema, d.profile"
                        + " FROM run_inputs i JOIN datasets d ON d.dataset_uuid = i.dataset_uuid"
                        + " WHERE i.run_pk IN (<pks>) ORDER BY d.name, d.digest")
                .bindList("pks", runPks)
                .map((rs, ctx) -> into.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new DatasetInput(
                        inputTags.getOrDefault(rs.getLong(1) + "/" + rs.getString(2), List.of()),
                        new Dataset(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)))))
                .list();
    }

    // ---- helpers ----

    private static List<RunTag> sortedTags(List<RunTag> tags) {
        Map<String, String> last = new java.util.TreeMap<>();
        tags.forEach(t -> last.put(t.key(), t.value()));
        return last.entrySet().stream().map(e -> new RunTag(e.getKey(), e.getValue())).toList();
    }

    private static <T> Page<T> page(List<T> rows, int maxResults, long offset) {
        if (rows.size() > maxResults) {
            return new Page<>(rows.subList(0, maxResults), PageToken.ofOffset(offset + maxResults));
        }
        return new Page<>(rows, null);
    }

    private static Optional<Long> parseExperimentId(String experimentId) {
        try {
            return Optional.of(Long.parseLong(experimentId));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long requireExperimentId(String experimentId) {
        return parseExperimentId(experimentId)
                .orElseThrow(() -> SlipwayException.notFound("No Experiment with id=%s exists", experimentId));
    }
}
