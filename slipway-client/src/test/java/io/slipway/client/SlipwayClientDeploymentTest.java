package io.slipway.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.serving.Candidate;
import io.slipway.core.serving.Deployment;
import io.slipway.core.serving.DeploymentEvent;
import io.slipway.core.serving.DeploymentEvent.Kind;
import io.slipway.core.serving.ModelRef;
import io.slipway.core.serving.RollbackPolicy;
import io.slipway.core.serving.Rollout;
import io.slipway.core.serving.RolloutMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's deployment methods against a real server: the whole lifecycle, as core records, and the errors. */
class SlipwayClientDeploymentTest extends AuthServerTest {
    private static final RollbackPolicy BOUNDS = new RollbackPolicy(0.05, 25.0, 200, 120_000);

    private String model;

    @BeforeEach
    void registerAModelWithThreeVersions() {
        model = admin.createRegisteredModel(uniqueName("fraud"), null, Map.of()).name();
        for (int i = 0; i < 3; i++) {
            admin.createModelVersion(model, "s3://models/" + model, null, null, Map.of());
        }
        admin.setAlias(model, "live", "1");
    }

    @Test
    void createsAndReadsADeploymentAsARecord() {
        String name = uniqueName("api");
        Deployment created = admin.createDeployment(name, "models:/" + model + "@live", "scores payments", Rollout.canary(10, 20, 300_000),
                BOUNDS);

        assertThat(created.stable()).isEqualTo(new ModelRef(model, "1"));
        assertThat(created.followedVersion()).isEqualTo("1");
        assertThat(created.rollout()).isEqualTo(Rollout.canary(10, 20, 300_000));
        assertThat(created.rollback()).isEqualTo(BOUNDS);
        assertThat(created.createdBy()).isEqualTo("admin");
        assertThat(admin.getDeployment(name)).isEqualTo(created);
        assertThat(admin.listDeployments()).contains(created);
    }

    @Test
    void followsTheLifecycleOfACandidate() {
        String name = uniqueName("api");
        admin.createDeployment(name, "models:/" + model + "/1", null, null, null);

        assertThat(admin.setDeploymentCandidate(name, "2", RolloutMode.CANARY, 10).candidate())
                .isEqualTo(Candidate.canary(new ModelRef(model, "2"), 10));
        assertThat(admin.setDeploymentPercent(name, 40).candidate().percent()).isEqualTo(40);
        assertThat(admin.promoteDeployment(name).stable().version()).isEqualTo("2");
        assertThat(admin.setDeploymentCandidate(name, "3", RolloutMode.SHADOW, null).candidate())
                .isEqualTo(Candidate.shadow(new ModelRef(model, "3")));
        assertThat(admin.rollbackDeployment(name, "noisy", "3").candidate()).isNull();
        assertThat(admin.rollbackDeployment(name, "worse", null).stable().version()).isEqualTo("1");

        List<DeploymentEvent> events = admin.deploymentEvents(name, null);
        assertThat(events).extracting(DeploymentEvent::kind).containsExactly(Kind.ROLLED_BACK, Kind.ROLLED_BACK, Kind.CANDIDATE_SET,
                Kind.PROMOTED, Kind.PERCENT_CHANGED, Kind.CANDIDATE_SET, Kind.CREATED);
        assertThat(events.get(0).reason()).isEqualTo("worse");
        assertThat(admin.deploymentEvents(name, 1)).containsExactly(events.get(0));

        admin.deleteDeployment(name);
        assertThat(admin.listDeployments()).extracting(Deployment::name).doesNotContain(name);
        assertThat(admin.deploymentEvents(name, 1).get(0).kind()).isEqualTo(Kind.DELETED);
    }

    @Test
    void errorsCarryTheServersCodeAndField() {
        assertThatThrownBy(() -> admin.getDeployment(uniqueName("absent")))
                .isInstanceOfSatisfying(SlipwayClientException.class, e -> assertThat(e.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST"));
        String name = uniqueName("api");
        admin.createDeployment(name, "models:/" + model + "/1", null, null, null);
        assertThatThrownBy(() -> admin.setDeploymentPercent(name, 101))
                .isInstanceOfSatisfying(SlipwayClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("'percent'");
                });
    }

    @Test
    void aUserWhoMayReadTheModelSeesTheDeploymentButCannotChangeIt() {
        String name = uniqueName("api");
        admin.createDeployment(name, "models:/" + model + "/1", null, null, null);
        SlipwayClient user = newUser();
        assertThat(user.listDeployments()).extracting(Deployment::name).contains(name);
        assertThatThrownBy(() -> user.promoteDeployment(name))
                .isInstanceOfSatisfying(SlipwayClientException.class, e -> assertThat(e.status()).isEqualTo(403));
    }
}
