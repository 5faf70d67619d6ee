package io.slipway.api.card;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds a Markdown document in which user text can add formatting but not structure or HTML:
 * short values are escaped so they stay inside their table cell or line, and prose keeps its
 * Markdown but not its HTML tags.
 */
final class Markdown {
    // what could end a cell, start a link, emphasis, code or HTML, or be read as an entity
    private static final String INLINE_SPECIALS = "\\`*_[]<>|!&#~";
    // '<' opening a tag, comment or declaration; autolinks such as <https://...> stay links
    private static final Pattern HTML_OPENING = Pattern.compile("<(?=[A-Za-z/!?])(?!(?i:https?://|mailto:))");

    private final StringBuilder out = new StringBuilder();

    Markdown heading(int level, String text) {
        out.append("#".repeat(level)).append(' ').append(inline(text)).append("\n\n");
        return this;
    }

    /** A paragraph of the author's own Markdown (descriptions, intended use); empty text shows {@code placeholder}. */
    Markdown prose(String text, String placeholder) {
        return text == null || text.isBlank() ? emphasis(placeholder) : raw(HTML_OPENING.matcher(text.strip()).replaceAll("\\\\<"));
    }

    /** Text of our own, already Markdown. */
    Markdown raw(String markdown) {
        out.append(markdown).append("\n\n");
        return this;
    }

    Markdown emphasis(String text) {
        return raw("_" + inline(text) + "_");
    }

    Markdown bullets(List<String> items) {
        items.forEach(item -> out.append("- ").append(item).append('\n'));
        out.append('\n');
        return this;
    }

    /** A table; cells are escaped here. */
    Markdown table(List<String> headers, List<List<String>> rows) {
        row(headers);
        out.append('|').append(" --- |".repeat(headers.size())).append('\n');
        rows.forEach(this::row);
        out.append('\n');
        return this;
    }

    private void row(List<String> cells) {
        out.append('|');
        cells.forEach(cell -> out.append(' ').append(cell.isEmpty() ? " " : inline(cell)).append(" |"));
        out.append('\n');
    }

    /** One line of literal text: every character that Markdown would read as syntax is escaped. */
    static String inline(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                escaped.append(' ');
            } else {
                if (INLINE_SPECIALS.indexOf(c) >= 0) {
                    escaped.append('\\');
                }
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
