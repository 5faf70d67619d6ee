package io.slipway.ml.eval;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluation plots as SVG documents, to store as run artifacts. Written by hand so that slipway-ml needs
 * no plotting library: fixed 640x480 canvas, numbers printed with {@link Locale#ROOT} and fixed decimals,
 * so the same curve always gives the same bytes (and the same artifact digest).
 */
public final class Plots {
    public static final int WIDTH = 640;
    public static final int HEIGHT = 480;
    /** Feature importance charts show at most this many features, the largest first. */
    public static final int MAX_FEATURES = 30;

    private static final int LEFT = 70;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final int PLOT_W = WIDTH - LEFT - RIGHT;
    private static final int PLOT_H = HEIGHT - TOP - BOTTOM;

    private Plots() {
    }

    /** The ROC curve with the chance diagonal; the AUC is printed in the title. */
    public static String roc(String title, RocCurve curve, double auc) {
        requireNonNull(curve, "curve is null");
        Svg svg = unitSquare(title + " (AUC = " + decimal(auc, 4) + ")", "False positive rate", "True positive rate");
        svg.diagonal();
        svg.polyline(curve.falsePositiveRate(), curve.truePositiveRate());
        return svg.end();
    }

    /** The precision-recall curve, recall on x; the average precision is printed in the title. */
    public static String precisionRecall(String title, PrecisionRecallCurve curve, double averagePrecision) {
        requireNonNull(curve, "curve is null");
        Svg svg = unitSquare(title + " (AP = " + decimal(averagePrecision, 4) + ")", "Recall", "Precision");
        svg.polyline(curve.recall(), curve.precision());
        return svg.end();
    }

    /** The reliability diagram: fraction of positives against mean predicted probability per bin, with the diagonal. */
    public static String calibration(String title, CalibrationCurve curve) {
        requireNonNull(curve, "curve is null");
        Svg svg = unitSquare(title, "Mean predicted probability", "Fraction of positives");
        svg.diagonal();
        svg.polyline(curve.meanPredicted(), curve.fractionPositive());
        for (int i = 0; i < curve.size(); i++) {
            svg.line("<circle class=\"point\" cx=\"%s\" cy=\"%s\" r=\"3\"/>", x(curve.meanPredicted()[i]), y(curve.fractionPositive()[i]));
        }
        return svg.end();
    }

    /**
     * Horizontal bars of the {@value #MAX_FEATURES} largest importances, largest on top (ties by name).
     * Negative importances (permutation importance can give them) extend left of the zero line.
     */
    public static String featureImportance(String title, Map<String, Double> importances) {
        requireNonNull(importances, "importances is null");
        List<Map.Entry<String, Double>> top = new ArrayList<>();
        for (Map.Entry<String, Double> e : importances.entrySet()) {
            requireNonNull(e.getKey(), "a feature name is null");
            if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                throw new IllegalArgumentException("importance of '" + e.getKey() + "' is " + e.getValue() + ": it must be a finite number");
            }
            top.add(e);
        }
        top.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        top = top.subList(0, Math.min(MAX_FEATURES, top.size()));

        double low = 0;
        double high = 0;
        for (Map.Entry<String, Double> e : top) {
            low = Math.min(low, e.getValue());
            high = Math.max(high, e.getValue());
        }
        double span = high - low == 0 ? 1 : high - low;
        int left = 200; // room for feature names
        int width = WIDTH - left - RIGHT;
        Svg svg = new Svg(title);
        svg.text(left + width / 2.0, HEIGHT - 15, "middle", "Importance");
        double zero = left + (0 - low) / span * width;
        for (int t = 0; t <= 4; t++) {
            double value = low + span * t / 4;
            double px = left + (double) t / 4 * width;
            svg.line("<line class=\"tick\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#ccc\"/>", fmt(px), fmt(TOP), fmt(px), fmt(TOP + PLOT_H));
            svg.text(px, TOP + PLOT_H + 18, "middle", decimal(value, 3));
        }
        double band = top.isEmpty() ? PLOT_H : (double) PLOT_H / top.size();
        for (int i = 0; i < top.size(); i++) {
            double value = top.get(i).getValue();
            double end = left + (value - low) / span * width;
            double y = TOP + i * band;
            svg.line("<rect class=\"bar\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"#1f77b4\"/>",
                    fmt(Math.min(zero, end)), fmt(y + band * 0.1), fmt(Math.abs(end - zero)), fmt(band * 0.8));
            svg.text(left - 6, y + band / 2 + 4, "end", top.get(i).getKey());
        }
        svg.line("<line class=\"axis\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"black\"/>", fmt(zero), fmt(TOP), fmt(zero), fmt(TOP + PLOT_H));
        return svg.end();
    }

    /** XML-escapes text for element content and attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? '?' : c); // illegal in XML 1.0
            }
        }
        return out.toString();
    }

    /** A frame with both axes from 0 to 1, ticks every 0.2. */
    private static Svg unitSquare(String title, String xLabel, String yLabel) {
        Svg svg = new Svg(title);
        svg.line("<rect class=\"frame\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\" stroke=\"black\"/>",
                fmt(LEFT), fmt(TOP), fmt(PLOT_W), fmt(PLOT_H));
        for (int t = 0; t <= 5; t++) {
            double v = t / 5.0;
            svg.line("<line class=\"tick\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"black\"/>", x(v), fmt(TOP + PLOT_H), x(v), fmt(TOP + PLOT_H + 5));
            svg.text(LEFT + v * PLOT_W, TOP + PLOT_H + 20, "middle", decimal(v, 1));
            svg.line("<line class=\"tick\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"black\"/>", fmt(LEFT - 5), y(v), fmt(LEFT), y(v));
            svg.text(LEFT - 8, TOP + (1 - v) * PLOT_H + 4, "end", decimal(v, 1));
        }
        svg.text(LEFT + PLOT_W / 2.0, HEIGHT - 15, "middle", xLabel);
        svg.line("<text x=\"18\" y=\"%s\" text-anchor=\"middle\" transform=\"rotate(-90 18 %s)\">%s</text>",
                fmt(TOP + PLOT_H / 2.0), fmt(TOP + PLOT_H / 2.0), escape(yLabel));
        return svg;
    }

    private static String x(double v) {
        return fmt(LEFT + v * PLOT_W);
    }

    private static String y(double v) {
        return fmt(TOP + (1 - v) * PLOT_H);
    }

    private static String fmt(double pixels) {
        return decimal(pixels, 2);
    }

    /** {@code pixels} with two decimals (half up), without {@link String#format}'s cost; a comma before the second of a pair. */
    private static void appendPixels(StringBuilder out, double pixels) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
            out.append(',');
        }
        long hundredths = Math.round(pixels * 100);
        if (hundredths < 0) {
            out.append('-');
            hundredths = -hundredths;
        }
        long fraction = hundredths % 100;
        out.append(hundredths / 100).append('.').append(fraction < 10 ? "0" : "").append(fraction);
    }

    private static String decimal(double v, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", v);
    }

    /** An SVG document being written, one element per line. */
    private static final class Svg {
        private final StringBuilder out = new StringBuilder();

        Svg(String title) {
            requireNonNull(title, "title is null");
            out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                    .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                    .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
            out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
            line("<text class=\"title\" x=\"%s\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">%s</text>", fmt(WIDTH / 2.0), escape(title));
        }

        void line(String format, Object... args) {
            out.append(String.format(Locale.ROOT, format, args)).append('\n');
        }

        void text(double px, double py, String anchor, String text) {
            line("<text x=\"%s\" y=\"%s\" text-anchor=\"%s\">%s</text>", fmt(px), fmt(py), anchor, escape(text));
        }

        void diagonal() {
            line("<line class=\"diagonal\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"gray\" stroke-dasharray=\"4 4\"/>", x(0), y(0), x(1), y(1));
        }

        /**
         * The curve at the plot's resolution: a point less than half a pixel (in both directions) from the last one drawn
         * is skipped, except the last, so a curve of 40,000 thresholds costs the bytes of the pixels it crosses.
         */
        void polyline(double[] xs, double[] ys) {
            StringBuilder points = new StringBuilder();
            double lastX = Double.NaN;
            double lastY = Double.NaN;
            for (int i = 0; i < xs.length; i++) {
                double px = LEFT + xs[i] * PLOT_W;
                double py = TOP + (1 - ys[i]) * PLOT_H;
                if (i > 0 && i < xs.length - 1 && Math.abs(px - lastX) < 0.5 && Math.abs(py - lastY) < 0.5) {
                    continue;
                }
                points.append(i == 0 ? "" : " ");
                appendPixels(points, px);
                appendPixels(points, py);
                lastX = px;
                lastY = py;
            }
            line("<polyline class=\"curve\" points=\"%s\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>", points);
        }

        String end() {
            out.append("</svg>\n");
            return out.toString();
        }
    }
}
