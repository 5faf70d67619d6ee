package io.slipway.cli.output;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table: each column padded to its widest cell, columns two spaces apart. */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(List<String> headers) {
        this.headers = List.copyOf(requireNonNull(headers, "headers is null"));
        if (this.headers.isEmpty()) {
            throw new IllegalArgumentException("A table needs at least one column");
        }
    }

    public Table(String... headers) {
        this(Arrays.asList(headers));
    }

    /** Adds a row; null cells print as empty. */
    public Table addRow(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("Row has " + cells.size() + " cells, the table " + headers.size() + " columns");
        }
        rows.add(cells.stream().map(cell -> cell == null ? "" : cell).toList());
        return this;
    }

    public Table addRow(String... cells) {
        return addRow(Arrays.asList(cells));
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The header line and one line per row, without trailing spaces or a final newline. */
    public String render() {
        int[] widths = new int[headers.size()];
        for (List<String> row : allRows()) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : allRows()) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(row.get(i));
                if (i < widths.length - 1) {
                    line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
                }
            }
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(line.toString().stripTrailing());
        }
        return text.toString();
    }

    /** The table under a title and indented, or {@code (none)} under the title when it has no rows. */
    public String renderSection(String title) {
        if (rows.isEmpty()) {
            return title + "\n  (none)";
        }
        return title + "\n  " + render().replace("\n", "\n  ");
    }

    private List<List<String>> allRows() {
        List<List<String>> all = new ArrayList<>(rows.size() + 1);
        all.add(headers);
        all.addAll(rows);
        return all;
    }
}
