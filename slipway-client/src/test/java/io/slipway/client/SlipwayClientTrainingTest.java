package io.slipway.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.api.slipway.TrainingMessages.TrainingStatus;
import io.slipway.api.slipway.TrainingMessages.TrainingView;
import io.slipway.client.data.AddDatasetOptions;
import io.slipway.client.data.TransferProgress;
import io.slipway.core.data.DatasetVersion;
import io.slipway.server.testing.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's training methods against a real server that trains (real XGBoost): submit, follow, list. */
class SlipwayClientTrainingTest extends AuthServerTest {
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    @TempDir
    static Path local;

    private static DatasetVersion payments;

    @BeforeAll
    static void addPayments() throws IOException {
        Path csv = Files.writeString(local.resolve("payments.csv"), TrainingData.payments(2000, 11));
        payments = admin.addDataset(csv, uniqueName("payments"), AddDatasetOptions.NONE, TransferProgress.NONE).version();
    }

    @Test
    void aSubmittedTrainingIsFollowedToItsRegisteredModel() {
        SlipwayClient user = newUser();
        String model = uniqueName("fraud");
        TrainingView submitted = user.submitTraining(spec(uniqueName("train"), "is_fraud"), model);
        List<TrainingStatus> seen = new ArrayList<>();

        TrainingView done = user.awaitTraining(submitted.id(), PATIENCE, training -> seen.add(training.status()));

        assertThat(done.status()).as(done.toString()).isEqualTo(TrainingStatus.FINISHED);
        assertThat(seen).endsWith(TrainingStatus.FINISHED).doesNotHaveDuplicates();
        assertThat(done.metrics()).containsKeys("roc_auc", "log_loss");
        assertThat(done.registeredModel()).isEqualTo(model);
        assertThat(user.getModelVersion(model, done.registeredVersion()).runId()).isEqualTo(done.runId());
        assertThat(user.getRun(done.runId()).info().userId()).isEqualTo(done.createdBy());
        assertThat(user.getTraining(submitted.id())).isEqualTo(done);
        assertThat(user.listTrainings(null)).extracting(TrainingView::id).containsExactly(submitted.id());
    }

    @Test
    void aTrainingWhoseDataIsWrongEndsFailedWithTheReason() {
        SlipwayClient user = newUser();

        TrainingView done = user.awaitTraining(user.submitTraining(spec(uniqueName("train"), "no_such_column"), null).id(), PATIENCE);

        assertThat(done.status()).isEqualTo(TrainingStatus.FAILED);
        assertThat(done.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(done.errorMessage()).contains("no_such_column");
        assertThat(done.runId()).isNull();
    }

    @Test
    void aBadSpecIsRefusedNamingItsField() {
        assertThatThrownBy(() -> admin.submitTraining(spec("x", "is_fraud").replace("task: binary", "task: ranking"), null))
                .isInstanceOfSatisfying(SlipwayClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("spec", "task");
                });
    }

    @Test
    void anUnknownTrainingIsNotFound() {
        assertThatThrownBy(() -> admin.getTraining("0123456789abcdef0123456789abcdef"))
                .isInstanceOfSatisfying(SlipwayClientException.class, e -> assertThat(e.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST"));
    }

    private static String spec(String experiment, String target) {
        return "experiment: " + experiment + "\n"
                + "data: {train: " + payments.name() + "@" + payments.version() + "}\n"
                + "target: " + target + "\n"
                + "exclude: [transaction_id]\n"
                + "task: binary\n"
                + "xgboost: {params: {max_depth: 3}, rounds: 8}\n";
    }
}
