package io.slipway.core.registry;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import java.util.regex.Pattern;

/**
 * A {@code models:/} URI, MLflow's way to name a model version: {@code models:/fraud/3} (a
 * version), {@code models:/fraud@champion} (an alias), {@code models:/fraud/Production} (the
 * newest version in a stage) or {@code models:/fraud/latest} (the newest version).
 */
public record ModelUri(String name, Kind kind, String reference) {
    public static final String SCHEME = "models:";
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    public enum Kind { VERSION, ALIAS, STAGE, LATEST }

    public ModelUri {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(reference, "reference is null");
    }

    public static boolean isModelUri(String uri) {
        return uri != null && uri.startsWith(SCHEME);
    }

    public static ModelUri parse(String uri) {
        if (!isModelUri(uri)) {
            throw invalid(uri);
        }
        String path = uri.substring(SCHEME.length());
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        int at = path.lastIndexOf('@');
        if (at > 0 && path.indexOf('/') < 0) {
            String alias = path.substring(at + 1);
            if (alias.isEmpty()) {
                throw invalid(uri);
            }
            return new ModelUri(path.substring(0, at), Kind.ALIAS, alias);
        }
        int slash = path.indexOf('/');
        if (slash <= 0 || slash == path.length() - 1 || path.indexOf('/', slash + 1) >= 0) {
            throw invalid(uri);
        }
        String name = path.substring(0, slash);
        String suffix = path.substring(slash + 1);
        if (DIGITS.matcher(suffix).matches()) {
            return new ModelUri(name, Kind.VERSION, suffix);
        }
        if (suffix.equalsIgnoreCase("latest")) {
            return new ModelUri(name, Kind.LATEST, "latest");
        }
        return new ModelUri(name, Kind.STAGE, ModelStage.parse(suffix, "stage").wireName());
    }

    private static SlipwayException invalid(String uri) {
        return SlipwayException.invalidParameter(
                "Invalid model URI '%s'. Expected models:/<name>/<version>, models:/<name>@<alias>, models:/<name>/<stage> "
                        + "or models:/<name>/latest.", uri);
    }

    @Override
    public String toString() {
        return SCHEME + "/" + name + (kind == Kind.ALIAS ? "@" : "/") + reference;
    }
}
