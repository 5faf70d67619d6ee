package io.slipway.api.mlmodel;

import static io.slipway.api.mlmodel.MlModelTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactPath;
import io.slipway.core.artifacts.ArtifactService;
import io.slipway.core.artifacts.ArtifactStore;
import io.slipway.core.artifacts.FileInfo;
import io.slipway.core.governance.MlModelSummary;
import io.slipway.core.tracking.Dataset;
import io.slipway.core.tracking.DatasetInput;
import io.slipway.core.tracking.InputTag;
import io.slipway.core.tracking.LifecycleStage;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunData;
import io.slipway.core.tracking.RunInfo;
import io.slipway.core.tracking.RunInputs;
import io.slipway.core.tracking.RunStatus;
import io.slipway.core.tracking.TrackingService;
import io.slipway.core.tracking.TrackingStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MlModelDescriptorsTest {
    private static final String RUN_ID = "0123456789abcdef0123456789abcdef";
    private static final String RUN_ROOT = "mlflow-artifacts:/1/" + RUN_ID + "/artifacts";
    private static final String MODEL_PATH = "1/" + RUN_ID + "/artifacts/model";

    private final Map<String, byte[]> files = new HashMap<>();
    private final MlModelDescriptors descriptors = new MlModelDescriptors(
            new ArtifactService(new FileMap(files), unusedTracking()),
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    private static Run run(DatasetInput... inputs) {
        return new Run(RunInfo.of(RUN_ID, "march", "1", "alice", RunStatus.FINISHED, 1, 2L, RUN_ROOT, LifecycleStage.ACTIVE),
                new RunData(List.of(), List.of(), List.of()), new RunInputs(List.of(inputs)));
    }

    private static DatasetInput input(String name, String digest, String context) {
        List<InputTag> tags = context == null ? List.of() : List.of(new InputTag(DatasetInput.CONTEXT_TAG, context));
        return new DatasetInput(tags, new Dataset(name, digest, "s3", "{\"uri\": \"s3://data/" + name + "\"}", "{}", null));
    }

    private static Map<String, Object> json(String descriptor) {
        return MlModel.fromJson(descriptor).fields();
    }

    @Test
    void readsTheMlModelFileAtTheVersionsLocationAndAddsSlipwaysSection() {
        files.put(MODEL_PATH + "/MLmodel", resource("sklearn.MLmodel"));

        MlModel described = MlModel.fromJson(descriptors.describe(RUN_ROOT + "/model",
                run(input("transactions", "d1", "training"), input("holdout", "h1", null))));

        Map<String, Object> descriptor = described.fields();
        assertThat(descriptor).containsEntry("mlflow_version", "2.9.2").containsKey("signature");
        assertThat(described.flavors()).containsOnlyKeys("python_function", "sklearn");
        assertThat(descriptor.get("slipway")).isEqualTo(Map.of(
                "run_id", RUN_ID,
                "registered_at", "2026-01-01T00:00:00Z",
                "training_datasets", List.of(
                        Map.of("name", "transactions", "digest", "d1", "source_type", "s3", "source", "{\"uri\": \"s3://data/transactions\"}",
                                "context", "training"),
                        Map.of("name", "holdout", "digest", "h1", "source_type", "s3", "source", "{\"uri\": \"s3://data/holdout\"}",
                                "context", ""))));
    }

    @Test
    void replacesASlipwaySectionTheFileBrought() {
        files.put(MODEL_PATH + "/MLmodel", (new String(resource("sklearn.MLmodel"), StandardCharsets.UTF_8)
                + "slipway:\n  run_id: forged\n").getBytes(StandardCharsets.UTF_8));

        Map<?, ?> slipway = (Map<?, ?>) json(descriptors.describe(RUN_ROOT + "/model", run())).get("slipway");

        assertThat(slipway.get("run_id")).isEqualTo(RUN_ID);
    }

    @Test
    void describesAVersionWithoutAnMlModelFileMinimally() {
        Map<String, Object> descriptor = json(descriptors.describe(RUN_ROOT + "/model", run()));

        assertThat(descriptor).containsEntry("artifact_path", "model").containsEntry("flavors", Map.of())
                .containsEntry("run_id", RUN_ID).containsEntry("utc_time_created", "2026-01-01 00:00:00.000000");
        assertThat(descriptor).containsEntry("slipway", Map.of("run_id", RUN_ID, "registered_at", "2026-01-01T00:00:00Z",
                "training_datasets", List.of()));
    }

    @Test
    void describesObjectStoreLocationsWithoutReadingThem() {
        Map<String, Object> descriptor = json(descriptors.describe("s3://models/fraud/", null));

        assertThat(descriptor).containsEntry("artifact_path", "fraud").containsEntry("flavors", Map.of()).doesNotContainKey("run_id");
        assertThat(descriptor).containsEntry("slipway", Map.of("registered_at", "2026-01-01T00:00:00Z", "training_datasets", List.of()));
    }

    @Test
    void refusesARegistrationWhoseMlModelIsMalformed() {
        files.put(MODEL_PATH + "/MLmodel", "artifact_path: model\n".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> descriptors.describe(RUN_ROOT + "/model", run()))
                .isInstanceOf(SlipwayException.class)
                .matches(e -> ((SlipwayException) e).errorCode() == ErrorCode.INVALID_PARAMETER_VALUE, "is INVALID_PARAMETER_VALUE")
                .hasMessageStartingWith("Invalid MLmodel at " + RUN_ROOT + "/model/MLmodel: flavors is missing");
    }

    @Test
    void refusesAnOversizedMlModelFileWithoutParsingIt() {
        files.put(MODEL_PATH + "/MLmodel", new byte[MlModel.MAX_FILE_BYTES + 1]);

        assertThatThrownBy(() -> descriptors.describe(RUN_ROOT + "/model", run()))
                .isInstanceOf(SlipwayException.class)
                .hasMessage("Invalid MLmodel at " + RUN_ROOT + "/model/MLmodel: the file is larger than 1048576 bytes;"
                        + " an MLmodel file is a few kilobytes.");
    }

    @Test
    void summarizesAStoredDescriptorForTheModelCard() {
        files.put(MODEL_PATH + "/MLmodel", resource("xgboost.MLmodel"));

        MlModelSummary summary = descriptors.summarize(descriptors.describe(RUN_ROOT + "/model", run()));

        assertThat(summary.flavors()).extracting(MlModelSummary.Flavor::name).containsExactly("python_function", "xgboost");
        assertThat(summary.inputs()).extracting(MlModelSummary.SignatureField::type).containsExactly("tensor(float64, [-1, 30])");
    }

    /** Only what ArtifactService's reads use: files by path, with their sizes. */
    private record FileMap(Map<String, byte[]> files) implements ArtifactStore {
        @Override
        public Optional<InputStream> read(ArtifactPath path) {
            return Optional.ofNullable(files.get(path.toString())).map(ByteArrayInputStream::new);
        }

        @Override
        public Optional<FileInfo> stat(ArtifactPath path) {
            return Optional.ofNullable(files.get(path.toString())).map(bytes -> new FileInfo(path.toString(), false, (long) bytes.length));
        }

        @Override
        public void write(ArtifactPath path, InputStream content, long length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<FileInfo> list(ArtifactPath directory) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(ArtifactPath path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String describe() {
            return "memory";
        }
    }

    /** Reading artifacts never asks tracking anything. */
    private static TrackingService unusedTracking() {
        TrackingStore store = (TrackingStore) Proxy.newProxyInstance(TrackingStore.class.getClassLoader(), new Class<?>[] {TrackingStore.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        return new TrackingService(store, ArtifactService.DEFAULT_ARTIFACT_ROOT, Clock.systemUTC());
    }
}
