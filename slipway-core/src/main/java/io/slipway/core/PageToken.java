package io.slipway.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Offset page tokens in MLflow's encoding: base64 of {@code {"offset": N}}. Clients treat
 * them as opaque; keeping MLflow's form lets a token move between the two servers.
 */
public final class PageToken {
    private static final Pattern OFFSET = Pattern.compile("\\{\\s*\"offset\"\\s*:\\s*(\\d{1,18})\\s*}");

    private PageToken() {}

    public static String ofOffset(long offset) {
        String json = "{\"offset\": " + offset + "}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The offset a token stands for; 0 for a missing or empty token. */
    public static long parseOffset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        String json;
        try {
            json = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(token);
        }
        Matcher matcher = OFFSET.matcher(json.trim());
        if (!matcher.matches()) {
            throw invalid(token);
        }
        return Long.parseLong(matcher.group(1));
    }

    private static SlipwayException invalid(String token) {
        return SlipwayException.invalidParameter("Invalid page token '%s': it was not issued by this server.", abbreviate(token));
    }

    static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
