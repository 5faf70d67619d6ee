package io.slipway.cli.output;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.slipway.api.ApiJson;
import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * Where a command writes its result. Every result is printed through {@link #print}, which
 * takes the wire message and the human view together, so {@code --output json} is always
 * the same JSON the REST API answers with.
 */
public final class Output {
    private static final ObjectWriter JSON = ApiJson.newMapper().writerWithDefaultPrettyPrinter();
    private static final ObjectWriter JSON_LINE = ApiJson.newMapper().writer();

    private final PrintWriter out;
    private final OutputFormat format;

    public Output(PrintWriter out, OutputFormat format) {
        this.out = requireNonNull(out, "out is null");
        this.format = requireNonNull(format, "format is null");
    }

    /** Prints {@code wireMessage} as JSON, or the text {@code humanView} renders. */
    public void print(Object wireMessage, Supplier<String> humanView) {
        out.println(format == OutputFormat.JSON ? render(JSON, wireMessage) : humanView.get());
        out.flush();
    }

    /** Prints {@code wireMessage} as one line of compact JSON, whatever the format: one record of a JSON-lines export. */
    public void printJsonLine(Object wireMessage) {
        out.println(render(JSON_LINE, wireMessage));
    }

    /** Prints {@code wireMessage} as JSON whatever the format: for answers that are JSON documents with no table view. */
    public void printJson(Object wireMessage) {
        out.println(render(JSON, wireMessage));
        out.flush();
    }

    /** Prints a document the server rendered in a format of its own (a model card, a YAML file) as it is, whatever the format. */
    public void printDocument(String text) {
        out.println(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
        out.flush();
    }

    private static String render(ObjectWriter writer, Object wireMessage) {
        try {
            return writer.writeValueAsString(wireMessage);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render " + wireMessage.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
