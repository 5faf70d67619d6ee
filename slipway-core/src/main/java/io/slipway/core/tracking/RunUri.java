package io.slipway.core.tracking;

import static java.util.Objects.requireNonNull;

/**
 * A {@code runs:/RUN_ID/PATH} URI, MLflow's way to name files of a run's artifacts (a model logged
 * by it): the run and the path below its artifact root, either of which may be empty as written.
 */
public record RunUri(String runId, String path) {
    public static final String SCHEME = "runs:/";

    public RunUri {
        requireNonNull(runId, "runId is null");
        requireNonNull(path, "path is null");
    }

    public static boolean isRunUri(String uri) {
        return uri != null && uri.startsWith(SCHEME);
    }

    /** Splits {@code runs:/RUN_ID[/PATH]} at the first slash after the run id; checks neither part. */
    public static RunUri split(String uri) {
        if (!isRunUri(uri)) {
            throw new IllegalArgumentException("not a runs:/ URI: " + uri);
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? new RunUri(rest, "") : new RunUri(rest.substring(0, slash), rest.substring(slash + 1));
    }
}
