package io.slipway.cli.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.api.slipway.DatasetInputs;
import io.slipway.cli.testing.CliRun;
import io.slipway.cli.testing.CliServerTest;
import io.slipway.core.data.DatasetVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageCommandTest extends CliServerTest {
    @TempDir
    Path local;

    @Test
    void showsTheRunsThatUsedAVersionAndTheModelVersionsRegisteredFromThem() throws IOException {
        String name = unique("cards");
        DatasetVersion first = add(name, "amount\n1." + ThreadLocalRandom.current().nextInt(1_000_000) + "\n");
        DatasetVersion second = add(name, "amount\n2." + ThreadLocalRandom.current().nextInt(1_000_000) + "\n");
        String experimentId = newExperiment();
        String onFirst = runUsing(experimentId, "on-first", first);
        String onSecond = runUsing(experimentId, "on-second", second);
        String model = unique("fraud");
        client.createRegisteredModel(model, "", Map.of());
        client.createModelVersion(model, "runs:/" + onFirst + "/model", onFirst, "", Map.of());

        CliRun lineage = slipway("data", "lineage", name + "@1");
        CliRun latest = slipway("data", "lineage", name, "-o", "json");

        assertThat(lineage.exitCode()).as(lineage.toString()).isZero();
        assertThat(lineage.out()).contains("Lineage of dataset " + name + "@1", "1 run(s), 1 model version(s)", onFirst, "on-first", model)
                .doesNotContain(onSecond);
        assertThat(latest.exitCode()).as(latest.toString()).isZero();
        assertThat(latest.out()).contains("\"runs\"", onSecond, "\"model_versions\" : [ ]").doesNotContain(onFirst);
    }

    @Test
    void anUnknownVersionIsAOneLineError() {
        String name = unique("cards");
        add(name, "amount\n3\n");

        CliRun lineage = slipway("data", "lineage", name + "@9");

        assertThat(lineage.exitCode()).isEqualTo(1);
        assertThat(lineage.err()).contains("no version 9").doesNotContain("Exception");
    }

    private DatasetVersion add(String name, String content) {
        try {
            Path file = Files.writeString(local.resolve(name + "-" + content.hashCode() + ".csv"), content);
            CliRun add = slipway("data", "add", file.toString(), "--name", name, "--hash-cache", local.resolve("hashes").toString());
            assertThat(add.exitCode()).as(add.toString()).isZero();
            return client.getDatasetVersion(name, null);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String runUsing(String experimentId, String runName, DatasetVersion version) {
        String runId = client.createRun(experimentId, runName, Map.of()).info().runId();
        client.logInputs(runId, List.of(DatasetInputs.of(version, "training")));
        return runId;
    }
}
