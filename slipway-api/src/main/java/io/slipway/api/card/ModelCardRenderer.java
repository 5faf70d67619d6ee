package io.slipway.api.card;

import static io.slipway.api.card.Markdown.inline;

import io.slipway.core.governance.CheckResult;
import io.slipway.core.governance.DatasetRef;
import io.slipway.core.governance.MlModelSummary;
import io.slipway.core.governance.MlModelSummary.SignatureField;
import io.slipway.core.governance.ModelCard;
import io.slipway.core.governance.PromotionDecision;
import io.slipway.core.governance.PromotionRequest;
import io.slipway.core.registry.AliasEvent;
import io.slipway.core.tracking.RunInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders a {@link ModelCard} as Markdown, with the sections of Mitchell et al.'s model cards and
 * Google's Model Card Toolkit, and as an HTML page made from that Markdown. Everything a user
 * wrote is escaped: values cannot break out of their table cell, and HTML tags in descriptions
 * never reach a browser as HTML (raw HTML is escaped, {@code javascript:} links dropped).
 */
public final class ModelCardRenderer {
    private static final String NOT_DOCUMENTED = "Not documented yet: set it with PATCH /api/2.0/slipway/model-versions/card.";
    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
            + "table{border-collapse:collapse;margin:0 0 1rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;"
            + "vertical-align:top}th{background:#f4f4f4}";

    private final Parser parser;
    private final HtmlRenderer htmlRenderer;

    public ModelCardRenderer() {
        List<Extension> extensions = List.of(TablesExtension.create());
        this.parser = Parser.builder().extensions(extensions).build();
        this.htmlRenderer = HtmlRenderer.builder().extensions(extensions).escapeHtml(true).sanitizeUrls(true).build();
    }

    public String markdown(ModelCard card) {
        Markdown md = new Markdown().heading(1, "Model card: " + card.name() + ", version " + card.version());
        modelDetails(md, card);
        md.heading(2, "Intended use").prose(card.intendedUse(), NOT_DOCUMENTED);
        md.heading(2, "Limitations").prose(card.limitations(), NOT_DOCUMENTED);
        trainingData(md, card);
        md.heading(2, "Parameters");
        if (card.params().isEmpty()) {
            md.emphasis(card.run() == null ? "No run: no parameters were recorded." : "The run logged no parameters.");
        } else {
            md.table(List.of("Parameter", "Value"), card.params().stream().map(p -> List.of(p.key(), p.value())).toList());
        }
        md.heading(2, "Metrics");
        if (card.metrics().isEmpty()) {
            md.emphasis(card.run() == null ? "No run: no metrics were recorded." : "The run logged no metrics.");
        } else {
            md.table(List.of("Metric", "Value", "Step", "Logged"), card.metrics().stream()
                    .map(m -> List.of(m.key(), Double.toString(m.value()), Long.toString(m.step()), time(m.timestamp()))).toList());
        }
        signature(md, card.mlmodel());
        approvals(md, card.approvals());
        aliasHistory(md, card.aliasHistory());
        lineage(md, card);
        return md.toString();
    }

    /** A standalone HTML page of the Markdown card. */
    public String html(ModelCard card) {
        String title = escapeHtml("Model card: " + card.name() + ", version " + card.version());
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + title + "</title>\n<style>" + STYLE
                + "</style>\n</head>\n<body>\n" + htmlRenderer.render(parser.parse(markdown(card))) + "</body>\n</html>\n";
    }

    private static void modelDetails(Markdown md, ModelCard card) {
        md.heading(2, "Model details");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Model", card.name()));
        rows.add(List.of("Version", card.version()));
        rows.add(List.of("Registered", time(card.creationTimestamp()) + (card.createdBy().isEmpty() ? "" : " by " + card.createdBy())));
        rows.add(List.of("Stage", card.stage().wireName()));
        rows.add(List.of("Aliases", card.aliases().isEmpty() ? "none" : String.join(", ", card.aliases())));
        rows.add(List.of("Source", card.source()));
        if (card.mlmodel() != null) {
            rows.add(List.of("Flavors", card.mlmodel().flavors().stream().map(MlModelSummary.Flavor::name).collect(Collectors.joining(", "))));
            if (!card.mlmodel().mlflowVersion().isEmpty()) {
                rows.add(List.of("Logged with", "MLflow " + card.mlmodel().mlflowVersion()));
            }
        }
        md.table(List.of("Field", "Value"), rows);
        md.heading(3, "Description").prose(card.description(), "This version has no description.");
        if (!card.modelDescription().isBlank()) {
            md.heading(3, "About the model").prose(card.modelDescription(), "");
        }
    }

    private static void trainingData(Markdown md, ModelCard card) {
        md.heading(2, "Training data");
        if (card.trainingData().isEmpty()) {
            md.emphasis(card.run() == null ? "No run: the data this version was trained on is not known."
                    : "The run logged no dataset inputs.");
            return;
        }
        md.table(List.of("Dataset", "Digest", "Used for", "Source type", "Source"), card.trainingData().stream()
                .map(d -> List.of(d.name(), d.digest(), d.context() == null || d.context().isEmpty() ? "unspecified" : d.context(),
                        d.sourceType(), d.source()))
                .toList());
    }

    private static void signature(Markdown md, MlModelSummary mlmodel) {
        md.heading(2, "Signature");
        if (mlmodel == null) {
            md.emphasis("No MLmodel descriptor was recorded for this version.");
            return;
        }
        if (!mlmodel.flavors().isEmpty()) {
            md.raw("Flavors (how the model loads):").bullets(mlmodel.flavors().stream().map(ModelCardRenderer::flavor).toList());
        }
        if (mlmodel.inputs().isEmpty() && mlmodel.outputs().isEmpty()) {
            md.emphasis("The model declares no signature.");
        } else {
            fields(md, "Inputs", mlmodel.inputs());
            fields(md, "Outputs", mlmodel.outputs());
        }
        if (!mlmodel.params().isEmpty()) {
            md.heading(3, "Inference parameters").table(List.of("Name", "Type", "Default"),
                    mlmodel.params().stream().map(p -> List.of(p.name(), p.type(), p.defaultValue())).toList());
        }
        if (!mlmodel.inputExample().isEmpty()) {
            md.raw("Input example: " + inline(mlmodel.inputExample()));
        }
    }

    private static String flavor(MlModelSummary.Flavor flavor) {
        String options = flavor.options().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
        return "**" + inline(flavor.name()) + "**" + (options.isEmpty() ? "" : " (" + inline(options) + ")");
    }

    private static void fields(Markdown md, String title, List<SignatureField> fields) {
        md.heading(3, title);
        if (fields.isEmpty()) {
            md.emphasis("None declared.");
            return;
        }
        md.table(List.of("Name", "Type", "Required"), fields.stream()
                .map(f -> List.of(f.name().isEmpty() ? "(unnamed)" : f.name(), f.type(), f.required() ? "yes" : "no")).toList());
    }

    private static void approvals(Markdown md, List<PromotionRequest> requests) {
        md.heading(2, "Approvals");
        if (requests.isEmpty()) {
            md.emphasis("No promotion was requested for this version.");
            return;
        }
        for (PromotionRequest request : requests) {
            md.heading(3, "Promotion to " + request.alias() + ": " + request.status());
            md.raw("Requested by " + inline(request.requestedBy()) + " at " + time(request.creationTimestamp())
                    + (request.comment().isEmpty() ? "" : ": " + inline(request.comment()))
                    + ". Needs " + request.requiredApprovals() + " approval" + (request.requiredApprovals() == 1 ? "" : "s")
                    + "; the alias pointed at " + (request.previousVersion().isEmpty() ? "no version" : "version " + request.previousVersion())
                    + " when it was asked.");
            if (!request.checkResults().isEmpty()) {
                md.table(List.of("Check (when requested)", "Passed", "Observed"),
                        request.checkResults().stream().map(ModelCardRenderer::checkRow).toList());
            }
            if (request.decisions().isEmpty()) {
                md.emphasis("No decision yet.");
            } else {
                md.table(List.of("Reviewer", "Decision", "When", "Comment", "Checks at decision"),
                        request.decisions().stream().map(ModelCardRenderer::decisionRow).toList());
            }
        }
    }

    private static List<String> checkRow(CheckResult result) {
        return List.of(result.check().describe(), result.passed() ? "yes" : "no", result.observed());
    }

    private static List<String> decisionRow(PromotionDecision decision) {
        String checks = decision.checkResults().isEmpty() ? ""
                : decision.checkResults().stream().filter(CheckResult::passed).count() + " of " + decision.checkResults().size() + " passed";
        return List.of(decision.username(), decision.verdict().name(), time(decision.timestamp()), decision.comment(), checks);
    }

    private static void aliasHistory(Markdown md, List<AliasEvent> events) {
        md.heading(2, "Alias history");
        if (events.isEmpty()) {
            md.emphasis("No alias has pointed at this version.");
            return;
        }
        md.table(List.of("When", "Alias", "Change", "By", "Promotion request"), events.stream()
                .map(e -> List.of(time(e.timestamp()), e.alias(), aliasChange(e), e.actor(), e.promotionId()))
                .toList());
    }

    private static String aliasChange(AliasEvent event) {
        String was = event.previousVersion().isEmpty() ? "" : " (was version " + event.previousVersion() + ")";
        return (event.version().isEmpty() ? "removed" : "set to version " + event.version()) + was;
    }

    private static void lineage(Markdown md, ModelCard card) {
        md.heading(2, "Lineage");
        List<String> chain = new ArrayList<>();
        chain.add("Registered from " + inline(card.source()));
        RunInfo run = card.run();
        if (run == null) {
            chain.add("No run: the lineage ends at the source.");
        } else {
            chain.add("Run " + inline(run.runName()) + " (" + inline(run.runId()) + ") in experiment " + inline(run.experimentId())
                    + ", " + run.status() + (run.userId().isEmpty() ? "" : ", by " + inline(run.userId()))
                    + ", started " + time(run.startTime()) + (run.endTime() == null ? "" : ", ended " + time(run.endTime())));
            for (DatasetRef dataset : card.trainingData()) {
                chain.add("Used dataset " + inline(dataset.name()) + " (digest " + inline(dataset.digest()) + ")"
                        + (dataset.context() == null || dataset.context().isEmpty() ? "" : " for " + inline(dataset.context())));
            }
        }
        md.bullets(chain);
    }

    private static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
