package io.slipway.store.jdbc;

import static java.util.Objects.requireNonNull;

import io.slipway.core.audit.AuditChain;
import io.slipway.core.audit.AuditEvent;
import io.slipway.core.audit.AuditQuery;
import io.slipway.core.audit.AuditRecord;
import io.slipway.core.audit.AuditStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * {@link AuditStore} on SQLite or PostgreSQL. The one-row table {@code audit_head} holds the last
 * sequence number and hash; an append locks that row for its whole transaction, so appends from
 * any number of servers on one database queue there and extend one chain without gaps.
 */
public final class JdbcAuditStore implements AuditStore {
    private static final String SELECT_EVENTS = "SELECT seq, event_time, actor, source_ip, action, target, request_id, status, digest,"
            + " prev_hash, hash FROM audit_events";
    private static final String SELECT_HEAD = "SELECT seq, hash FROM audit_head WHERE id = 1";

    private final SqlDialect dialect;
    private final Transactions tx;

    public JdbcAuditStore(Database database) {
        requireNonNull(database, "database is null");
        this.dialect = database.dialect();
        this.tx = new Transactions(database);
    }

    @Override
    public List<AuditEvent> append(List<AuditRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        return tx.write(h -> {
            AuditEvent.Head head = h.createQuery(dialect.lockingSelect(SELECT_HEAD)).map((rs, ctx) -> head(rs)).one();
            List<AuditEvent> events = new ArrayList<>(records.size());
            long seq = head.seq();
            String hash = head.hash();
            for (AuditRecord record : records) {
                AuditEvent event = AuditChain.next(seq, hash, record);
                events.add(event);
                seq = event.seq();
                hash = event.hash();
            }
            PreparedBatch insert = h.prepareBatch("INSERT INTO audit_events (seq, event_time, actor, source_ip, action, target,"
                    + " request_id, status, digest, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            for (AuditEvent event : events) {
                AuditRecord r = event.record();
                insert.bind(0, event.seq()).bind(1, r.timestamp()).bind(2, r.actor()).bind(3, r.sourceIp()).bind(4, r.action())
                        .bind(5, r.target()).bind(6, r.requestId()).bind(7, r.status()).bind(8, r.digest())
                        .bind(9, event.prevHash()).bind(10, event.hash()).add();
            }
            insert.execute();
            h.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", seq, hash);
            return events;
        });
    }

    @Override
    public List<AuditEvent> query(AuditQuery query) {
        SqlFragment sql = new SqlFragment().append(SELECT_EVENTS + " WHERE seq > ?", query.afterSeq());
        if (query.actor() != null) {
            sql.append(" AND actor = ?", query.actor());
        }
        if (query.targetPrefix() != null && !query.targetPrefix().isEmpty()) {
            // a prefix compared as text, so '%' and '_' in targets need no escaping
            String prefix = query.targetPrefix();
            sql.append(" AND substr(target, 1, ?) = ?", prefix.codePointCount(0, prefix.length()), prefix);
        }
        if (query.action() != null) {
            sql.append(" AND action = ?", query.action());
        }
        if (query.fromTimestamp() != null) {
            sql.append(" AND event_time >= ?", query.fromTimestamp());
        }
        if (query.toTimestamp() != null) {
            sql.append(" AND event_time < ?", query.toTimestamp());
        }
        sql.append(" ORDER BY seq LIMIT ?", query.limit());
        return tx.read(h -> sql.bindTo(h.createQuery(sql.sql())).map((rs, ctx) -> event(rs)).list());
    }

    @Override
    public List<AuditEvent> scan(long afterSeq, int limit) {
        return tx.read(h -> h.createQuery(SELECT_EVENTS + " WHERE seq > ? ORDER BY seq LIMIT ?")
                .bind(0, afterSeq).bind(1, limit).map((rs, ctx) -> event(rs)).list());
    }

    @Override
    public AuditEvent.Head head() {
        return tx.read(h -> h.createQuery(SELECT_HEAD).map((rs, ctx) -> head(rs)).one());
    }

    private static AuditEvent.Head head(ResultSet rs) throws SQLException {
        return new AuditEvent.Head(rs.getLong("seq"), rs.getString("hash"));
    }

    private static AuditEvent event(ResultSet rs) throws SQLException {
        AuditRecord record = new AuditRecord(rs.getLong("event_time"), rs.getString("actor"), rs.getString("source_ip"),
                rs.getString("action"), rs.getString("target"), rs.getString("request_id"), rs.getInt("status"), rs.getString("digest"));
        return new AuditEvent(rs.getLong("seq"), record, rs.getString("prev_hash"), rs.getString("hash"));
    }
}
