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
import java.sql.Connection;
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
import org.jdbi.v3.core.JdbiException;

/**
 * {@link TrackingStore} on SQLite or PostgreSQL. Every write is one transaction on the writer;
 * the checks that depend on stored state (run is active, param unchanged, name unique) run
 * inside it, so a failing request leaves nothing behind.
 */
public final class JdbcTrackingStore implements TrackingStore {
    private static final String RUN_COLUMNS =
            "run_uuid, experiment_id, name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage";

    private final Database database;
    private final SearchSql searchSql;

    public JdbcTrackingStore(Database database) {
        this.database = requireNonNull(database, "database is null");
        this.searchSql = new SearchSql(database.dialect());
    }

    // ---- experiments ----

    @Override
    public String createExperiment(String name, String artifactLocation, LongFunction<String> defaultLocation,
            List<ExperimentTag> tags, long now) {
        return write(h -> {
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
        return database.reader().withHandle(h -> loadExperiments(h,
                        h.createQuery("SELECT experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time"
                                + " FROM experiments WHERE experiment_id = ?").bind(0, id.get()))
                .stream().findFirst());
    }

    @Override
    public Optional<Experiment> getExperimentByName(String name) {
        return database.reader().withHandle(h -> loadExperiments(h,
                        h.createQuery("SELECT experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time"
                                + " FROM experiments WHERE name = ?").bind(0, name))
                .stream().findFirst());
    }

    @Override
    public Page<Experiment> searchExperiments(ExperimentSearch search) {
        SqlFragment sql = searchSql.experiments(search);
        List<Experiment> rows = database.reader().withHandle(h -> loadExperiments(h, sql.bindTo(h.createQuery(sql.sql()))));
        return page(rows, search.maxResults(), search.offset());
    }

    @Override
    public void renameExperiment(String experimentId, String newName, long now) {
        long id = requireExperimentId(experimentId);
        write(h -> {
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
        write(h -> {
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
        write(h -> {
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
        for (List<Long> chunk : SearchSql.chunks(ids, 900)) {
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
        write(h -> {
            String stage = h.createQuery("SELECT lifecycle_stage FROM experiments WHERE experiment_id = ?")
                    .bind(0, experimentId).mapTo(String.class).findOne()
                    .orElseThrow(() -> SlipwayException.notFound("No Experiment with id=%s exists", info.experimentId()));
            if (!stage.equals(LifecycleStage.ACTIVE.wireName())) {
                throw SlipwayException.invalidParameter(
                        "The experiment %s must be in the 'active' state. Current state is %s.", info.experimentId(), stage);
            }
            h.execute("INSERT INTO runs (" + RUN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    info.runId(), experimentId, info.runName(), info.userId(), info.status().name(), info.startTime(),
                    info.endTime(), info.artifactUri(), info.lifecycleStage().wireName());
            upsertTags(h, info.runId(), tags);
            return null;
        });
        return new Run(info, new RunData(List.of(), List.of(), sortedTags(tags)), new RunInputs(List.of()));
    }

    @Override
    public Optional<Run> getRun(String runId) {
        return database.reader().withHandle(h -> hydrate(h, List.of(runId)).stream().findFirst());
    }

    @Override
    public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
        return write(h -> {
            RunInfo current = requireActiveRun(h, runId);
            RunStatus newStatus = status == null ? current.status() : status;
            Long newEnd = endTime == null ? current.endTime() : endTime;
            String newName = runName == null ? current.runName() : runName;
            h.execute("UPDATE runs SET status = ?, end_time = ?, name = ? WHERE run_uuid = ?", newStatus.name(), newEnd, newName, runId);
            if (runName != null) {
                upsertTags(h, runId, List.of(new RunTag(MlflowTags.RUN_NAME, runName)));
            }
            return RunInfo.of(runId, newName, current.experimentId(), current.userId(), newStatus, current.startTime(), newEnd,
                    current.artifactUri(), current.lifecycleStage());
        });
    }

    @Override
    public void setRunLifecycleStage(String runId, LifecycleStage stage, long now) {
        write(h -> {
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
        write(h -> {
            requireActiveRun(h, runId);
            if (!params.isEmpty()) {
                logParams(h, runId, params);
            }
            if (!tags.isEmpty()) {
                upsertTags(h, runId, tags);
                tags.stream().filter(t -> t.key().equals(MlflowTags.RUN_NAME)).reduce((a, b) -> b)
                        .ifPresent(t -> h.execute("UPDATE runs SET name = ? WHERE run_uuid = ?", t.value(), runId));
            }
            if (!metrics.isEmpty()) {
                insertMetrics(h.getConnection(), runId, metrics);
            }
            return null;
        });
    }

    /** Params never change: equal values are no-ops, a different value fails the batch. */
    private static void logParams(Handle h, String runId, List<Param> params) {
        Map<String, String> requested = new LinkedHashMap<>();
        params.forEach(p -> requested.put(p.key(), p.value()));
        checkUnchanged(runId, requested, storedParams(h, runId, requested.keySet()));
        var batch = h.prepareBatch("INSERT INTO params (run_uuid, key, value) VALUES (?, ?, ?) ON CONFLICT (run_uuid, key) DO NOTHING");
        requested.forEach((k, v) -> batch.bind(0, runId).bind(1, k).bind(2, v).add());
        batch.execute();
        // another writer may have committed a different value between our read and our insert
        checkUnchanged(runId, requested, storedParams(h, runId, requested.keySet()));
    }

    private static Map<String, String> storedParams(Handle h, String runId, java.util.Collection<String> keys) {
        Map<String, String> stored = new HashMap<>();
        h.createQuery("SELECT key, value FROM params WHERE run_uuid = :run AND key IN (<keys>)")
                .bind("run", runId).bindList("keys", List.copyOf(keys))
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

    private static void upsertTags(Handle h, String runId, List<RunTag> tags) {
        if (tags.isEmpty()) {
            return;
        }
        var batch = h.prepareBatch("INSERT INTO tags (run_uuid, key, value) VALUES (?, ?, ?)"
                + " ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value");
        Map<String, String> last = new LinkedHashMap<>();
        tags.forEach(t -> last.put(t.key(), t.value()));
        last.forEach((k, v) -> batch.bind(0, runId).bind(1, k).bind(2, v).add());
        batch.execute();
    }

    /**
     * The ingest hot path, in plain JDBC: every point (an identical re-send is ignored), then
     * the latest point of each key, replaced only by a later one.
     */
    private static void insertMetrics(Connection connection, String runId, List<Metric> metrics) throws SQLException {
        Map<String, Metric> latest = new HashMap<>();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO metrics (run_uuid, key, step, timestamp, value, is_nan) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Metric metric : metrics) {
                boolean nan = Double.isNaN(metric.value());
                insert.setString(1, runId);
                insert.setString(2, metric.key());
                insert.setLong(3, metric.step());
                insert.setLong(4, metric.timestamp());
                insert.setDouble(5, nan ? 0.0 : metric.value());
                insert.setBoolean(6, nan);
                insert.addBatch();
                latest.merge(metric.key(), metric, (a, b) -> storedOrder(b, a) > 0 ? b : a);
            }
            insert.executeBatch();
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO latest_metrics (run_uuid, key, step, timestamp, value, is_nan) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (run_uuid, key) DO UPDATE SET step = excluded.step, timestamp = excluded.timestamp,"
                        + " value = excluded.value, is_nan = excluded.is_nan"
                        + " WHERE (excluded.step, excluded.timestamp, excluded.value)"
                        + " > (latest_metrics.step, latest_metrics.timestamp, latest_metrics.value)")) {
            for (Metric metric : latest.values()) {
                boolean nan = Double.isNaN(metric.value());
                upsert.setString(1, runId);
                upsert.setString(2, metric.key());
                upsert.setLong(3, metric.step());
                upsert.setLong(4, metric.timestamp());
                upsert.setDouble(5, nan ? 0.0 : metric.value());
                upsert.setBoolean(6, nan);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** Orders points as the database does: (step, timestamp, stored value), NaN stored as 0. */
    private static int storedOrder(Metric a, Metric b) {
        int c = Long.compare(a.step(), b.step());
        if (c == 0) {
            c = Long.compare(a.timestamp(), b.timestamp());
        }
        if (c == 0) {
            c = Double.compare(Double.isNaN(a.value()) ? 0.0 : a.value(), Double.isNaN(b.value()) ? 0.0 : b.value());
        }
        return c;
    }

    @Override
    public void deleteTag(String runId, String key) {
        write(h -> {
            requireActiveRun(h, runId);
            if (h.execute("DELETE FROM tags WHERE run_uuid = ? AND key = ?", runId, key) == 0) {
                throw SlipwayException.notFound("No tag with name: %s in run with id %s", key, runId);
            }
            return null;
        });
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) {
        write(h -> {
            RunInfo run = requireActiveRun(h, runId);
            long experimentId = Long.parseLong(run.experimentId());
            for (DatasetInput input : inputs) {
                Dataset d = input.dataset();
                h.execute("INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, source_type, source, schema, profile)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (experiment_id, name, digest) DO NOTHING",
                        UUID.randomUUID().toString().replace("-", ""), experimentId, d.name(), d.digest(), d.sourceType(), d.source(),
                        d.schema(), d.profile());
                String datasetId = h.createQuery("SELECT dataset_uuid FROM datasets WHERE experiment_id = ? AND name = ? AND digest = ?")
                        .bind(0, experimentId).bind(1, d.name()).bind(2, d.digest()).mapTo(String.class).one();
                h.execute("INSERT INTO run_inputs (run_uuid, dataset_uuid) VALUES (?, ?) ON CONFLICT DO NOTHING", runId, datasetId);
                for (InputTag tag : input.tags()) {
                    h.execute("INSERT INTO run_input_tags (run_uuid, dataset_uuid, key, value) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (run_uuid, dataset_uuid, key) DO UPDATE SET value = excluded.value",
                            runId, datasetId, tag.key(), tag.value());
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
        return database.reader().withHandle(h -> {
            List<String> ids = sql.bindTo(h.createQuery(sql.sql())).mapTo(String.class).list();
            String next = null;
            if (ids.size() > search.maxResults()) {
                ids = ids.subList(0, search.maxResults());
                next = PageToken.ofOffset(search.offset() + search.maxResults());
            }
            return new Page<>(hydrate(h, ids), next);
        });
    }

    @Override
    public Page<Metric> getMetricHistory(String runId, String metricKey, Integer maxResults, String pageToken) {
        MetricHistoryToken after = MetricHistoryToken.parse(pageToken);
        return read(h -> {
            StringBuilder sql = new StringBuilder("SELECT step, timestamp, value, is_nan FROM metrics WHERE run_uuid = ? AND key = ?");
            if (after != null) {
                sql.append(" AND (step, timestamp, value, is_nan) > (?, ?, ?, ?)");
            }
            sql.append(" ORDER BY step, timestamp, value, is_nan");
            if (maxResults != null) {
                sql.append(" LIMIT ").append(maxResults + 1);
            }
            Connection connection = h.getConnection();
            List<Metric> points = new ArrayList<>();
            MetricHistoryToken last = null;
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                statement.setFetchSize(10_000);
                statement.setString(1, runId);
                statement.setString(2, metricKey);
                if (after != null) {
                    statement.setLong(3, after.step());
                    statement.setLong(4, after.timestamp());
                    statement.setDouble(5, after.value());
                    statement.setBoolean(6, after.isNan());
                }
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        if (maxResults != null && points.size() == maxResults) {
                            return new Page<>(points, last.encode());
                        }
                        long step = rs.getLong(1);
                        long timestamp = rs.getLong(2);
                        double value = rs.getDouble(3);
                        boolean nan = rs.getBoolean(4);
                        points.add(new Metric(metricKey, nan ? Double.NaN : value, timestamp, step));
                        last = new MetricHistoryToken(step, timestamp, value, nan);
                    }
                }
            }
            return new Page<>(points, null);
        });
    }

    // ---- reading runs ----

    private static RunInfo requireActiveRun(Handle h, String runId) {
        RunInfo info = findRunInfo(h, runId).orElseThrow(() -> TrackingService.runNotFound(runId));
        if (info.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw SlipwayException.invalidParameter(
                    "The run %s must be in the 'active' state. Current state is %s.", runId, info.lifecycleStage().wireName());
        }
        return info;
    }

    private static Optional<RunInfo> findRunInfo(Handle h, String runId) {
        return h.createQuery("SELECT " + RUN_COLUMNS + " FROM runs WHERE run_uuid = ?").bind(0, runId)
                .map((rs, ctx) -> runInfo(rs)).findOne();
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
        Map<String, RunInfo> infos = new HashMap<>();
        Map<String, List<Metric>> metrics = new HashMap<>();
        Map<String, List<Param>> params = new HashMap<>();
        Map<String, List<RunTag>> tags = new HashMap<>();
        Map<String, List<DatasetInput>> inputs = new HashMap<>();
        for (List<String> chunk : SearchSql.chunks(runIds, 900)) {
            h.createQuery("SELECT " + RUN_COLUMNS + " FROM runs WHERE run_uuid IN (<ids>)").bindList("ids", chunk)
                    .map((rs, ctx) -> infos.put(rs.getString("run_uuid"), runInfo(rs))).list();
            h.createQuery("SELECT run_uuid, key, value, timestamp, step, is_nan FROM latest_metrics WHERE run_uuid IN (<ids>) ORDER BY key")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> metrics.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Metric(
                            rs.getString(2), rs.getBoolean(6) ? Double.NaN : rs.getDouble(3), rs.getLong(4), rs.getLong(5))))
                    .list();
            h.createQuery("SELECT run_uuid, key, value FROM params WHERE run_uuid IN (<ids>) ORDER BY key").bindList("ids", chunk)
                    .map((rs, ctx) -> params.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Param(rs.getString(2), rs.getString(3))))
                    .list();
            h.createQuery("SELECT run_uuid, key, value FROM tags WHERE run_uuid IN (<ids>) ORDER BY key").bindList("ids", chunk)
                    .map((rs, ctx) -> tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new RunTag(rs.getString(2), rs.getString(3))))
                    .list();
            loadInputs(h, chunk, inputs);
        }
        List<Run> runs = new ArrayList<>(runIds.size());
        for (String id : runIds) {
            RunInfo info = infos.get(id);
            if (info != null) {
                runs.add(new Run(info,
                        new RunData(metrics.getOrDefault(id, List.of()), params.getOrDefault(id, List.of()), tags.getOrDefault(id, List.of())),
                        new RunInputs(inputs.getOrDefault(id, List.of()))));
            }
        }
        return runs;
    }

    private static void loadInputs(Handle h, List<String> runIds, Map<String, List<DatasetInput>> into) {
        Map<String, List<InputTag>> inputTags = new HashMap<>();
        h.createQuery("SELECT run_uuid, dataset_uuid, key, value FROM run_input_tags WHERE run_uuid IN (<ids>) ORDER BY key")
                .bindList("ids", runIds)
                .map((rs, ctx) -> inputTags.computeIfAbsent(rs.getString(1) + "/" + rs.getString(2), k -> new ArrayList<>())
                        .add(new InputTag(rs.getString(3), rs.getString(4))))
                .list();
        h.createQuery("SELECT i.run_uuid, d.dataset_uuid, d.name, d.digest, d.source_type, d.source, d.schema, d.profile"
                        + " FROM run_inputs i JOIN datasets d ON d.dataset_uuid = i.dataset_uuid"
                        + " WHERE i.run_uuid IN (<ids>) ORDER BY d.name, d.digest")
                .bindList("ids", runIds)
                .map((rs, ctx) -> into.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new DatasetInput(
                        inputTags.getOrDefault(rs.getString(1) + "/" + rs.getString(2), List.of()),
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

    @FunctionalInterface
    private interface Work<T> {
        T run(Handle handle) throws SQLException;
    }

    private <T> T write(Work<T> work) {
        return write(work, null);
    }

    private <T> T read(Work<T> work) {
        try {
            return database.reader().withHandle(h -> {
                try {
                    return work.run(h);
                } catch (SQLException e) {
                    throw new StoreFailure(e);
                }
            });
        } catch (JdbiException e) {
            throw new StoreFailure(e.getCause() != null ? e.getCause() : e);
        }
    }

    /**
     * Runs {@code work} in one write transaction. A unique-key violation (a concurrent writer won
     * a race the work had checked for) becomes {@code onConflict}'s error when one is given.
     */
    private <T> T write(Work<T> work, java.util.function.Supplier<SlipwayException> onConflict) {
        try {
            return database.writer().inTransaction(h -> {
                try {
                    return work.run(h);
                } catch (SQLException e) {
                    throw new StoreFailure(e);
                }
            });
        } catch (StoreFailure e) {
            throw translate(e.getCause(), onConflict);
        } catch (JdbiException e) {
            throw translate(e.getCause() != null ? e.getCause() : e, onConflict);
        }
    }

    private RuntimeException translate(Throwable cause, java.util.function.Supplier<SlipwayException> onConflict) {
        if (onConflict != null && cause instanceof SQLException sql && isUniqueViolation(sql)) {
            return onConflict.get();
        }
        return new StoreFailure(cause);
    }

    private static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState())
                || (e.getMessage() != null && e.getMessage().contains("UNIQUE constraint failed"));
    }

    /** A database failure that is not the client's fault; the HTTP layer answers it with a 5xx. */
    public static final class StoreFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreFailure(Throwable cause) {
            super("metadata store failure: " + cause.getMessage(), cause);
        }
    }
}
