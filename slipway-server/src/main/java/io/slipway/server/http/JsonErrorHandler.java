package io.slipway.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers before a request reaches the routes (a URI too long, a malformed
 * request line) in the same JSON shape as every other error, instead of an HTML page.
 */
public final class JsonErrorHandler extends ErrorHandler {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON_UTF_8.asString());

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        // drop body bytes that already arrived: closing with them unread would reset the connection
        // under the response, and the client would see no answer at all
        request.consumeAvailable();
        response.getHeaders().put(JSON);
        // Jetty gives up on the connection after such errors: say so, or the client reuses it
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(JSON);
        fields.put(HttpHeader.CONNECTION, "close");
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int status, String reason) {
        String code = status >= 500 ? "INTERNAL_ERROR" : status == 404 ? "ENDPOINT_NOT_FOUND" : "BAD_REQUEST";
        String message = switch (status) {
            case 414 -> "The request URI is too long; send long values (e.g. a search filter) in a POST body.";
            case 431 -> "The request headers are too large.";
            default -> "HTTP " + status + (reason == null || reason.isBlank() ? "" : ": " + reason);
        };
        return ("{\"error_code\":\"" + code + "\",\"message\":\"" + escape(message) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
