package io.slipway.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.api.slipway.PredictionMessages.FeedbackItem;
import io.slipway.api.slipway.PredictionMessages.PredictionView;
import io.slipway.core.serving.ModelRef;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.Predictions;
import io.slipway.ml.predict.Task;
import io.slipway.server.serving.PredictionLog;
import io.slipway.server.serving.PredictionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's prediction log methods against a real server: feedback, search, and a replica's segment upload. */
class SlipwayClientPredictionsTest extends AuthServerTest {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static String model;

    @TempDir
    Path local;

    @BeforeAll
    static void registerModel() {
        model = uniqueName("scores");
        String runId = admin.createRun("0", null, Map.of()).info().runId();
        admin.createRegisteredModel(model, null, Map.of());
        admin.createModelVersion(model, "runs:/" + runId + "/model", runId, null, Map.of());
    }

    @Test
    void feedbackIsSearchedBackWithItsPrediction() {
        String deployment = deploy();
        assertThat(server.predictionLog().offer(record("req-1", deployment, 0.75))).isTrue();

        assertThat(admin.sendFeedback(deployment, List.of(new FeedbackItem("req-1", null, "0.5")))).isEqualTo(1);
        server.predictionLog().flush();

        List<PredictionView> predictions = admin.searchPredictions(deployment, TODAY, TODAY, 10, null);
        assertThat(predictions).singleElement().satisfies(p -> {
            assertThat(p.predictionId()).isEqualTo("req-1");
            assertThat(p.prediction()).isEqualTo(0.75);
            assertThat(p.inputs()).containsEntry("amount", 3.0);
            assertThat(p.groundTruth()).isEqualTo("0.5");
        });
    }

    @Test
    void aReplicaSegmentIsUploadedAndRead() throws IOException {
        String deployment = deploy();
        Path segment = local.resolve("segment.parquet");
        String[] relative = new String[1];
        try (PredictionLog replica = new PredictionLog((path, file) -> {
            relative[0] = path;
            try {
                Files.copy(file, segment, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, PredictionLog.Settings.defaults(), local.resolve("work"), Clock.systemUTC())) {
            replica.offer(record("replica-1", deployment, 1));
        }

        admin.uploadPredictionSegment(relative[0], segment);

        assertThat(admin.searchPredictions(deployment, null, null, null, null)).extracting(PredictionView::predictionId)
                .containsExactly("replica-1");
    }

    @Test
    void anUnknownDeploymentIsNotFound() {
        assertThatThrownBy(() -> admin.searchPredictions("no-such-deployment", null, null, null, null))
                .isInstanceOfSatisfying(SlipwayClientException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    private static String deploy() {
        String name = uniqueName("live");
        server.deployments().create(name, "models:/" + model + "/1", null, null, null, "test");
        return name;
    }

    private static PredictionRecord record(String requestId, String deployment, double value) {
        return new PredictionRecord(requestId, Clock.systemUTC().millis(), deployment, new ModelRef(model, "1"), PredictionRecord.STABLE,
                Frame.of(Map.of("amount", new Column.Numbers(new double[] {3}))), new Predictions(Task.REGRESSION, List.of(),
                        new double[] {value}, null), 1_000_000);
    }
}
