package io.slipway.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.statement.SqlStatement;

/** SQL text built piece by piece, with its positional bind values in order. */
final class SqlFragment {
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> binds = new ArrayList<>();

    SqlFragment append(String text, Object... values) {
        sql.append(text);
        binds.addAll(List.of(values));
        return this;
    }

    SqlFragment append(SqlFragment other) {
        sql.append(other.sql);
        binds.addAll(other.binds);
        return this;
    }

    boolean isEmpty() {
        return sql.length() == 0;
    }

    String sql() {
        return sql.toString();
    }

    <T extends SqlStatement<T>> T bindTo(T statement) {
        for (int i = 0; i < binds.size(); i++) {
            statement.bind(i, binds.get(i));
        }
        return statement;
    }

    /** "?, ?, ?" for n values. */
    static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
