package io.slipway.core.governance;

import static io.slipway.core.testing.GovernanceTestbed.input;
import static io.slipway.core.testing.SlipwayAssertions.assertInvalidParameter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.slipway.core.registry.ModelDescriptors;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunInfo;
import io.slipway.core.testing.GovernanceTestbed;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineageServiceTest {
    private final GovernanceTestbed bed = GovernanceTestbed.create(ModelDescriptors.NONE);
    private final LineageService lineage = new LineageService(bed.registry(), bed.tracking());

    @Test
    void followsAVersionToItsRunAndTheDatasetsItUsed() {
        Run run = bed.run("march", 100, input("transactions", "d1", "training"), input("holdout", "h1", "eval"));
        ModelVersion version = bed.register("fraud", run);

        ModelLineage found = lineage.ofModelVersion("fraud", version.version());

        assertThat(found.modelVersion()).isEqualTo(version);
        assertThat(found.run()).isEqualTo(run.info());
        assertThat(found.datasets()).containsExactly(
                new DatasetRef("transactions", "d1", "s3", "{\"uri\": \"s3://data/transactions/d1.parquet\"}", "training"),
                new DatasetRef("holdout", "h1", "s3", "{\"uri\": \"s3://data/holdout/h1.parquet\"}", "eval"));
    }

    @Test
    void aVersionRegisteredWithoutARunHasNoRunAndNoDatasets() {
        bed.registry().createRegisteredModel("imported", "", List.of(), "alice");
        bed.registry().createModelVersion("imported", "s3://models/imported", null, List.of(), null, "", "alice");

        ModelLineage found = lineage.ofModelVersion("imported", "1");

        assertThat(found.run()).isNull();
        assertThat(found.datasets()).isEmpty();
    }

    @Test
    void findsEveryRunThatUsedADatasetAndTheVersionsRegisteredFromThem() {
        Run march = bed.run("march", 100, input("transactions", "d1", "training"));
        Run april = bed.run("april", 200, input("transactions", "d2", "training"));
        Run other = bed.run("other", 300, input("clicks", "c1", "training"));
        ModelVersion fraud1 = bed.register("fraud", march);
        ModelVersion fraud2 = bed.register("fraud", april);
        ModelVersion shadow = bed.register("fraud-shadow", march);
        bed.register("ctr", other);

        DatasetLineage found = lineage.ofDataset("transactions", null);

        assertThat(found.runs()).extracting(RunInfo::runName).containsExactly("april", "march");
        assertThat(found.datasets()).extracting(DatasetRef::digest).containsExactlyInAnyOrder("d1", "d2");
        assertThat(found.datasets()).extracting(DatasetRef::context).containsOnlyNulls();
        assertThat(found.modelVersions()).containsExactly(fraud1, fraud2, shadow);
        assertThat(found.truncated()).isFalse();
    }

    @Test
    void narrowsADatasetToOneDigest() {
        Run march = bed.run("march", 100, input("transactions", "d1", "training"));
        bed.run("april", 200, input("transactions", "d2", "training"));
        ModelVersion fraud1 = bed.register("fraud", march);

        DatasetLineage found = lineage.ofDataset("transactions", "d1");

        assertThat(found.runs()).extracting(RunInfo::runName).containsExactly("march");
        assertThat(found.datasets()).extracting(DatasetRef::digest).containsExactly("d1");
        assertThat(found.modelVersions()).containsExactly(fraud1);
    }

    @Test
    void leavesOutRunsAndVersionsTheCallerMayNotSee() {
        Run march = bed.run("march", 100, input("transactions", "d1", "training"));
        Run secret = bed.run("secret", 200, input("transactions", "d9", "training"));
        bed.register("fraud", march);
        bed.register("fraud-shadow", march);
        bed.register("fraud", secret);

        DatasetLineage found = lineage.ofDataset("transactions", null,
                run -> !run.runName().equals("secret"), version -> !version.name().equals("fraud-shadow"));

        assertThat(found.runs()).extracting(RunInfo::runName).containsExactly("march");
        assertThat(found.datasets()).extracting(DatasetRef::digest).containsExactly("d1");
        assertThat(found.modelVersions()).extracting(ModelVersion::name, ModelVersion::version).containsExactly(tuple("fraud", "1"));
    }

    @Test
    void aDatasetNoRunUsedHasNoLineage() {
        DatasetLineage found = lineage.ofDataset("nobody-used-this", null);

        assertThat(found.datasets()).isEmpty();
        assertThat(found.runs()).isEmpty();
        assertThat(found.modelVersions()).isEmpty();
    }

    @Test
    void keepsTheNewestRunsWhenThereAreTooMany() {
        for (int i = 0; i <= LineageService.MAX_RUNS; i++) {
            bed.run("run-" + i, i, input("transactions", "d1", "training"));
        }

        DatasetLineage found = lineage.ofDataset("transactions", "d1");

        assertThat(found.truncated()).isTrue();
        assertThat(found.runs()).hasSize(LineageService.MAX_RUNS);
        assertThat(found.runs().get(0).runName()).isEqualTo("run-" + LineageService.MAX_RUNS);
        assertThat(found.runs()).extracting(RunInfo::runName).doesNotContain("run-0");
    }

    @Test
    void requiresADatasetName() {
        assertInvalidParameter(() -> lineage.ofDataset("", null)).hasMessageContaining("'name'");
        assertInvalidParameter(() -> lineage.ofDataset("x".repeat(501), null)).hasMessageContaining("'name' had length 501");
    }
}
