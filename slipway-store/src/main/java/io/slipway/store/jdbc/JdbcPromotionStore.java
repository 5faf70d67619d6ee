package io.slipway.store.jdbc;

import static java.util.Objects.requireNonNull;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.governance.CheckResult;
import io.slipway.core.governance.PromotionCheck;
import io.slipway.core.governance.PromotionDecision;
import io.slipway.core.governance.PromotionRequest;
import io.slipway.core.governance.PromotionStatus;
import io.slipway.core.governance.PromotionStore;
import io.slipway.core.governance.Verdict;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * {@link PromotionStore} on SQLite or PostgreSQL. A request references its model by key, so it
 * follows a rename and goes with a deletion. Its checks are stored in order; check results refer
 * to them by position, those of request time with {@code evaluated_by = ''} and those of each
 * approval with the approver's name.
 *
 * <p>A decision locks the model's row, as every registry write does, and then the request's row,
 * the order in which a model's deletion takes them too. It re-reads the request under those
 * locks, so concurrent decisions on one request take turns and each sees the others' outcome.
 */
public final class JdbcPromotionStore implements PromotionStore {
    private static final int IN_LIST_CHUNK = 900;
    private static final String SELECT_REQUESTS = "SELECT r.request_id, m.name, r.version, r.alias, r.requested_by, r.comment,"
            + " r.status, r.required_approvals, r.previous_version, r.creation_time, r.last_updated_time"
            + " FROM promotion_requests r JOIN registered_models m ON m.model_pk = r.model_pk";

    private final SqlDialect dialect;
    private final Transactions tx;

    public JdbcPromotionStore(Database database) {
        requireNonNull(database, "database is null");
        this.dialect = database.dialect();
        this.tx = new Transactions(database);
    }

    @Override
    public PromotionRequest create(PromotionRequest request) {
        return tx.write(h -> {
            long modelPk = JdbcRegistryStore.lockModel(h, request.name());
            h.execute("INSERT INTO promotion_requests (request_id, model_pk, version, alias, requested_by, comment, status,"
                            + " required_approvals, previous_version, creation_time, last_updated_time)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    request.id(), modelPk, Integer.parseInt(request.version()), request.alias(), request.requestedBy(), request.comment(),
                    request.status().name(), request.requiredApprovals(), request.previousVersion(), request.creationTimestamp(),
                    request.lastUpdatedTimestamp());
            insertChecks(h, request.id(), request.checks());
            insertCheckResults(h, request.id(), "", request.checks(), request.checkResults());
            for (PromotionDecision decision : request.decisions()) {
                insertDecision(h, request.id(), request.checks(), decision);
            }
            return load(h, request.id()).orElseThrow();
        }, () -> SlipwayException.alreadyExists("Promotion request '%s' already exists.", request.id()));
    }

    @Override
    public Optional<PromotionRequest> get(String id) {
        return tx.read(h -> load(h, id));
    }

    @Override
    public List<PromotionRequest> list(String name, PromotionStatus status, int limit) {
        SqlFragment where = new SqlFragment().append(" WHERE 1 = 1");
        if (name != null) {
            where.append(" AND m.name = ?", name);
        }
        if (status != null) {
            where.append(" AND r.status = ?", status.name());
        }
        where.append(" ORDER BY r.creation_time DESC, r.request_id DESC LIMIT ?", limit);
        return tx.read(h -> loadRequests(h, where));
    }

    /**
     * {@inheritDoc}
     *
     * <p>An approval that brings the request to its required number of approvals approves it,
     * also when the caller, counting on an earlier read, asked for PENDING: two reviewers approving
     * at once each see one approval too few, and the second one to commit must still complete it.
     */
    @Override
    public PromotionRequest decide(String id, PromotionDecision decision, PromotionStatus newStatus) {
        return tx.write(h -> {
            long modelPk = h.createQuery("SELECT model_pk FROM promotion_requests WHERE request_id = ?")
                    .bind(0, id).mapTo(Long.class).findOne().orElseThrow(() -> requestNotFound(id));
            if (!JdbcRegistryStore.lockModel(h, modelPk)) {
                throw requestNotFound(id); // the model was deleted, and its requests with it
            }
            h.createQuery(dialect.lockingSelect("SELECT request_id FROM promotion_requests WHERE request_id = ?"))
                    .bind(0, id).mapTo(String.class).findOne().orElseThrow(() -> requestNotFound(id));
            PromotionRequest request = load(h, id).orElseThrow(() -> requestNotFound(id));
            if (request.status() != PromotionStatus.PENDING) {
                throw conflict("Promotion request " + id + " is " + request.status() + ", not PENDING: it cannot be decided again.");
            }
            if (request.decisions().stream().anyMatch(d -> d.username().equals(decision.username()))) {
                throw conflict("User '" + decision.username() + "' has already decided on promotion request " + id + ".");
            }
            insertDecision(h, id, request.checks(), decision);
            PromotionStatus status = settle(request, decision, newStatus);
            if (status == PromotionStatus.APPROVED) {
                JdbcRegistryStore.pointAlias(h, modelPk, request.name(), request.alias(), Integer.parseInt(request.version()),
                        decision.username(), decision.timestamp(), id);
            }
            h.execute("UPDATE promotion_requests SET status = ?, last_updated_time = ? WHERE request_id = ?",
                    status.name(), decision.timestamp(), id);
            return load(h, id).orElseThrow();
        });
    }

    private static PromotionStatus settle(PromotionRequest request, PromotionDecision decision, PromotionStatus requested) {
        boolean lastApproval = decision.verdict() == Verdict.APPROVE && request.approvals() + 1 >= request.requiredApprovals();
        return requested == PromotionStatus.PENDING && lastApproval ? PromotionStatus.APPROVED : requested;
    }

    // ---- writing ----

    private static void insertChecks(Handle h, String id, List<PromotionCheck> checks) {
        if (checks.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO promotion_checks (request_id, position, check_type, metric, op, threshold,"
                + " higher_is_better, tolerance, tag_key, tag_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (int i = 0; i < checks.size(); i++) {
            PromotionCheck check = checks.get(i);
            batch.bind(0, id).bind(1, i).bind(2, check.type()).bind(3, check.metric()).bind(4, check.op()).bind(5, check.threshold())
                    .bind(6, check.higherIsBetter()).bind(7, check.tolerance()).bind(8, check.key()).bind(9, check.value()).add();
        }
        batch.execute();
    }

    /** Stores results by the position of their check: they come in the order of the request's checks. */
    private static void insertCheckResults(Handle h, String id, String evaluatedBy, List<PromotionCheck> checks,
            List<CheckResult> results) {
        if (results.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO promotion_check_results (request_id, evaluated_by, position, passed, observed,"
                + " result_time) VALUES (?, ?, ?, ?, ?, ?)");
        for (int i = 0; i < results.size(); i++) {
            CheckResult result = results.get(i);
            if (i >= checks.size() || !result.check().equals(checks.get(i))) {
                throw new IllegalArgumentException("check result " + i + " of promotion request " + id
                        + " is not for the request's check " + i + ": results must follow the checks in order");
            }
            batch.bind(0, id).bind(1, evaluatedBy).bind(2, i).bind(3, result.passed()).bind(4, result.observed())
                    .bind(5, result.timestamp()).add();
        }
        batch.execute();
    }

    private static void insertDecision(Handle h, String id, List<PromotionCheck> checks, PromotionDecision decision) {
        h.execute("INSERT INTO promotion_decisions (request_id, username, verdict, comment, decision_time) VALUES (?, ?, ?, ?, ?)",
                id, decision.username(), decision.verdict().name(), decision.comment(), decision.timestamp());
        insertCheckResults(h, id, decision.username(), checks, decision.checkResults());
    }

    // ---- loading ----

    private static Optional<PromotionRequest> load(Handle h, String id) {
        return loadRequests(h, new SqlFragment().append(" WHERE r.request_id = ?", id)).stream().findFirst();
    }

    /** The requests {@code where} selects (it may order and limit), each with its checks, results and decisions. */
    private static List<PromotionRequest> loadRequests(Handle h, SqlFragment where) {
        List<PromotionRequest> bare = where.bindTo(h.createQuery(SELECT_REQUESTS + where.sql())).map((rs, ctx) -> bareRequest(rs)).list();
        Map<String, List<PromotionCheck>> checks = new HashMap<>();
        Map<String, List<CheckResult>> results = new HashMap<>(); // by request id + "/" + evaluated_by
        Map<String, List<PromotionDecision>> decisions = new HashMap<>();
        List<String> ids = bare.stream().map(PromotionRequest::id).toList();
        for (List<String> chunk : SearchSql.chunks(ids, IN_LIST_CHUNK)) {
            h.createQuery("SELECT request_id, check_type, metric, op, threshold, higher_is_better, tolerance, tag_key, tag_value"
                            + " FROM promotion_checks WHERE request_id IN (<ids>) ORDER BY request_id, position")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> checks.computeIfAbsent(rs.getString("request_id"), k -> new ArrayList<>()).add(check(rs)))
                    .list();
            h.createQuery("SELECT request_id, evaluated_by, position, passed, observed, result_time"
                            + " FROM promotion_check_results WHERE request_id IN (<ids>) ORDER BY request_id, evaluated_by, position")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> results.computeIfAbsent(rs.getString(1) + "/" + rs.getString(2), k -> new ArrayList<>())
                            .add(new CheckResult(checks.get(rs.getString(1)).get(rs.getInt(3)), rs.getBoolean(4), rs.getString(5),
                                    rs.getLong(6))))
                    .list();
            h.createQuery("SELECT request_id, username, verdict, comment, decision_time"
                            + " FROM promotion_decisions WHERE request_id IN (<ids>) ORDER BY request_id, decision_time, username")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> decisions.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new PromotionDecision(rs.getString(2), Verdict.valueOf(rs.getString(3)), rs.getString(4), rs.getLong(5),
                                    results.getOrDefault(rs.getString(1) + "/" + rs.getString(2), List.of()))))
                    .list();
        }
        return bare.stream().map(r -> new PromotionRequest(r.id(), r.name(), r.version(), r.alias(), r.requestedBy(), r.comment(),
                r.status(), r.requiredApprovals(), checks.getOrDefault(r.id(), List.of()), results.getOrDefault(r.id() + "/", List.of()),
                decisions.getOrDefault(r.id(), List.of()), r.previousVersion(), r.creationTimestamp(), r.lastUpdatedTimestamp())).toList();
    }

    private static PromotionRequest bareRequest(ResultSet rs) throws SQLException {
        return new PromotionRequest(rs.getString("request_id"), rs.getString("name"), Integer.toString(rs.getInt("version")),
                rs.getString("alias"), rs.getString("requested_by"), rs.getString("comment"), PromotionStatus.valueOf(rs.getString("status")),
                rs.getInt("required_approvals"), List.of(), List.of(), List.of(), rs.getString("previous_version"),
                rs.getLong("creation_time"), rs.getLong("last_updated_time"));
    }

    private static PromotionCheck check(ResultSet rs) throws SQLException {
        return new PromotionCheck(rs.getString("check_type"), rs.getString("metric"), rs.getString("op"),
                rs.getObject("threshold") == null ? null : rs.getDouble("threshold"),
                rs.getObject("higher_is_better") == null ? null : rs.getBoolean("higher_is_better"),
                rs.getObject("tolerance") == null ? null : rs.getDouble("tolerance"),
                rs.getString("tag_key"), rs.getString("tag_value"));
    }

    private static SlipwayException requestNotFound(String id) {
        return SlipwayException.notFound("Promotion request '%s' does not exist.", id);
    }

    private static SlipwayException conflict(String message) {
        return new SlipwayException(ErrorCode.RESOURCE_CONFLICT, message);
    }
}
