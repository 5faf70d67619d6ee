package io.slipway.server.http;

import io.javalin.http.Context;
import io.slipway.core.SlipwayException;
import java.util.Locale;

/** The {@code <path>} parameter of routes that take a file path, as the client sent it. */
public final class RequestPaths {
    private RequestPaths() {
    }

    /**
     * The path as sent. The raw URI is checked too: a client that sends {@code ..} segments
     * unnormalised must be refused, not silently redirected by URI normalisation.
     */
    public static String path(Context ctx) {
        String raw = ctx.req().getRequestURI();
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.contains("/../") || lower.endsWith("/..") || lower.contains("/./") || lower.contains("%2e%2e")
                || lower.contains("%2f") || lower.contains("%5c")) {
            throw SlipwayException.invalidParameter("Invalid path '%s': '.' and '..' segments and encoded separators are not allowed.", raw);
        }
        return ctx.pathParam("path");
    }
}
