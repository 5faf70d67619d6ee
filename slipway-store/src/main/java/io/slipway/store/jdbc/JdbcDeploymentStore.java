package io.slipway.store.jdbc;

import static java.util.Objects.requireNonNull;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.serving.Candidate;
import io.slipway.core.serving.Deployment;
import io.slipway.core.serving.DeploymentEvent;
import io.slipway.core.serving.DeploymentStore;
import io.slipway.core.serving.ModelRef;
import io.slipway.core.serving.RollbackPolicy;
import io.slipway.core.serving.Rollout;
import io.slipway.core.serving.RolloutMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/**
 * {@link DeploymentStore} on SQLite or PostgreSQL. A deployment is one row, its candidate and
 * rollback policy in nullable columns, its rollout in four; its events are keyed by (name,
 * sequence) with no foreign key, so they stay when it goes.
 *
 * <p>An update is a compare-and-set: {@code UPDATE … WHERE name = ? AND last_updated_time = ?}.
 * On PostgreSQL a second writer with the same expectation waits for the first one's row lock and
 * then finds the time changed; on SQLite writers take turns anyway. Every write numbers its event
 * while it holds the deployment's row (or, for a creation, its name in the key), so a name's
 * sequence numbers have no gaps and no duplicates.
 */
public final class JdbcDeploymentStore implements DeploymentStore {
    /** The columns an update replaces, in the order {@link #bindState} binds them. */
    private static final List<String> STATE_COLUMNS = List.of("model_uri", "description", "stable_model", "stable_version",
            "candidate_model", "candidate_version", "candidate_mode", "candidate_percent", "rollback_max_error_rate",
            "rollback_max_p99_millis", "rollback_min_requests", "rollback_window_millis", "rollout_strategy", "rollout_initial_percent",
            "rollout_step_percent", "rollout_step_millis", "followed_version");
    private static final String COLUMNS = "name, created_by, creation_time, last_updated_time, " + String.join(", ", STATE_COLUMNS);
    private static final String EVENT_COLUMNS = "deployment_name, seq, event_time, actor, kind, from_version, to_version, reason";

    private final Transactions tx;

    public JdbcDeploymentStore(Database database) {
        requireNonNull(database, "database is null");
        this.tx = new Transactions(database);
    }

    @Override
    public Deployment create(Deployment deployment, DeploymentEvent created) {
        requireEventOf(deployment.name(), created);
        return tx.write(h -> {
            Update insert = h.createUpdate("INSERT INTO deployments (" + COLUMNS + ") VALUES ("
                    + SqlFragment.placeholders(4 + STATE_COLUMNS.size()) + ")")
                    .bind(0, deployment.name())
                    .bind(1, deployment.createdBy())
                    .bind(2, deployment.creationTimestamp())
                    .bind(3, deployment.lastUpdatedTimestamp());
            bindState(insert, 4, deployment).execute();
            appendEvent(h, created);
            return load(h, deployment.name()).orElseThrow();
        }, () -> SlipwayException.alreadyExists("Deployment '%s' already exists.", deployment.name()));
    }

    @Override
    public Optional<Deployment> get(String name) {
        return tx.read(h -> load(h, name));
    }

    @Override
    public List<Deployment> list() {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM deployments ORDER BY name")
                .map((rs, ctx) -> deployment(rs)).list());
    }

    @Override
    public Deployment update(Deployment updated, long expectedLastUpdatedTimestamp, DeploymentEvent event) {
        requireEventOf(updated.name(), event);
        long lastUpdated = Math.max(updated.lastUpdatedTimestamp(), expectedLastUpdatedTimestamp + 1);
        return tx.write(h -> {
            Update update = h.createUpdate("UPDATE deployments SET " + String.join(" = ?, ", STATE_COLUMNS)
                    + " = ?, last_updated_time = ? WHERE name = ? AND last_updated_time = ?");
            int n = STATE_COLUMNS.size();
            int changed = bindState(update, 0, updated)
                    .bind(n, lastUpdated)
                    .bind(n + 1, updated.name())
                    .bind(n + 2, expectedLastUpdatedTimestamp)
                    .execute();
            if (changed == 0) {
                long current = h.createQuery("SELECT last_updated_time FROM deployments WHERE name = ?")
                        .bind(0, updated.name()).mapTo(Long.class).findOne().orElseThrow(() -> notFound(updated.name()));
                throw new SlipwayException(ErrorCode.RESOURCE_CONFLICT, String.format(
                        "Deployment '%s' has changed since it was read (last updated at %d, not %d); read it again and retry.",
                        updated.name(), current, expectedLastUpdatedTimestamp));
            }
            appendEvent(h, event);
            return load(h, updated.name()).orElseThrow();
        });
    }

    @Override
    public void delete(String name, DeploymentEvent deleted) {
        requireEventOf(name, deleted);
        tx.write(h -> {
            if (h.execute("DELETE FROM deployments WHERE name = ?", name) == 0) {
                throw notFound(name);
            }
            appendEvent(h, deleted);
            return null;
        });
    }

    @Override
    public List<DeploymentEvent> events(String name, int maxResults) {
        if (maxResults < 1) {
            throw SlipwayException.invalidParameter("Invalid value %d for parameter 'max_results': at least 1.", maxResults);
        }
        return tx.read(h -> h.createQuery("SELECT " + EVENT_COLUMNS + " FROM deployment_events WHERE deployment_name = ?"
                        + " ORDER BY seq DESC LIMIT ?")
                .bind(0, name).bind(1, maxResults)
                .map((rs, ctx) -> event(rs)).list());
    }

    // ---- writing ----

    /** Binds {@link #STATE_COLUMNS} from position {@code first} on. */
    private static Update bindState(Update statement, int first, Deployment d) {
        Candidate candidate = d.candidate();
        RollbackPolicy rollback = d.rollback();
        Rollout rollout = d.rollout();
        return statement.bind(first, d.modelUri())
                .bind(first + 1, d.description())
                .bind(first + 2, d.stable().name())
                .bind(first + 3, Integer.parseInt(d.stable().version()))
                .bind(first + 4, candidate == null ? null : candidate.model().name())
                .bind(first + 5, candidate == null ? null : Integer.valueOf(candidate.model().version()))
                .bind(first + 6, candidate == null ? null : candidate.mode().name())
                .bind(first + 7, candidate == null ? null : Integer.valueOf(candidate.percent()))
                .bind(first + 8, rollback == null ? null : rollback.maxErrorRate())
                .bind(first + 9, rollback == null ? null : rollback.maxP99Millis())
                .bind(first + 10, rollback == null ? null : Integer.valueOf(rollback.minRequests()))
                .bind(first + 11, rollback == null ? null : Long.valueOf(rollback.windowMillis()))
                .bind(first + 12, rollout.strategy().name())
                .bind(first + 13, rollout.initialPercent())
                .bind(first + 14, rollout.stepPercent())
                .bind(first + 15, rollout.stepMillis())
                .bind(first + 16, Integer.parseInt(d.followedVersion()));
    }

    /** Appends {@code event} as the next of its deployment name's history. */
    private static void appendEvent(Handle h, DeploymentEvent event) {
        long seq = h.createQuery("SELECT COALESCE(MAX(seq), 0) + 1 FROM deployment_events WHERE deployment_name = ?")
                .bind(0, event.deploymentName()).mapTo(Long.class).one();
        h.createUpdate("INSERT INTO deployment_events (" + EVENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(0, event.deploymentName())
                .bind(1, seq)
                .bind(2, event.timestamp())
                .bind(3, event.actor())
                .bind(4, event.kind().name())
                .bind(5, event.fromVersion() == null ? null : Integer.valueOf(event.fromVersion()))
                .bind(6, event.toVersion() == null ? null : Integer.valueOf(event.toVersion()))
                .bind(7, event.reason())
                .execute();
    }

    private static void requireEventOf(String name, DeploymentEvent event) {
        requireNonNull(event, "event is null");
        if (!event.deploymentName().equals(name)) {
            throw new IllegalArgumentException("event of deployment '" + event.deploymentName() + "' given for deployment '" + name + "'");
        }
    }

    // ---- loading ----

    private static Optional<Deployment> load(Handle h, String name) {
        return h.createQuery("SELECT " + COLUMNS + " FROM deployments WHERE name = ?")
                .bind(0, name).map((rs, ctx) -> deployment(rs)).findOne();
    }

    private static Deployment deployment(ResultSet rs) throws SQLException {
        Candidate candidate = rs.getString("candidate_model") == null ? null : new Candidate(
                new ModelRef(rs.getString("candidate_model"), Integer.toString(rs.getInt("candidate_version"))),
                RolloutMode.valueOf(rs.getString("candidate_mode")), rs.getInt("candidate_percent"));
        RollbackPolicy rollback = rs.getObject("rollback_min_requests") == null ? null : new RollbackPolicy(
                nullableDouble(rs, "rollback_max_error_rate"), nullableDouble(rs, "rollback_max_p99_millis"),
                rs.getInt("rollback_min_requests"), rs.getLong("rollback_window_millis"));
        Rollout rollout = new Rollout(Rollout.Strategy.valueOf(rs.getString("rollout_strategy")), rs.getInt("rollout_initial_percent"),
                rs.getInt("rollout_step_percent"), rs.getLong("rollout_step_millis"));
        return new Deployment(rs.getString("name"), rs.getString("model_uri"), rs.getString("description"),
                new ModelRef(rs.getString("stable_model"), Integer.toString(rs.getInt("stable_version"))), candidate, rollback, rollout,
                Integer.toString(rs.getInt("followed_version")), rs.getString("created_by"), rs.getLong("creation_time"),
                rs.getLong("last_updated_time"));
    }

    private static DeploymentEvent event(ResultSet rs) throws SQLException {
        return new DeploymentEvent(rs.getString("deployment_name"), rs.getLong("seq"), rs.getLong("event_time"), rs.getString("actor"),
                DeploymentEvent.Kind.valueOf(rs.getString("kind")), nullableVersion(rs, "from_version"),
                nullableVersion(rs, "to_version"), rs.getString("reason"));
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static String nullableVersion(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : Integer.toString(value);
    }

    private static SlipwayException notFound(String name) {
        return SlipwayException.notFound("Deployment '%s' does not exist.", name);
    }
}
