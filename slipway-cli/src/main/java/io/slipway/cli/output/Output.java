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

    private final PrintWriter out;
    private final OutputFormat format;

    public Output(PrintWriter out, OutputFormat format) {
        this.out = requireNonNull(out, "out is null");
        this.format = requireNonNull(format, "format is null");
    }

    /** Prints {@code wireMessage} as JSON, or the text {@code humanView} renders. */
    public void print(Object wireMessage, Supplier<String> humanView) {
        if (format == OutputFormat.JSON) {
            try {
                out.println(JSON.writeValueAsString(wireMessage));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot render " + wireMessage.getClass().getSimpleName() + " as JSON", e);
            }
        } else {
            out.println(humanView.get());
        }
        out.flush();
    }
}
