package io.slipway.store.jdbc;

import io.slipway.core.registry.RegistrySearch;
import io.slipway.core.tracking.DatasetInput;
import io.slipway.core.tracking.LifecycleStage;
import io.slipway.core.tracking.ViewType;
import io.slipway.core.tracking.search.Comparator;
import io.slipway.core.tracking.search.Comparison;
import io.slipway.core.tracking.search.ExperimentSearch;
import io.slipway.core.tracking.search.OrderBy;
import io.slipway.core.tracking.search.RunSearch;
import io.slipway.core.tracking.search.SearchEntity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates parsed searches (already validated by the grammar) into SQL with bind values.
 * Each metric, param or tag clause joins its key once; an order-by on a key that a filter
 * already joined reuses that join, so the planner can drive the query from the key's index.
 */
final class SearchSql {
    private static final Map<String, String> RUN_COLUMNS = Map.of(
            "run_id", "r.run_uuid",
            "run_name", "r.name",
            "status", "r.status",
            "user_id", "r.user_id",
            "artifact_uri", "r.artifact_uri",
            "lifecycle_stage", "r.lifecycle_stage",
            "start_time", "r.start_time",
            "end_time", "r.end_time");

    private static final Map<String, String> EXPERIMENT_COLUMNS = Map.of(
            "name", "e.name",
            "creation_time", "e.creation_time",
            "last_update_time", "e.last_update_time",
            "experiment_id", "e.experiment_id");

    private final SqlDialect dialect;

    SearchSql(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** Selects the run ids of one page (one row more than the page, to tell whether another follows). */
    SqlFragment runIds(RunSearch search, List<Long> experimentIds) {
        SqlFragment joins = new SqlFragment();
        SqlFragment where = new SqlFragment();
        Map<String, String> joinedKeys = new HashMap<>();
        int alias = 0;

        where.append(" WHERE r.experiment_id IN (" + SqlFragment.placeholders(experimentIds.size()) + ")", experimentIds.toArray());
        where.append(lifecycleClause("r.lifecycle_stage", search.viewType()));

        for (Comparison clause : search.filter()) {
            switch (clause.entity()) {
                case METRIC -> {
                    String a = "m" + alias++;
                    joins.append(" JOIN latest_metrics " + a + " ON " + a + ".run_pk = r.run_pk AND " + a + ".key = ?", clause.key());
                    where.append(" AND ").append(metricComparison(a, clause));
                    joinedKeys.putIfAbsent("metric:" + clause.key(), a);
                }
                case PARAM, TAG -> {
                    String a = (clause.entity() == SearchEntity.PARAM ? "p" : "t") + alias++;
                    String table = clause.entity() == SearchEntity.PARAM ? "params" : "tags";
                    joins.append(" JOIN " + table + " " + a + " ON " + a + ".run_pk = r.run_pk AND " + a + ".key = ?", clause.key());
                    where.append(" AND ").append(stringComparison(a + ".value", clause));
                    joinedKeys.putIfAbsent(table + ":" + clause.key(), a);
                }
                case ATTRIBUTE -> where.append(" AND ").append(attributeComparison(RUN_COLUMNS.get(clause.key()), clause));
                case DATASET -> where.append(" AND ").append(datasetComparison(clause));
            }
        }

        StringBuilder order = new StringBuilder();
        for (OrderBy orderBy : search.orderBy()) {
            String direction = orderBy.ascending() ? "ASC" : "DESC";
            switch (orderBy.entity()) {
                case METRIC -> {
                    String a = joinedKeys.get("metric:" + orderBy.key());
                    if (a == null) {
                        a = "o" + alias++;
                        joins.append(" LEFT JOIN latest_metrics " + a + " ON " + a + ".run_pk = r.run_pk AND " + a + ".key = ?", orderBy.key());
                        joinedKeys.put("metric:" + orderBy.key(), a);
                    }
                    order.append(", CASE WHEN " + a + ".value IS NULL OR " + a + ".is_nan = TRUE THEN 1 ELSE 0 END, ")
                            .append(a).append(".value ").append(direction);
                }
                case PARAM, TAG -> {
                    String table = orderBy.entity() == SearchEntity.PARAM ? "params" : "tags";
                    String a = joinedKeys.get(table + ":" + orderBy.key());
                    if (a == null) {
                        a = "o" + alias++;
                        joins.append(" LEFT JOIN " + table + " " + a + " ON " + a + ".run_pk = r.run_pk AND " + a + ".key = ?", orderBy.key());
                        joinedKeys.put(table + ":" + orderBy.key(), a);
                    }
                    order.append(", CASE WHEN " + a + ".value IS NULL THEN 1 ELSE 0 END, ").append(a).append(".value ").append(direction);
                }
                case ATTRIBUTE -> {
                    String column = RUN_COLUMNS.get(orderBy.key());
                    order.append(", CASE WHEN " + column + " IS NULL THEN 1 ELSE 0 END, ").append(column).append(' ').append(direction);
                }
                case DATASET -> throw new IllegalArgumentException("datasets cannot be ordered by");
            }
        }
        order.append(", r.start_time DESC, r.run_uuid ASC");

        return new SqlFragment()
                .append("SELECT r.run_uuid FROM runs r")
                .append(joins)
                .append(where)
                .append(" ORDER BY " + order.substring(2))
                .append(" LIMIT ? OFFSET ?", search.maxResults() + 1, search.offset());
    }

    /** Selects one page of experiments (plus one row). */
    SqlFragment experiments(ExperimentSearch search) {
        SqlFragment sql = new SqlFragment().append(
                "SELECT e.experiment_id, e.name, e.artifact_location, e.lifecycle_stage, e.creation_time, e.last_update_time"
                        + " FROM experiments e WHERE 1 = 1");
        sql.append(lifecycleClause("e.lifecycle_stage", search.viewType()));
        for (Comparison clause : search.filter()) {
            if (clause.entity() == SearchEntity.TAG) {
                sql.append(" AND EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.experiment_id AND t.key = ? AND ",
                                clause.key())
                        .append(stringComparison("t.value", clause))
                        .append(")");
            } else {
                sql.append(" AND ").append(attributeComparison(EXPERIMENT_COLUMNS.get(clause.key()), clause));
            }
        }
        StringBuilder order = new StringBuilder();
        for (OrderBy orderBy : search.orderBy()) {
            String column = EXPERIMENT_COLUMNS.get(orderBy.key());
            order.append(column).append(orderBy.ascending() ? " ASC" : " DESC").append(", ");
        }
        if (search.orderBy().isEmpty()) {
            order.append("e.creation_time DESC, ");
        }
        order.append("e.experiment_id DESC");
        return sql.append(" ORDER BY " + order).append(" LIMIT ? OFFSET ?", search.maxResults() + 1, search.offset());
    }

    private static final Map<String, String> MODEL_COLUMNS = Map.of(
            "name", "m.name",
            "creation_timestamp", "m.creation_time",
            "last_updated_timestamp", "m.last_updated_time");

    private static final Map<String, String> VERSION_COLUMNS = Map.of(
            "name", "m.name",
            "version_number", "v.version",
            "run_id", "v.run_id",
            "source_path", "v.source",
            "creation_timestamp", "v.creation_time",
            "last_updated_timestamp", "v.last_updated_time");

    /** Selects the keys of one page of registered models (plus one row); by name unless ordered otherwise. */
    SqlFragment registeredModels(RegistrySearch search) {
        SqlFragment sql = new SqlFragment().append("SELECT m.model_pk FROM registered_models m WHERE 1 = 1");
        for (Comparison clause : search.filter()) {
            if (clause.entity() == SearchEntity.TAG) {
                sql.append(" AND EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.model_pk = m.model_pk AND t.key = ? AND ", clause.key())
                        .append(stringComparison("t.value", clause)).append(")");
            } else {
                sql.append(" AND ").append(attributeComparison(MODEL_COLUMNS.get(clause.key()), clause));
            }
        }
        return sql.append(" ORDER BY " + orderClause(search.orderBy(), MODEL_COLUMNS, "m.name ASC"))
                .append(" LIMIT ? OFFSET ?", search.maxResults() + 1, search.offset());
    }

    /** Selects (model_pk, version, name) of one page of model versions (plus one row); by name, then newest version first. */
    SqlFragment modelVersions(RegistrySearch search) {
        SqlFragment sql = new SqlFragment().append(
                "SELECT v.model_pk, v.version, m.name FROM model_versions v JOIN registered_models m ON m.model_pk = v.model_pk WHERE 1 = 1");
        for (Comparison clause : search.filter()) {
            if (clause.entity() == SearchEntity.TAG) {
                sql.append(" AND EXISTS (SELECT 1 FROM model_version_tags t WHERE t.model_pk = v.model_pk AND t.version = v.version"
                                + " AND t.key = ? AND ", clause.key())
                        .append(stringComparison("t.value", clause)).append(")");
            } else {
                sql.append(" AND ").append(attributeComparison(VERSION_COLUMNS.get(clause.key()), clause));
            }
        }
        return sql.append(" ORDER BY " + orderClause(search.orderBy(), VERSION_COLUMNS, "m.name ASC, v.version DESC"))
                .append(" LIMIT ? OFFSET ?", search.maxResults() + 1, search.offset());
    }

    private static String orderClause(List<OrderBy> orderBy, Map<String, String> columns, String defaultOrder) {
        if (orderBy.isEmpty()) {
            return defaultOrder;
        }
        StringBuilder order = new StringBuilder();
        for (OrderBy clause : orderBy) {
            order.append(columns.get(clause.key())).append(clause.ascending() ? " ASC" : " DESC").append(", ");
        }
        return order.append(defaultOrder).toString();
    }

    private SqlFragment metricComparison(String alias, Comparison clause) {
        if (clause.comparator() == Comparator.NE) {
            return new SqlFragment().append(
                    "(" + alias + ".is_nan = TRUE OR " + alias + ".value <> ?)", clause.numberValue());
        }
        return new SqlFragment().append(
                alias + ".is_nan = FALSE AND " + alias + ".value " + clause.comparator().symbol() + " ?",
                clause.numberValue());
    }

    private SqlFragment attributeComparison(String column, Comparison clause) {
        if (clause.value() instanceof Double number) {
            String op = clause.comparator() == Comparator.NE ? "<>" : clause.comparator().symbol();
            return new SqlFragment().append(column + " " + op + " ?", number);
        }
        return stringComparison(column, clause);
    }

    private SqlFragment stringComparison(String column, Comparison clause) {
        return switch (clause.comparator()) {
            case EQ -> new SqlFragment().append(column + " = ?", clause.stringValue());
            case NE -> new SqlFragment().append(column + " <> ?", clause.stringValue());
            case LIKE -> new SqlFragment().append(dialect.likeCaseSensitive(column), dialect.likePattern(clause.stringValue()));
            case ILIKE -> new SqlFragment().append(dialect.likeIgnoreCase(column), clause.stringValue());
            case IN, NOT_IN -> {
                List<String> values = clause.listValue();
                String op = clause.comparator() == Comparator.IN ? " IN (" : " NOT IN (";
                yield new SqlFragment().append(column + op + SqlFragment.placeholders(values.size()) + ")", values.toArray());
            }
            default -> throw new IllegalArgumentException("not a string comparison: " + clause);
        };
    }

    private SqlFragment datasetComparison(Comparison clause) {
        String column = switch (clause.key()) {
            case "name" -> "d.name";
            case "digest" -> "d.digest";
            case "context" -> "it.value";
            default -> throw new IllegalArgumentException("unknown dataset key " + clause.key());
        };
        SqlFragment sql = new SqlFragment().append(
                "EXISTS (SELECT 1 FROM run_inputs i JOIN datasets d ON d.dataset_uuid = i.dataset_uuid");
        if (clause.key().equals("context")) {
            sql.append(" JOIN run_input_tags it ON it.run_pk = i.run_pk AND it.dataset_uuid = i.dataset_uuid AND it.key = ?",
                    DatasetInput.CONTEXT_TAG);
        }
        return sql.append(" WHERE i.run_pk = r.run_pk AND ").append(stringComparison(column, clause)).append(")");
    }

    private static SqlFragment lifecycleClause(String column, ViewType viewType) {
        return switch (viewType) {
            case ACTIVE_ONLY -> new SqlFragment().append(" AND " + column + " = ?", LifecycleStage.ACTIVE.wireName());
            case DELETED_ONLY -> new SqlFragment().append(" AND " + column + " = ?", LifecycleStage.DELETED.wireName());
            case ALL -> new SqlFragment();
        };
    }

    static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            result.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return result;
    }
}
