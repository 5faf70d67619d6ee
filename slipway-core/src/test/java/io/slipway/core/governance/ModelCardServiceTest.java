package io.slipway.core.governance;

import static io.slipway.core.testing.GovernanceTestbed.input;
import static io.slipway.core.testing.SlipwayAssertions.assertFailsWith;
import static io.slipway.core.testing.SlipwayAssertions.assertInvalidParameter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.slipway.core.ErrorCode;
import io.slipway.core.registry.AliasEvent;
import io.slipway.core.registry.ModelDescriptors;
import io.slipway.core.registry.ModelStage;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.RegistryTag;
import io.slipway.core.testing.GovernanceTestbed;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.Run;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCardServiceTest {
    private static final String DESCRIPTOR = "{\"flavors\": {\"sklearn\": {}}}";
    private static final MlModelSummary SUMMARY = new MlModelSummary("2.9.2", "2026-01-01 00:00:00.000000",
            List.of(new MlModelSummary.Flavor("sklearn", Map.of("sklearn_version", "1.3.2"))),
            List.of(new MlModelSummary.SignatureField("amount", "double", true, "")), List.of(), List.of(), "");

    private final GovernanceTestbed bed = GovernanceTestbed.create((location, run) -> DESCRIPTOR);
    private final ModelCardService cards = new ModelCardService(bed.registry(), bed.tracking(), bed.promotions(),
            json -> json.equals(DESCRIPTOR) ? SUMMARY : null);

    private Run trainedRun() {
        Run run = bed.run("march", 100, input("transactions", "d1", "training"), input("holdout", "h1", "eval"));
        bed.log(run, List.of(new Param("max_depth", "6")), List.of(new Metric("val_auc", 0.93, 150, 3)));
        return run;
    }

    @Test
    void describesTheVersionItsRunAndItsDescriptor() {
        Run run = trainedRun();
        ModelVersion version = bed.register("fraud", run);

        ModelCard card = cards.card("fraud", "1");

        assertThat(card.name()).isEqualTo("fraud");
        assertThat(card.version()).isEqualTo("1");
        assertThat(card.description()).isEqualTo("Retrained on March data.");
        assertThat(card.modelDescription()).isEqualTo("Scores card transactions.");
        assertThat(card.createdBy()).isEqualTo("alice");
        assertThat(card.creationTimestamp()).isEqualTo(version.creationTimestamp());
        assertThat(card.source()).isEqualTo("runs:/" + run.info().runId() + "/model");
        assertThat(card.stage()).isEqualTo(ModelStage.NONE);
        assertThat(card.trainingData()).extracting(DatasetRef::name, DatasetRef::context)
                .containsExactly(tuple("transactions", "training"),
                        tuple("holdout", "eval"));
        assertThat(card.params()).containsExactly(new Param("max_depth", "6"));
        assertThat(card.metrics()).containsExactly(new Metric("val_auc", 0.93, 150, 3));
        assertThat(card.mlmodel()).isEqualTo(SUMMARY);
        assertThat(card.run()).isEqualTo(run.info());
        assertThat(card.intendedUse()).isEmpty();
        assertThat(card.limitations()).isEmpty();
    }

    @Test
    void listsThePromotionRequestsForThisVersionWithTheirDecisions() {
        Run run = trainedRun();
        bed.register("fraud", run);
        bed.register("fraud", run);
        PromotionRequest forV1 = bed.promotions().request("alice", "fraud", "1", "champion", "beats baseline",
                List.of(PromotionCheck.metricThreshold("val_auc", ">=", 0.9)));
        bed.promotions().approve("bob", forV1.id(), "looks good");
        bed.promotions().request("alice", "fraud", "2", "champion", "newer", List.of());

        ModelCard card = cards.card("fraud", "1");

        assertThat(card.approvals()).hasSize(1);
        PromotionRequest approval = card.approvals().get(0);
        assertThat(approval.status()).isEqualTo(PromotionStatus.APPROVED);
        assertThat(approval.requestedBy()).isEqualTo("alice");
        assertThat(approval.checkResults()).allMatch(CheckResult::passed);
        assertThat(approval.decisions()).extracting(PromotionDecision::username, PromotionDecision::verdict)
                .containsExactly(tuple("bob", Verdict.APPROVE));
        assertThat(card.aliases()).containsExactly("champion");
    }

    @Test
    void showsOnlyAliasMovesOntoOrAwayFromThisVersion() {
        Run run = trainedRun();
        bed.register("fraud", run);
        bed.register("fraud", run);
        bed.register("fraud", run);
        bed.registry().setAlias("fraud", "staging", "1", "alice");
        bed.registry().setAlias("fraud", "staging", "2", "bob");
        bed.registry().setAlias("fraud", "canary", "3", "carol");

        assertThat(cards.card("fraud", "1").aliasHistory()).extracting(AliasEvent::alias, AliasEvent::version, AliasEvent::previousVersion)
                .containsExactly(tuple("staging", "1", ""),
                        tuple("staging", "2", "1"));
        assertThat(cards.card("fraud", "3").aliasHistory()).extracting(AliasEvent::actor).containsExactly("carol");
    }

    @Test
    void aVersionWithoutDescriptorHasNoMlModelSection() {
        GovernanceTestbed bare = GovernanceTestbed.create(ModelDescriptors.NONE);
        ModelCardService bareCards = new ModelCardService(bare.registry(), bare.tracking(), bare.promotions(), json -> SUMMARY);
        bare.register("fraud", bare.run("march", 100));

        assertThat(bareCards.card("fraud", "1").mlmodel()).isNull();
    }

    @Test
    void storesIntendedUseAndLimitationsAsVersionTags() {
        bed.register("fraud", trainedRun());

        ModelCard card = cards.updateCard("fraud", "1", "Scoring card-present transactions in the EU.", "Not for online payments.");

        assertThat(card.intendedUse()).isEqualTo("Scoring card-present transactions in the EU.");
        assertThat(card.limitations()).isEqualTo("Not for online payments.");
        assertThat(bed.registry().getModelVersion("fraud", "1").tags()).contains(
                new RegistryTag(ModelCardService.INTENDED_USE_TAG, "Scoring card-present transactions in the EU."),
                new RegistryTag(ModelCardService.LIMITATIONS_TAG, "Not for online payments."));
    }

    @Test
    void leavesAPartThatIsNotGivenAndClearsAnEmptyOne() {
        bed.register("fraud", trainedRun());
        cards.updateCard("fraud", "1", "EU only.", "Not for online payments.");

        cards.updateCard("fraud", "1", null, "Not for amounts over 10k.");
        assertThat(cards.card("fraud", "1").intendedUse()).isEqualTo("EU only.");

        ModelCard cleared = cards.updateCard("fraud", "1", "", null);
        assertThat(cleared.intendedUse()).isEmpty();
        assertThat(cleared.limitations()).isEqualTo("Not for amounts over 10k.");
        assertThat(bed.registry().getModelVersion("fraud", "1").tags()).extracting(RegistryTag::key)
                .doesNotContain(ModelCardService.INTENDED_USE_TAG);
    }

    @Test
    void clearingAPartThatWasNeverSetIsNoError() {
        bed.register("fraud", trainedRun());

        assertThat(cards.updateCard("fraud", "1", "", "").intendedUse()).isEmpty();
    }

    @Test
    void refusesAnUpdateThatChangesNothing() {
        bed.register("fraud", trainedRun());

        assertInvalidParameter(() -> cards.updateCard("fraud", "1", null, null)).hasMessageContaining("'intended_use', 'limitations'");
    }

    @Test
    void refusesTextOverTheTagValueLimit() {
        bed.register("fraud", trainedRun());

        assertInvalidParameter(() -> cards.updateCard("fraud", "1", "ok", "x".repeat(5001)))
                .hasMessageContaining("'limitations' had length 5001");
        assertThat(cards.card("fraud", "1").intendedUse()).isEmpty();
    }

    @Test
    void anUnknownVersionHasNoCard() {
        bed.register("fraud", trainedRun());

        assertFailsWith(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> cards.card("fraud", "7"));
        assertFailsWith(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> cards.updateCard("fraud", "7", "x", null));
    }
}
