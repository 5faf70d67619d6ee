package io.slipway.ml.eval;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Predictor;
import io.slipway.ml.predict.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * A challenger (the candidate) against the champion (the model behind an alias), scored on the same rows:
 * both models' metrics and their deltas, candidate minus champion, overall and per value of one column.
 *
 * <p>Metrics are maps from snake_case name to value, in a fixed order, so that one report layout serves
 * every task; a metric that cannot be computed is null and so is its delta. Segments are sorted by value,
 * rows whose segment value is null last.
 *
 * @param segmentColumn the column the rows were segmented by; null when no segments were asked for
 */
public record Comparison(
        Task task,
        int rows,
        Double threshold,
        Map<String, Double> candidate,
        Map<String, Double> champion,
        Map<String, Double> delta,
        String segmentColumn,
        List<Segment> segments) {

    /** Below this many rows a segment's AUCs are reported as null: too few rows for a stable ranking metric. */
    public static final int MIN_SEGMENT_ROWS = 30;

    public Comparison {
        requireNonNull(task, "task is null");
        candidate = requireNonNull(candidate, "candidate is null");
        champion = requireNonNull(champion, "champion is null");
        delta = requireNonNull(delta, "delta is null");
        segments = List.copyOf(requireNonNull(segments, "segments is null"));
    }

    /**
     * The metrics of one segment. {@code smallSample} says it has fewer than {@link #MIN_SEGMENT_ROWS} rows
     * or one class only, in which case AUCs are null.
     */
    public record Segment(String value, int rows, boolean smallSample, Map<String, Double> candidate,
            Map<String, Double> champion, Map<String, Double> delta) {
        public Segment {
            requireNonNull(candidate, "candidate is null");
            requireNonNull(champion, "champion is null");
            requireNonNull(delta, "delta is null");
        }
    }

    /**
     * Scores both models on {@code data} (true answers in column {@code target}) and compares them. The
     * champion must answer the same task over the same classes, or the deltas would mean nothing: a 400
     * naming {@code champion} otherwise. An unknown {@code segmentColumn} is a 400 naming {@code segment}.
     *
     * @param segmentColumn the column whose values split the rows into segments; null for none
     */
    public static Comparison of(Predictor candidate, Predictor champion, Frame data, String target, double threshold,
            String segmentColumn) {
        requireNonNull(candidate, "candidate is null");
        requireNonNull(champion, "champion is null");
        Evaluation.checkThreshold(threshold);
        if (candidate.task() != champion.task()) {
            throw SlipwayException.invalidParameter("champion: it is a %s model and the candidate a %s model; compare like with like.",
                    champion.task().wireName(), candidate.task().wireName());
        }
        if (!candidate.classes().equals(champion.classes())) {
            throw SlipwayException.invalidParameter("champion: its classes are %s and the candidate's %s; compare like with like.",
                    champion.classes(), candidate.classes());
        }
        Labels labels = Labels.of(data, target, candidate.task(), candidate.classes());
        String[] segments = null;
        if (segmentColumn != null) {
            Column column = data.column(segmentColumn).orElseThrow(() -> SlipwayException.invalidParameter(
                    "segment: unknown column '%s'; the data has %s.", segmentColumn, String.join(", ", data.columnNames())));
            segments = new String[data.rowCount()];
            for (int row = 0; row < segments.length; row++) {
                segments[row] = column.text(row);
            }
        }
        if (labels.task() == Task.BINARY) {
            int positives = Inputs.positives(labels.positive());
            if (positives == 0 || positives == labels.rows()) {
                throw SlipwayException.invalidParameter("data: every row of '%s' is of one class; a comparison needs both.", target);
            }
        }
        Predictions cand = candidate.predict(data);
        Predictions champ = champion.predict(data);
        try {
            return switch (candidate.task()) {
                case BINARY -> binary(labels.positive(), cand.values(), champ.values(), threshold, segmentColumn, segments);
                case MULTICLASS -> multiclass(labels.classes(), Evaluation.rows(cand), Evaluation.rows(champ), segmentColumn, segments);
                case REGRESSION -> regression(labels.actual(), cand.values(), champ.values(), segmentColumn, segments);
            };
        } catch (IllegalArgumentException e) {
            throw SlipwayException.invalidParameter("model: its answers cannot be scored: %s", e.getMessage());
        }
    }

    /** Compares two classifiers' class probabilities (one array of {@code k} per row) on the same rows. */
    public static Comparison multiclass(int[] labels, double[][] candidate, double[][] champion, String segmentColumn,
            String[] segments) {
        requireNonNull(candidate, "candidate is null");
        requireNonNull(champion, "champion is null");
        Inputs.checkRows("candidate", candidate.length, "champion", champion.length);
        Map<String, Double> cand = MulticlassMetrics.of(labels, candidate).scalars();
        Map<String, Double> champ = MulticlassMetrics.of(labels, champion).scalars();
        List<Segment> bySegment = segment(segmentColumn, segments, labels.length, (value, rows) -> {
            int[] segmentLabels = new int[rows.size()];
            double[][] c = new double[rows.size()][];
            double[][] h = new double[rows.size()][];
            for (int i = 0; i < segmentLabels.length; i++) {
                segmentLabels[i] = labels[rows.get(i)];
                c[i] = candidate[rows.get(i)];
                h[i] = champion[rows.get(i)];
            }
            Map<String, Double> cs = MulticlassMetrics.of(segmentLabels, c).scalars();
            Map<String, Double> hs = MulticlassMetrics.of(segmentLabels, h).scalars();
            return new Segment(value, rows.size(), rows.size() < MIN_SEGMENT_ROWS || cs.get("roc_auc_ovr_macro") == null, cs, hs,
                    deltas(cs, hs));
        });
        return new Comparison(Task.MULTICLASS, labels.length, null, cand, champ, deltas(cand, champ), segmentColumn, bySegment);
    }

    /**
     * Compares two binary classifiers' probabilities of the positive class on the same labelled rows.
     * Overall both classes must be present (the AUCs need them).
     *
     * @param segmentColumn the name of the column {@code segments} came from, or null for no segments
     * @param segments      the segment value of each row, or null for no segments
     */
    public static Comparison binary(boolean[] labels, double[] candidate, double[] champion, double threshold,
            String segmentColumn, String[] segments) {
        requireNonNull(labels, "labels is null");
        requireNonNull(candidate, "candidate is null");
        requireNonNull(champion, "champion is null");
        Inputs.checkRows("candidate", candidate.length, "champion", champion.length);
        Map<String, Double> cand = BinaryMetrics.of(labels, candidate, threshold).scalars();
        Map<String, Double> champ = BinaryMetrics.of(labels, champion, threshold).scalars();
        List<Segment> bySegment = segment(segmentColumn, segments, labels.length,
                (value, rows) -> binarySegment(value, pick(labels, rows), pick(candidate, rows), pick(champion, rows), threshold));
        return new Comparison(Task.BINARY, labels.length, threshold, cand, champ, deltas(cand, champ), segmentColumn, bySegment);
    }

    /** {@link #binary(boolean[], double[], double[], double, String, String[])} with labels 0 and 1. */
    public static Comparison binary(int[] labels, double[] candidate, double[] champion, double threshold,
            String segmentColumn, String[] segments) {
        return binary(Inputs.binaryLabels("labels", labels), candidate, champion, threshold, segmentColumn, segments);
    }

    /** Compares two regressions' predictions of the same targets; every segment has all metrics. */
    public static Comparison regression(double[] actual, double[] candidate, double[] champion, String segmentColumn,
            String[] segments) {
        requireNonNull(candidate, "candidate is null");
        requireNonNull(champion, "champion is null");
        Inputs.checkRows("candidate", candidate.length, "champion", champion.length);
        Map<String, Double> cand = RegressionMetrics.of(actual, candidate).scalars();
        Map<String, Double> champ = RegressionMetrics.of(actual, champion).scalars();
        List<Segment> bySegment = segment(segmentColumn, segments, actual.length, (value, rows) -> {
            Map<String, Double> c = RegressionMetrics.of(pick(actual, rows), pick(candidate, rows)).scalars();
            Map<String, Double> h = RegressionMetrics.of(pick(actual, rows), pick(champion, rows)).scalars();
            return new Segment(value, rows.size(), rows.size() < MIN_SEGMENT_ROWS, c, h, deltas(c, h));
        });
        return new Comparison(Task.REGRESSION, actual.length, null, cand, champ, deltas(cand, champ), segmentColumn, bySegment);
    }

    private static Segment binarySegment(String value, boolean[] labels, double[] candidate, double[] champion, double threshold) {
        int positives = Inputs.positives(labels);
        boolean small = labels.length < MIN_SEGMENT_ROWS || positives == 0 || positives == labels.length;
        Map<String, Double> c = BinaryMetrics.allowingOneClass(labels, candidate, threshold).scalars();
        Map<String, Double> h = BinaryMetrics.allowingOneClass(labels, champion, threshold).scalars();
        if (small) {
            c = withoutAuc(c);
            h = withoutAuc(h);
        }
        return new Segment(value, labels.length, small, c, h, deltas(c, h));
    }

    /** candidate - champion per metric; null where either side is null. */
    static Map<String, Double> deltas(Map<String, Double> candidate, Map<String, Double> champion) {
        Map<String, Double> delta = new LinkedHashMap<>();
        candidate.forEach((metric, value) -> {
            Double other = champion.get(metric);
            delta.put(metric, value == null || other == null ? null : value - other);
        });
        return Collections.unmodifiableMap(delta);
    }

    private static Map<String, Double> withoutAuc(Map<String, Double> metrics) {
        Map<String, Double> copy = new LinkedHashMap<>(metrics);
        copy.put("roc_auc", null);
        copy.put("pr_auc", null);
        return Collections.unmodifiableMap(copy);
    }

    private static List<Segment> segment(String column, String[] segments, int rows, BiFunction<String, List<Integer>, Segment> score) {
        if (segments == null) {
            if (column != null) {
                throw new IllegalArgumentException("segmentColumn '" + column + "' was given without segment values");
            }
            return List.of();
        }
        if (column == null || column.isBlank()) {
            throw new IllegalArgumentException("segmentColumn is missing: name the column the segment values came from");
        }
        Inputs.checkRows("segments", segments.length, "labels", rows);
        Map<String, List<Integer>> groups = new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
        for (int i = 0; i < segments.length; i++) {
            groups.computeIfAbsent(segments[i], v -> new ArrayList<>()).add(i);
        }
        List<Segment> result = new ArrayList<>();
        groups.forEach((value, members) -> result.add(score.apply(value, members)));
        return result;
    }

    private static boolean[] pick(boolean[] values, List<Integer> rows) {
        boolean[] out = new boolean[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[rows.get(i)];
        }
        return out;
    }

    private static double[] pick(double[] values, List<Integer> rows) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[rows.get(i)];
        }
        return out;
    }
}
