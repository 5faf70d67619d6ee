package io.slipway.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunInfoTest {
    private static final String RUN_ID = "0123456789abcdef0123456789abcdef";

    private static RunInfo runInfo(String runId, String runUuid, String runName, String userId) {
        return new RunInfo(runId, runUuid, runName, "1", userId, RunStatus.RUNNING, 1_700_000_000_000L, null,
                "mlflow-artifacts:/1/" + runId + "/artifacts", LifecycleStage.ACTIVE);
    }

    @Test
    void runUuidAlwaysEqualsRunId() {
        assertThat(runInfo(RUN_ID, "something-else", "n", "u").runUuid()).isEqualTo(RUN_ID);
        assertThat(runInfo(RUN_ID, null, "n", "u").runUuid()).isEqualTo(RUN_ID);
    }

    @Test
    void factoryFillsRunUuid() {
        RunInfo info = RunInfo.of(RUN_ID, "n", "1", "u", RunStatus.FINISHED, 1, 2L, "mlflow-artifacts:/x", LifecycleStage.DELETED);
        assertThat(info.runUuid()).isEqualTo(RUN_ID);
        assertThat(info.endTime()).isEqualTo(2L);
    }

    @Test
    void missingRunNameAndUserBecomeEmpty() {
        RunInfo info = runInfo(RUN_ID, null, null, null);
        assertThat(info.runName()).isEmpty();
        assertThat(info.userId()).isEmpty();
    }

    @Test
    void requiresRunId() {
        assertThatThrownBy(() -> runInfo(null, null, "n", "u")).isInstanceOf(NullPointerException.class).hasMessage("runId is null");
    }
}
