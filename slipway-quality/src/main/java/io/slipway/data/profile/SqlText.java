package io.slipway.data.profile;

/** Quoting for SQL text built from names and paths the user chose. */
public final class SqlText {
    private SqlText() {
    }

    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    public static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
