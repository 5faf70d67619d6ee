package io.slipway.core.tracking;

import io.slipway.core.SlipwayException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** MLflow's limits and name rules for tracking data, checked before anything is written. */
public final class TrackingValidation {
    public static final int MAX_METRICS_PER_BATCH = 1000;
    public static final int MAX_PARAMS_PER_BATCH = 100;
    public static final int MAX_TAGS_PER_BATCH = 100;
    public static final int MAX_ENTITIES_PER_BATCH = 1000;
    public static final int MAX_KEY_LENGTH = 250;
    public static final int MAX_PARAM_VALUE_LENGTH = 6000;
    public static final int MAX_TAG_VALUE_LENGTH = 5000;
    public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;
    public static final int MAX_RUN_NAME_LENGTH = 250;
    public static final int MAX_DATASETS_PER_REQUEST = 1000;

    private static final Pattern KEY = Pattern.compile("^[/\\w.\\- ]*$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern RUN_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,255}$");
    private static final Pattern EXPERIMENT_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,63}$");

    private TrackingValidation() {}

    public static void validateMetric(Metric metric) {
        validateKey("metric", metric.key());
        validateTimestamp(metric);
    }

    private static void validateTimestamp(Metric metric) {
        if (metric.timestamp() < 0) {
            throw SlipwayException.invalidParameter(
                    "Invalid timestamp %d for metric '%s': timestamps are milliseconds since the epoch and cannot be negative.",
                    metric.timestamp(), metric.key());
        }
    }

    public static void validateParam(Param param) {
        validateKey("param", param.key());
        if (param.value().length() > MAX_PARAM_VALUE_LENGTH) {
            throw SlipwayException.invalidParameter(
                    "Param value for key '%s' had length %d, which exceeded length limit of %d.",
                    param.key(), param.value().length(), MAX_PARAM_VALUE_LENGTH);
        }
    }

    public static void validateTag(RunTag tag) {
        validateKey("tag", tag.key());
        if (tag.value().length() > MAX_TAG_VALUE_LENGTH) {
            throw SlipwayException.invalidParameter(
                    "Tag value for key '%s' had length %d, which exceeded length limit of %d.",
                    tag.key(), tag.value().length(), MAX_TAG_VALUE_LENGTH);
        }
    }

    public static void validateExperimentTag(ExperimentTag tag) {
        validateKey("tag", tag.key());
        if (tag.value().length() > MAX_TAG_VALUE_LENGTH) {
            throw SlipwayException.invalidParameter(
                    "Experiment tag value for key '%s' had length %d, which exceeded length limit of %d.",
                    tag.key(), tag.value().length(), MAX_TAG_VALUE_LENGTH);
        }
    }

    public static void validateExperimentName(String name) {
        if (name == null || name.isEmpty()) {
            throw SlipwayException.missingParameter("name");
        }
        if (name.isBlank()) {
            throw SlipwayException.invalidParameter("Invalid experiment name '%s': it must not be blank.", name);
        }
        if (name.length() > MAX_EXPERIMENT_NAME_LENGTH) {
            throw SlipwayException.invalidParameter(
                    "Experiment name '%s' had length %d, which exceeded length limit of %d.",
                    abbreviate(name), name.length(), MAX_EXPERIMENT_NAME_LENGTH);
        }
    }

    public static void validateRunName(String name) {
        if (name != null && name.length() > MAX_RUN_NAME_LENGTH) {
            throw SlipwayException.invalidParameter(
                    "Run name '%s' had length %d, which exceeded length limit of %d.", abbreviate(name), name.length(), MAX_RUN_NAME_LENGTH);
        }
    }

    public static void validateRunId(String runId) {
        if (runId == null || runId.isEmpty()) {
            throw SlipwayException.missingParameter("run_id");
        }
        if (!RUN_ID.matcher(runId).matches()) {
            throw SlipwayException.invalidParameter("Invalid value '%s' for parameter 'run_id' supplied.", abbreviate(runId));
        }
    }

    public static void validateExperimentId(String experimentId) {
        if (experimentId == null || experimentId.isEmpty()) {
            throw SlipwayException.missingParameter("experiment_id");
        }
        if (!EXPERIMENT_ID.matcher(experimentId).matches()) {
            throw SlipwayException.invalidParameter("Invalid value '%s' for parameter 'experiment_id' supplied.", abbreviate(experimentId));
        }
    }

    public static void validateBatch(List<Metric> metrics, List<Param> params, List<RunTag> tags) {
        if (metrics.size() > MAX_METRICS_PER_BATCH) {
            throw SlipwayException.invalidParameter(
                    "A batch logging request can contain at most %d metrics. Got %d metrics. Please split up metrics across multiple requests and try again.",
                    MAX_METRICS_PER_BATCH, metrics.size());
        }
        if (params.size() > MAX_PARAMS_PER_BATCH) {
            throw SlipwayException.invalidParameter(
                    "A batch logging request can contain at most %d params. Got %d params. Please split up params across multiple requests and try again.",
                    MAX_PARAMS_PER_BATCH, params.size());
        }
        if (tags.size() > MAX_TAGS_PER_BATCH) {
            throw SlipwayException.invalidParameter(
                    "A batch logging request can contain at most %d tags. Got %d tags. Please split up tags across multiple requests and try again.",
                    MAX_TAGS_PER_BATCH, tags.size());
        }
        int total = metrics.size() + params.size() + tags.size();
        if (total > MAX_ENTITIES_PER_BATCH) {
            throw SlipwayException.invalidParameter(
                    "A batch logging request can contain at most %d metrics, params and tags in total. Got %d. Please split it up and try again.",
                    MAX_ENTITIES_PER_BATCH, total);
        }
        Set<String> checkedKeys = new HashSet<>();
        for (Metric metric : metrics) {
            // a batch repeats a few keys many times: check each name once
            if (checkedKeys.add(metric.key())) {
                validateKey("metric", metric.key());
            }
            validateTimestamp(metric);
        }
        params.forEach(TrackingValidation::validateParam);
        tags.forEach(TrackingValidation::validateTag);
        Set<String> seen = new HashSet<>();
        for (Param param : params) {
            if (!seen.add(param.key())) {
                throw SlipwayException.invalidParameter(
                        "Duplicate parameter key '%s' in the batch: each param may appear once per request.", param.key());
            }
        }
    }

    /** Keys of metrics, params and tags: MLflow's character set, and a path that is already normalised. */
    public static void validateKey(String kind, String key) {
        if (key == null || key.isEmpty()) {
            throw SlipwayException.missingParameter("key");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw SlipwayException.invalidParameter(
                    "%s name '%s' had length %d, which exceeded length limit of %d.",
                    capitalize(kind), abbreviate(key), key.length(), MAX_KEY_LENGTH);
        }
        if (!KEY.matcher(key).matches()) {
            throw SlipwayException.invalidParameter(
                    "Invalid %s name: '%s'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/).",
                    kind, abbreviate(key));
        }
        if (key.equals(".") || key.startsWith("..") || key.startsWith("/") || !normalizePath(key).equals(key)) {
            throw SlipwayException.invalidParameter(
                    "Invalid %s name: '%s'. Names must be normalised relative paths: no leading '/', no '.' or '..' segments, no '//' and no trailing '/'.",
                    kind, abbreviate(key));
        }
    }

    /** {@code posixpath.normpath} for relative paths: drops empty and '.' segments, folds '..'. */
    static String normalizePath(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..") && !parts.isEmpty() && !parts.peekLast().equals("..")) {
                parts.removeLast();
            } else {
                parts.addLast(segment);
            }
        }
        return parts.isEmpty() ? "." : String.join("/", parts);
    }

    static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 97) + "...";
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
