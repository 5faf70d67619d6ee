package io.slipway.data.profile;

/** Quoting for SQL text built from names and paths the user chose. */
final class SqlText {
    private SqlText() {
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
