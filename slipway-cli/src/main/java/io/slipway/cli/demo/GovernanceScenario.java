package io.slipway.cli.demo;

import static java.util.Objects.requireNonNull;

import io.slipway.api.slipway.GovernanceMessages.AuditEventView;
import io.slipway.api.slipway.GovernanceMessages.AuditEventsQuery;
import io.slipway.api.slipway.GovernanceMessages.AuditVerifyResponse;
import io.slipway.api.slipway.ModelGovernanceMessages.CardFormat;
import io.slipway.client.SlipwayClient;
import io.slipway.client.SlipwayClientException;
import io.slipway.core.governance.CheckResult;
import io.slipway.core.governance.DatasetRef;
import io.slipway.core.governance.ModelLineage;
import io.slipway.core.governance.PromotionCheck;
import io.slipway.core.governance.PromotionRequest;
import io.slipway.core.identity.Permission;
import io.slipway.core.identity.ResourceType;
import io.slipway.core.registry.ModelVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The governance half of {@code slipway demo}: two people, four eyes. An admin creates the data
 * scientist {@value #AUTHOR} and the reviewer {@value #REVIEWER}; after {@link DemoScenario} has
 * trained and registered as {@value #AUTHOR}, she asks to promote the version to
 * {@value #CHAMPION_ALIAS} with checks, cannot approve her own request, {@value #REVIEWER}
 * approves it, the alias moves, the model card tells the story, and the audit chain is verified.
 */
public final class GovernanceScenario {
    public static final String AUTHOR = "alice";
    public static final String REVIEWER = "bob";
    public static final String CHAMPION_ALIAS = "champion";
    public static final String CHAMPION_URI = "models:/" + DemoScenario.MODEL_NAME + "@" + CHAMPION_ALIAS;
    /** The least ROC-AUC a champion may have, on validation and on the holdout. */
    static final double MIN_AUC = 0.8;

    private final SlipwayClient admin;
    private final String url;
    private final Path dataDir;
    private final PrintWriter out;

    /** The people of the demo and their tokens (valid for a day). */
    public record People(SlipwayClient author, String authorToken, SlipwayClient reviewer, String reviewerToken) {}

    /** What the promotion left: the request, the champion version and the card's HTML file. */
    public record Outcome(PromotionRequest request, ModelVersion champion, Path htmlCard, AuditVerifyResponse audit) {}

    public GovernanceScenario(SlipwayClient admin, String url, Path dataDir, PrintWriter out) {
        this.admin = requireNonNull(admin, "admin is null");
        this.url = requireNonNull(url, "url is null");
        this.dataDir = requireNonNull(dataDir, "dataDir is null").toAbsolutePath();
        this.out = requireNonNull(out, "out is null");
    }

    /**
     * Creates the two users (once) with fresh tokens, and makes {@value #AUTHOR} manager of the
     * demo's experiment and model when they already exist (made by an earlier demo).
     */
    public People setUp() {
        out.println("[0/" + DemoScenario.STEPS + "] Admin creates the data scientist '" + AUTHOR + "' and the reviewer '" + REVIEWER
                + "', each with an API token");
        String authorToken = userWithToken(AUTHOR);
        String reviewerToken = userWithToken(REVIEWER);
        admin.findExperimentByName(DemoScenario.EXPERIMENT_NAME).ifPresent(experiment ->
                admin.setPermission(AUTHOR, ResourceType.EXPERIMENT, experiment.experimentId(), Permission.MANAGE));
        admin.findRegisteredModel(DemoScenario.MODEL_NAME).ifPresent(model ->
                admin.setPermission(AUTHOR, ResourceType.REGISTERED_MODEL, model.name(), Permission.MANAGE));
        out.flush();
        return new People(SlipwayClient.connect(url, authorToken), authorToken, SlipwayClient.connect(url, reviewerToken), reviewerToken);
    }

    public Outcome run(People people, ModelVersion candidate) throws IOException {
        SlipwayClient author = people.author();
        SlipwayClient reviewer = people.reviewer();
        author.setPermission(REVIEWER, ResourceType.REGISTERED_MODEL, DemoScenario.MODEL_NAME, Permission.MANAGE);

        DemoScenario.step(out, 9, String.format(Locale.ROOT, "%s asks to promote version %s to '%s' (protected: four eyes)",
                AUTHOR, candidate.version(), CHAMPION_ALIAS));
        try {
            author.setAlias(DemoScenario.MODEL_NAME, CHAMPION_ALIAS, candidate.version());
        } catch (SlipwayClientException e) {
            out.println("        Setting the alias directly is refused: " + e.getMessage());
        }
        PromotionRequest request = author.requestPromotion(DemoScenario.MODEL_NAME, candidate.version(), CHAMPION_ALIAS,
                "Best validation ROC-AUC of this round, and it holds on next month's transactions", List.of(
                        PromotionCheck.metricThreshold("roc_auc", ">=", MIN_AUC),
                        PromotionCheck.metricThreshold(DemoScenario.HOLDOUT_AUC, ">=", MIN_AUC),
                        PromotionCheck.noRegression("roc_auc", true, 0.0)));
        out.println("        Request " + request.id() + " (" + request.status() + "), checks at request time:");
        request.checkResults().forEach(result -> out.println("          " + describe(result)));
        try {
            author.approvePromotion(request.id(), "I am sure it is fine");
        } catch (SlipwayClientException e) {
            out.println("        " + AUTHOR + " approving her own request is refused: " + e.getMessage());
        }
        PromotionRequest approved = reviewer.approvePromotion(request.id(), "Checks pass; reviewed the card");
        ModelVersion champion = reviewer.resolveModel(CHAMPION_URI);
        out.printf("        %s approved it (checks evaluated again); %s now resolves to version %s%n", REVIEWER, CHAMPION_URI,
                champion.version());

        DemoScenario.step(out, 10, "Model card and lineage of " + DemoScenario.MODEL_NAME + "/" + champion.version());
        ModelLineage lineage = author.lineageOfModelVersion(DemoScenario.MODEL_NAME, champion.version());
        for (DatasetRef dataset : lineage.datasets()) {
            out.printf("        %s %s (digest %s) by run %s%n", "training".equals(dataset.context()) ? "Trained on"
                    : "Evaluated on", dataset.name(), dataset.digest(), lineage.run() == null ? "?" : lineage.run().runId());
        }
        String markdown = author.modelCard(DemoScenario.MODEL_NAME, champion.version(), CardFormat.MARKDOWN);
        markdown.lines().filter(line -> line.startsWith("#")).limit(12).forEach(line -> out.println("        " + line));
        Path html = Files.createDirectories(dataDir.resolve("cards"))
                .resolve(DemoScenario.MODEL_NAME + "-v" + champion.version() + ".html");
        Files.writeString(html, author.modelCard(DemoScenario.MODEL_NAME, champion.version(), CardFormat.HTML));
        out.println("        Full card (HTML): " + html);

        DemoScenario.step(out, 11, "The audit trail: who did what, hash-chained");
        List<AuditEventView> recent = new ArrayList<>();
        admin.forEachAuditEvent(new AuditEventsQuery(null, null, null, null, null, null, null), recent::add);
        recent.stream().skip(Math.max(0, recent.size() - 5)).forEach(event -> out.printf("        #%-5d %-6s %-32s %-45s %d%n",
                event.seq(), event.actor(), event.action(), event.target(), event.status()));
        AuditVerifyResponse verified = admin.verifyAudit();
        out.println(verified.intact()
                ? String.format(Locale.ROOT, "        slipway audit verify: chain intact, %,d events", verified.eventsChecked())
                : "        slipway audit verify: BROKEN at event " + verified.firstBrokenSeq() + ": " + verified.problem());
        out.flush();
        return new Outcome(approved, champion, html, verified);
    }

    private String userWithToken(String username) {
        if (admin.listUsers().stream().noneMatch(user -> user.username().equals(username))) {
            admin.createUser(username, false);
        }
        return admin.createToken(username, "slipway demo", null, 1).secret();
    }

    private static String describe(CheckResult result) {
        return (result.passed() ? "passed  " : "FAILED  ") + result.check().describe() + "  (" + result.observed() + ")";
    }
}
