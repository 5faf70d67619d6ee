package io.slipway.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class PlotsTest {
    private static final boolean[] LABELS = {false, true, false, true, true, false, true, false};
    private static final double[] SCORES = {0.1, 0.9, 0.3, 0.6, 0.35, 0.4, 0.8, 0.05};

    @Test
    void rocPlotHasTheCurveTheDiagonalAndTheAuc() throws Exception {
        RocCurve roc = BinaryCurves.roc(LABELS, SCORES);
        Document svg = parse(Plots.roc("Fraud <v2> & \"best\"", roc, BinaryMetrics.rocAuc(LABELS, SCORES)));

        assertThat(points(svg)).isEqualTo(roc.size());
        assertThat(byClass(svg, "line", "diagonal")).isEqualTo(1);
        assertThat(title(svg)).isEqualTo("Fraud <v2> & \"best\" (AUC = " + String.format(Locale.ROOT, "%.4f", BinaryMetrics.rocAuc(LABELS, SCORES)) + ")");
        assertThat(svg.getDocumentElement().getAttribute("width")).isEqualTo("640");
    }

    @Test
    void precisionRecallPlotHasOnePointPerCurvePoint() throws Exception {
        PrecisionRecallCurve pr = BinaryCurves.precisionRecall(LABELS, SCORES);
        Document svg = parse(Plots.precisionRecall("PR", pr, BinaryMetrics.averagePrecision(LABELS, SCORES)));

        assertThat(points(svg)).isEqualTo(pr.size());
        assertThat(byClass(svg, "line", "tick")).isEqualTo(12);
    }

    @Test
    void aLongCurveIsDrawnAtThePlotsResolutionFromItsFirstToItsLastPoint() throws Exception {
        java.util.Random random = new java.util.Random(3);
        boolean[] labels = new boolean[40_000];
        double[] scores = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextDouble() < 0.05;
            scores[i] = Math.min(1, Math.max(0, (labels[i] ? 0.3 : 0) + random.nextDouble() * 0.7));
        }
        PrecisionRecallCurve pr = BinaryCurves.precisionRecall(labels, scores);
        Document svg = parse(Plots.precisionRecall("PR", pr, BinaryMetrics.averagePrecision(labels, scores)));

        String[] points = ((Element) svg.getElementsByTagName("polyline").item(0)).getAttribute("points").split(" ");
        assertThat(pr.size()).isGreaterThan(30_000);
        assertThat(points.length).isBetween(100, 3_000);
        // recall 1 at the first point (x = 70 + 540), recall 0 and precision 1 at the last (x = 70, y = 50)
        assertThat(points[0]).startsWith("610.00,");
        assertThat(points[points.length - 1]).isEqualTo("70.00,50.00");
    }

    @Test
    void calibrationPlotMarksEveryNonEmptyBin() throws Exception {
        CalibrationCurve curve = BinaryCurves.calibration(LABELS, SCORES, 10);
        Document svg = parse(Plots.calibration("Reliability", curve));

        assertThat(points(svg)).isEqualTo(curve.size());
        assertThat(byClass(svg, "circle", "point")).isEqualTo(curve.size());
        assertThat(byClass(svg, "line", "diagonal")).isEqualTo(1);
    }

    @Test
    void featureImportanceShowsTheTopThirtyLargestFirstWithEscapedNames() throws Exception {
        Map<String, Double> importances = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            importances.put("f" + i, (double) i);
        }
        importances.put("amount<usd>&", 100.0);
        Document svg = parse(Plots.featureImportance("Importance", importances));

        assertThat(byClass(svg, "rect", "bar")).isEqualTo(Plots.MAX_FEATURES);
        assertThat(texts(svg)).contains("amount<usd>&", "f39", "f11").doesNotContain("f10");
        assertThat(texts(svg).indexOf("amount<usd>&")).isLessThan(texts(svg).indexOf("f39"));
    }

    @Test
    void outputIsDeterministic() {
        RocCurve roc = BinaryCurves.roc(LABELS, SCORES);

        assertThat(Plots.roc("ROC", roc, 0.9)).isEqualTo(Plots.roc("ROC", roc, 0.9));
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static int points(Document svg) {
        NodeList lines = svg.getElementsByTagName("polyline");
        assertThat(lines.getLength()).isEqualTo(1);
        return ((Element) lines.item(0)).getAttribute("points").split(" ").length;
    }

    private static int byClass(Document svg, String tag, String cssClass) {
        NodeList nodes = svg.getElementsByTagName(tag);
        int count = 0;
        for (int i = 0; i < nodes.getLength(); i++) {
            count += cssClass.equals(((Element) nodes.item(i)).getAttribute("class")) ? 1 : 0;
        }
        return count;
    }

    private static String title(Document svg) {
        NodeList texts = svg.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            if ("title".equals(((Element) texts.item(i)).getAttribute("class"))) {
                return texts.item(i).getTextContent();
            }
        }
        throw new AssertionError("no title");
    }

    private static List<String> texts(Document svg) {
        NodeList texts = svg.getElementsByTagName("text");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            out.add(texts.item(i).getTextContent());
        }
        return out;
    }
}
