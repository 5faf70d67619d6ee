package io.slipway.cli.output;

/** What {@code --output} selects: a table for people, or the server's wire JSON for scripts. */
public enum OutputFormat {
    TABLE,
    JSON
}
