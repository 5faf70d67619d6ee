package io.slipway.api.card;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.governance.CheckResult;
import io.slipway.core.governance.DatasetRef;
import io.slipway.core.governance.MlModelSummary;
import io.slipway.core.governance.MlModelSummary.SignatureField;
import io.slipway.core.governance.ModelCard;
import io.slipway.core.governance.PromotionCheck;
import io.slipway.core.governance.PromotionDecision;
import io.slipway.core.governance.PromotionRequest;
import io.slipway.core.governance.PromotionStatus;
import io.slipway.core.governance.Verdict;
import io.slipway.core.registry.AliasEvent;
import io.slipway.core.registry.ModelStage;
import io.slipway.core.tracking.LifecycleStage;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.RunInfo;
import io.slipway.core.tracking.RunStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCardRendererTest {
    private static final long JAN_1 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final String RUN_ID = "0123456789abcdef0123456789abcdef";

    private final ModelCardRenderer renderer = new ModelCardRenderer();

    private static ModelCard card(String description, String intendedUse, List<Param> params) {
        RunInfo run = RunInfo.of(RUN_ID, "march", "1", "alice", RunStatus.FINISHED, JAN_1, JAN_1 + 60_000,
                "mlflow-artifacts:/1/" + RUN_ID + "/artifacts", LifecycleStage.ACTIVE);
        MlModelSummary mlmodel = new MlModelSummary("2.9.2", "2026-01-01 00:00:00.000000",
                List.of(new MlModelSummary.Flavor("sklearn", Map.of("sklearn_version", "1.3.2"))),
                List.of(new SignatureField("amount", "double", true, ""), new SignatureField("country", "string", false, "")),
                List.of(new SignatureField("", "long", true, "")),
                List.of(new SignatureField("threshold", "double", false, "0.5")), "input_example.json (dataframe, orient split)");
        PromotionCheck check = PromotionCheck.metricThreshold("val_auc", ">=", 0.9);
        PromotionRequest promotion = new PromotionRequest("ab".repeat(16), "fraud", "3", "champion", "alice", "beats v2", PromotionStatus.APPROVED, 1,
                List.of(check), List.of(new CheckResult(check, true, "val_auc = 0.93", JAN_1 + 1000)),
                List.of(new PromotionDecision("bob", Verdict.APPROVE, "ship it", JAN_1 + 2000,
                        List.of(new CheckResult(check, true, "val_auc = 0.93", JAN_1 + 2000)))),
                "2", JAN_1 + 1000, JAN_1 + 2000);
        return new ModelCard("fraud", "3", description, "Scores card transactions.", "alice", JAN_1, "runs:/" + RUN_ID + "/model",
                ModelStage.NONE, List.of("champion"), intendedUse, "Not for online payments.",
                List.of(new DatasetRef("transactions", "d1", "s3", "s3://data/transactions", "training")),
                params, List.of(new Metric("val_auc", 0.93, JAN_1 + 30_000, 3)), mlmodel, List.of(promotion),
                List.of(new AliasEvent("fraud", "champion", "3", "2", "bob", JAN_1 + 2000, promotion.id())), run);
    }

    private static ModelCard card() {
        return card("Retrained on March data.", "Scoring card-present transactions in the EU.", List.of(new Param("max_depth", "6")));
    }

    private static ModelCard bareCard() {
        return new ModelCard("imported", "1", "", "", "", JAN_1, "s3://models/imported", ModelStage.NONE, List.of(), "", "", List.of(),
                List.of(), List.of(), null, List.of(), List.of(), null);
    }

    @Test
    void markdownHasTheSectionsOfAModelCardInOrder() {
        assertThat(renderer.markdown(card())).containsSubsequence(
                "# Model card: fraud, version 3", "## Model details", "## Intended use", "## Limitations", "## Training data",
                "## Parameters", "## Metrics", "## Signature", "## Approvals", "## Alias history", "## Lineage");
    }

    @Test
    void markdownShowsWhatTheVersionIsMadeOf() {
        String markdown = renderer.markdown(card());

        assertThat(markdown)
                .contains("| Registered | 2026-01-01T00:00:00Z by alice |")
                .contains("Scoring card-present transactions in the EU.")
                .contains("| transactions | d1 | training | s3 | s3://data/transactions |")
                .contains("| max\\_depth | 6 |")
                .contains("| val\\_auc | 0.93 | 3 | 2026-01-01T00:00:30Z |")
                .contains("| amount | double | yes |", "| country | string | no |", "| (unnamed) | long | yes |")
                .contains("| threshold | double | 0.5 |")
                .contains("**sklearn** (sklearn\\_version: 1.3.2)");
    }

    @Test
    void markdownRecordsWhoApprovedWhatWhenAndOnWhichEvidence() {
        assertThat(renderer.markdown(card()))
                .contains("### Promotion to champion: APPROVED")
                .contains("Requested by alice at 2026-01-01T00:00:01Z: beats v2.")
                .contains("| val\\_auc \\>= 0.9 | yes | val\\_auc = 0.93 |")
                .contains("| bob | APPROVE | 2026-01-01T00:00:02Z | ship it | 1 of 1 passed |")
                .contains("| 2026-01-01T00:00:02Z | champion | set to version 3 (was version 2) | bob | " + "ab".repeat(16) + " |");
    }

    @Test
    void markdownTracesTheLineageFromSourceToDatasets() {
        assertThat(renderer.markdown(card())).containsSubsequence(
                "- Registered from runs:/" + RUN_ID + "/model",
                "- Run march (" + RUN_ID + ") in experiment 1, FINISHED, by alice, started 2026-01-01T00:00:00Z, ended 2026-01-01T00:01:00Z",
                "- Used dataset transactions (digest d1) for training");
    }

    @Test
    void saysWhatIsMissingInsteadOfLeavingSectionsOut() {
        String markdown = renderer.markdown(bareCard());

        assertThat(markdown)
                .contains("## Intended use\n\n_Not documented yet: set it with PATCH /api/2.0/slipway/model-versions/card._")
                .contains("_No run: the data this version was trained on is not known._")
                .contains("_No MLmodel descriptor was recorded for this version._")
                .contains("_No promotion was requested for this version._")
                .contains("- No run: the lineage ends at the source.");
    }

    @Test
    void valuesCannotBreakOutOfTheirTableCell() {
        String markdown = renderer.markdown(card("", "", List.of(new Param("layers", "64|32\n| injected | row |"))));

        assertThat(markdown).contains("| layers | 64\\|32 \\| injected \\| row \\| |");
    }

    @Test
    void htmlEscapesScriptsInDescriptions() {
        String html = renderer.html(card("Fine-tuned. <script>alert('owned')</script> <img src=x onerror=alert(1)>", "", List.of()));

        assertThat(html).doesNotContain("<script>").doesNotContain("<img").contains("&lt;script&gt;alert");
    }

    @Test
    void htmlEscapesHtmlInTableValues() {
        String html = renderer.html(card("", "", List.of(new Param("note", "<b onmouseover=alert(1)>x</b>"))));

        assertThat(html).doesNotContain("<b ").contains("&lt;b onmouseover=alert(1)&gt;");
    }

    @Test
    void htmlDropsJavascriptLinksButKeepsTheAuthorsFormatting() {
        String html = renderer.html(card("", "**EU only**, see [the policy](javascript:alert(1)) and <https://example.com/policy>.",
                List.of()));

        assertThat(html).doesNotContain("javascript:").contains("<strong>EU only</strong>")
                .contains("href=\"https://example.com/policy\">https://example.com/policy</a>");
    }

    @Test
    void htmlIsAStandalonePageWithTables() {
        String html = renderer.html(card());

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<meta charset=\"utf-8\">")
                .contains("<title>Model card: fraud, version 3</title>")
                .contains("<h2>Training data</h2>").contains("<td>transactions</td>").endsWith("</html>\n");
    }

    @Test
    void htmlEscapesTheModelNameInTheTitle() {
        ModelCard card = card();
        ModelCard named = new ModelCard("</title><script>x</script>", card.version(), card.description(), card.modelDescription(),
                card.createdBy(), card.creationTimestamp(), card.source(), card.stage(), card.aliases(), card.intendedUse(),
                card.limitations(), card.trainingData(), card.params(), card.metrics(), card.mlmodel(), card.approvals(),
                card.aliasHistory(), card.run());

        assertThat(renderer.html(named)).doesNotContain("<script>").contains("<title>Model card: &lt;/title&gt;&lt;script&gt;");
    }
}
