package io.slipway.store.jdbc;

import io.slipway.core.tracking.Metric;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * The ingest hot path: writes the points of one log-batch, then moves each key's latest point
 * forward. Every point is kept; an identical re-send is ignored (the primary key covers the
 * whole point). The one dialect difference is how the points travel: SQLite takes a JDBC batch
 * (no round trips: it is in-process), PostgreSQL takes one INSERT over unnest() of column arrays,
 * which saves the per-row statement work of a batch.
 */
abstract class MetricWriter {
    static MetricWriter forDialect(SqlDialect dialect) {
        return dialect == SqlDialect.POSTGRESQL ? new PostgresArrays() : new JdbcBatch();
    }

    final void insert(Connection connection, long runPk, List<Metric> metrics) throws SQLException {
        insertPoints(connection, runPk, metrics);
        upsertLatest(connection, runPk, metrics);
    }

    abstract void insertPoints(Connection connection, long runPk, List<Metric> metrics) throws SQLException;

    private static void upsertLatest(Connection connection, long runPk, List<Metric> metrics) throws SQLException {
        Map<String, Metric> latest = new HashMap<>();
        for (Metric metric : metrics) {
            Metric current = latest.get(metric.key());
            if (current == null || storedOrder(metric, current) > 0) {
                latest.put(metric.key(), metric);
            }
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO latest_metrics (run_pk, key, step, timestamp, value, is_nan) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (run_pk, key) DO UPDATE SET step = excluded.step, timestamp = excluded.timestamp,"
                        + " value = excluded.value, is_nan = excluded.is_nan"
                        + " WHERE (excluded.step, excluded.timestamp, excluded.value)"
                        + " > (latest_metrics.step, latest_metrics.timestamp, latest_metrics.value)")) {
            for (Metric metric : latest.values()) {
                boolean nan = Double.isNaN(metric.value());
                upsert.setLong(1, runPk);
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
            c = Double.compare(stored(a.value()), stored(b.value()));
        }
        return c;
    }

    static double stored(double value) {
        return Double.isNaN(value) ? 0.0 : value;
    }

    private static final class JdbcBatch extends MetricWriter {
        @Override
        void insertPoints(Connection connection, long runPk, List<Metric> metrics) throws SQLException {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO metrics (run_pk, key, step, timestamp, value, is_nan) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (Metric metric : metrics) {
                    insert.setLong(1, runPk);
                    insert.setString(2, metric.key());
                    insert.setLong(3, metric.step());
                    insert.setLong(4, metric.timestamp());
                    insert.setDouble(5, stored(metric.value()));
                    insert.setBoolean(6, Double.isNaN(metric.value()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    private static final class PostgresArrays extends MetricWriter {
        @Override
        void insertPoints(Connection connection, long runPk, List<Metric> metrics) throws SQLException {
            int n = metrics.size();
            String[] keys = new String[n];
            long[] steps = new long[n];
            long[] timestamps = new long[n];
            double[] values = new double[n];
            boolean[] nans = new boolean[n];
            for (int i = 0; i < n; i++) {
                Metric metric = metrics.get(i);
                keys[i] = metric.key();
                steps[i] = metric.step();
                timestamps[i] = metric.timestamp();
                values[i] = stored(metric.value());
                nans[i] = Double.isNaN(metric.value());
            }
            PGConnection pg = connection.unwrap(PGConnection.class);
            Array keyArray = connection.createArrayOf("text", keys);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO metrics (run_pk, key, step, timestamp, value, is_nan)"
                            + " SELECT ?, * FROM unnest(?::text[], ?::int8[], ?::int8[], ?::float8[], ?::bool[]) ON CONFLICT DO NOTHING")) {
                insert.setLong(1, runPk);
                insert.setArray(2, keyArray);
                insert.setArray(3, pg.createArrayOf("int8", steps));
                insert.setArray(4, pg.createArrayOf("int8", timestamps));
                insert.setArray(5, pg.createArrayOf("float8", values));
                insert.setArray(6, pg.createArrayOf("bool", nans));
                insert.executeUpdate();
            }
        }
    }
}
