package io.slipway.ml.protocol;

import io.slipway.core.SlipwayException;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of an RFC 4180 CSV text as cells: quoted cells may hold commas, quotes ({@code ""})
 * and line breaks; blank lines are skipped, as pandas does.
 */
final class CsvLines {
    private CsvLines() {
    }

    static List<List<String>> parse(String text) {
        List<List<String>> lines = new ArrayList<>();
        List<String> line = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean lineHasContent = false;
        int start = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? 1 : 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                lineHasContent = true;
            } else if (c == ',') {
                line.add(cell.toString());
                cell.setLength(0);
                lineHasContent = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (lineHasContent || cell.length() > 0) {
                    line.add(cell.toString());
                    lines.add(line);
                }
                line = new ArrayList<>();
                cell.setLength(0);
                lineHasContent = false;
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw SlipwayException.invalidParameter("Invalid CSV body: a quoted cell on line %d is not closed.", lines.size() + 1);
        }
        if (lineHasContent || cell.length() > 0) {
            line.add(cell.toString());
            lines.add(line);
        }
        return lines;
    }
}
