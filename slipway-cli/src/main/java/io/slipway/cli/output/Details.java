package io.slipway.cli.output;

import java.util.ArrayList;
import java.util.List;

/** A titled block of {@code label  value} lines, labels aligned, for showing one thing in detail. */
public final class Details {
    private final String title;
    private final List<String[]> fields = new ArrayList<>();

    public Details(String title) {
        this.title = title;
    }

    public Details add(String label, String value) {
        fields.add(new String[] {label, value == null ? "" : value});
        return this;
    }

    public String render() {
        int width = fields.stream().mapToInt(field -> field[0].length()).max().orElse(0);
        StringBuilder text = new StringBuilder(title);
        for (String[] field : fields) {
            text.append("\n  ").append(field[0]).append(" ".repeat(width - field[0].length() + 2)).append(field[1]);
        }
        return text.toString();
    }
}
