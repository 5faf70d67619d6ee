package io.slipway.server.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.audit.AuditChain;
import io.slipway.server.audit.AuditTrail;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads request messages and writes responses, one way for every endpoint. A POST carries
 * its message as a JSON body, a GET as query parameters (a repeated key is a list); both
 * bind to the same record. Every failure to read becomes a 4xx naming the offending field.
 */
public final class JsonIo {
    private final ObjectMapper mapper;
    private final long maxBodyBytes;

    public JsonIo(ObjectMapper mapper, long maxBodyBytes) {
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.maxBodyBytes = maxBodyBytes;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * The request message: from the query string for GET, from the JSON body otherwise. A DELETE
     * may carry either (MLflow's Python client sends a body, other clients a query string).
     */
    public <T> T read(Context ctx, Class<T> type) {
        return switch (ctx.method().name()) {
            case "GET", "HEAD" -> fromQuery(ctx, type);
            case "DELETE" -> ctx.req().getContentLengthLong() > 0 || "chunked".equalsIgnoreCase(ctx.header("Transfer-Encoding"))
                    ? fromBody(ctx, type) : fromQuery(ctx, type);
            default -> fromBody(ctx, type);
        };
    }

    private <T> T fromBody(Context ctx, Class<T> type) {
        String contentType = ctx.contentType();
        if (contentType != null && !contentType.isBlank()
                && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw SlipwayException.invalidParameter(
                    "Bad request. The request body must be JSON with Content-Type 'application/json'; got '%s'.", contentType);
        }
        byte[] body = readBody(ctx);
        if (isBlank(body)) {
            body = "{}".getBytes();
        }
        T message;
        try {
            message = mapper.readValue(body, type);
        } catch (IOException e) {
            throw translate(e);
        }
        if (message == null) {
            throw SlipwayException.invalidParameter("Invalid request body: it must be a JSON object, not null.");
        }
        return message;
    }

    private <T> T fromQuery(Context ctx, Class<T> type) {
        ObjectNode node = mapper.createObjectNode();
        for (Map.Entry<String, List<String>> entry : ctx.queryParamMap().entrySet()) {
            List<String> values = entry.getValue();
            if (values.size() == 1) {
                node.put(entry.getKey(), values.get(0));
            } else {
                ArrayNode array = node.putArray(entry.getKey());
                values.forEach(array::add);
            }
        }
        try {
            return mapper.treeToValue(node, type);
        } catch (IOException e) {
            throw translate(e);
        }
    }

    private byte[] readBody(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            if (ctx.req().getContentLengthLong() > maxBodyBytes) {
                throw tooLarge(ctx, in);
            }
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                throw tooLarge(ctx, in);
            }
            if (body.length > 0) {
                ctx.attribute(AuditTrail.BODY_DIGEST, AuditChain.sha256(body));
            }
            return body;
        } catch (IOException e) {
            throw new SlipwayException(ErrorCode.BAD_REQUEST, "Could not read the request body: " + e.getMessage(), e);
        }
    }

    private SlipwayException tooLarge(Context ctx, InputStream in) throws IOException {
        discardBody(ctx, in, 4 * maxBodyBytes);
        return tooLarge();
    }

    /**
     * Reads and drops the rest of a request body that will not be used (up to {@code limit}
     * bytes), so that a client still sending it gets to read the error; closing with unread
     * bytes would reset the connection under the response. Past the limit the connection is
     * marked to close instead.
     */
    public static void discardBody(Context ctx, InputStream in, long limit) {
        try {
            long skipped = 0;
            while (skipped < limit) {
                long n = in.skip(limit - skipped);
                if (n <= 0) {
                    if (in.read() < 0) {
                        return;
                    }
                    n = 1;
                }
                skipped += n;
            }
            ctx.header("Connection", "close");
        } catch (IOException e) {
            ctx.header("Connection", "close");
        }
    }

    private SlipwayException tooLarge() {
        return new SlipwayException(ErrorCode.REQUEST_TOO_LARGE, String.format(
                "The request body exceeds the limit of %d bytes. Split the request (e.g. log-batch in several calls).", maxBodyBytes));
    }

    /** A field that carries a JSON document as a string: checks it is an object, returns it compacted. */
    public String requireJsonObject(String json, String field) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = mapper.readTree(json);
            if (node == null || !node.isObject()) {
                throw SlipwayException.invalidParameter("Invalid value for parameter '%s': expected a JSON object.", field);
            }
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw SlipwayException.invalidParameter("Invalid value for parameter '%s': it is not valid JSON (%s).", field, e.getOriginalMessage());
        }
    }

    public void write(Context ctx, Object response) {
        write(ctx, 200, response);
    }

    public void write(Context ctx, int status, Object response) {
        try {
            byte[] bytes = mapper.writeValueAsBytes(response);
            ctx.status(status).contentType("application/json").result(bytes);
        } catch (IOException e) {
            throw new SlipwayException(ErrorCode.INTERNAL_ERROR, "Could not render the response: " + e.getMessage(), e);
        }
    }

    /** Writes the fields of one JSON object; may throw IOException when the client goes away. */
    @FunctionalInterface
    public interface ObjectBody {
        void write(JsonGenerator json) throws IOException;
    }

    /**
     * Streams a large response object straight to the client as it is produced, instead of
     * building it in memory first. Once bytes have left, a failure can only cut the response short.
     */
    public void streamObject(Context ctx, ObjectBody body) {
        ctx.status(200).contentType("application/json");
        try (OutputStream out = ctx.outputStream(); JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            body.write(json);
            json.writeEndObject();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new SlipwayException(ErrorCode.BAD_REQUEST, "The client went away while the response was written: " + e.getMessage(), e);
        }
    }

    /** Turns a Jackson failure into a message a client can act on. */
    static SlipwayException translate(IOException e) {
        if (e instanceof JsonParseException parse) {
            return SlipwayException.invalidParameter("Malformed JSON in the request body: %s (line %d, column %d).",
                    parse.getOriginalMessage(), parse.getLocation().getLineNr(), parse.getLocation().getColumnNr());
        }
        if (e instanceof ValueInstantiationException instantiation && instantiation.getCause() instanceof SlipwayException s) {
            return s;
        }
        if (e instanceof JsonMappingException databind) {
            String field = fieldPath(databind);
            if (field.isEmpty()) {
                return SlipwayException.invalidParameter("Invalid request body: it must be a JSON object.");
            }
            if (e instanceof InvalidFormatException format && format.getTargetType() == String.class) {
                return SlipwayException.invalidParameter("Invalid value for parameter '%s': %s.", field, format.getOriginalMessage());
            }
            if (e instanceof InvalidFormatException format) {
                return SlipwayException.invalidParameter("Invalid value %s for parameter '%s': expected %s.",
                        describe(format.getValue()), field, expected(format.getTargetType()));
            }
            if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                return SlipwayException.invalidParameter("Invalid value for parameter '%s': expected %s.",
                        field, expected(mismatch.getTargetType()));
            }
            return SlipwayException.invalidParameter("Invalid value for parameter '%s': %s", field, databind.getOriginalMessage());
        }
        if (e instanceof JacksonException jackson) {
            return SlipwayException.invalidParameter("Invalid request body: %s", jackson.getOriginalMessage());
        }
        return new SlipwayException(ErrorCode.BAD_REQUEST, "Could not read the request: " + e.getMessage(), e);
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Object value) {
        return value instanceof String s ? "'" + (s.length() > 100 ? s.substring(0, 97) + "..." : s) + "'" : String.valueOf(value);
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a different type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }
}
