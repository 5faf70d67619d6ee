package io.slipway.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.cli.testing.AuthCliServerTest;
import io.slipway.cli.testing.CliRun;
import io.slipway.core.serving.Candidate;
import io.slipway.core.serving.Deployment;
import io.slipway.core.serving.DeploymentEvent;
import io.slipway.core.serving.ModelRef;
import io.slipway.core.serving.RollbackPolicy;
import io.slipway.core.serving.Rollout;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code slipway deploy} and {@code slipway deployments ...} against a real server: output, effects and one-line errors. */
class DeploymentsCommandTest extends AuthCliServerTest {
    private String model;

    @BeforeEach
    void registerAModelWithThreeVersions() {
        model = admin.createRegisteredModel(unique("fraud"), null, Map.of()).name();
        for (int i = 0; i < 3; i++) {
            admin.createModelVersion(model, "s3://models/" + model, null, null, Map.of());
        }
        admin.setAlias(model, "live", "1");
    }

    @Test
    void deployCreatesADeploymentWithItsRolloutAndRollbackPolicy() {
        String name = unique("api");

        CliRun run = slipwayAsAdmin("deploy", name, "--model", "models:/" + model + "@live", "--description", "scores payments",
                "--rollout", "canary", "--initial-percent", "5", "--step-percent", "20", "--step-every", "5m",
                "--max-error-rate", "0.02", "--max-p99-ms", "40", "--min-requests", "300", "--window", "2m");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Deployed " + name, model + "/1", "canary 5% +20% every 5m 00s");
        Deployment deployment = admin.getDeployment(name);
        assertThat(deployment.rollout()).isEqualTo(Rollout.canary(5, 20, 300_000));
        assertThat(deployment.rollback()).isEqualTo(new RollbackPolicy(0.02, 40.0, 300, 120_000));
        assertThat(deployment.description()).isEqualTo("scores payments");
    }

    @Test
    void deployWithoutOptionsSwapsDirectlyAndCanaryOptionsImplyACanary() {
        String direct = unique("api");
        String canary = unique("api");
        assertThat(slipwayAsAdmin("deploy", direct, "--model", "models:/" + model + "/1").exitCode()).isZero();
        assertThat(slipwayAsAdmin("deploy", canary, "--model", "models:/" + model + "/1", "--step-percent", "10").exitCode()).isZero();

        assertThat(admin.getDeployment(direct).rollout()).isEqualTo(Rollout.direct());
        assertThat(admin.getDeployment(direct).rollback()).isNull();
        assertThat(admin.getDeployment(canary).rollout()).isEqualTo(Rollout.canary(10, 10, 0));
    }

    @Test
    void rollsACandidateOutByHand() {
        String name = deployed();

        assertThat(ok(slipwayAsAdmin("deployments", "canary", name, "--version", "2", "--percent", "10")))
                .contains("candidate " + model + "/2 (canary 10%)");
        assertThat(ok(slipwayAsAdmin("deployments", "percent", name, "60"))).contains("(canary 60%)");
        assertThat(ok(slipwayAsAdmin("deployments", "promote", name))).contains("stable " + model + "/2", "candidate -");
        assertThat(ok(slipwayAsAdmin("deployments", "shadow", name, "--version", "3"))).contains(model + "/3 (shadow)");
        assertThat(admin.getDeployment(name).candidate()).isEqualTo(Candidate.shadow(new ModelRef(model, "3")));
        assertThat(ok(slipwayAsAdmin("deployments", "rollback", name, "--reason", "noisy"))).contains("candidate -");
        assertThat(admin.deploymentEvents(name, 1)).extracting(DeploymentEvent::reason).containsExactly("noisy");
    }

    @Test
    void listShowAndEventsPrintTablesOrTheApisJson() {
        String name = deployed();
        slipwayAsAdmin("deployments", "canary", name, "--version", "2", "--percent", "10");

        assertThat(ok(slipwayAsAdmin("deployments", "list"))).contains("NAME", name, "models:/" + model + "@live", model + "/1");
        assertThat(ok(slipwayAsAdmin("deployments", "show", name))).contains("Deployment " + name, "followed to version 1",
                model + "/2 (canary 10%)", "direct");
        assertThat(ok(slipwayAsAdmin("deployments", "events", name))).contains("CANDIDATE_SET", "CREATED", "admin");
        assertThat(ok(slipwayAsAdmin("deployments", "show", name, "-o", "json"))).contains("\"deployment\"", "\"followed_version\" : \"1\"",
                "\"mode\" : \"CANARY\"");
        assertThat(ok(slipwayAsAdmin("deployments", "events", name, "--max-results", "1", "-o", "json")))
                .contains("\"kind\" : \"CANDIDATE_SET\"").doesNotContain("CREATED");
    }

    @Test
    void deleteRemovesTheDeployment() {
        String name = deployed();
        assertThat(ok(slipwayAsAdmin("deployments", "delete", name))).contains("Deleted deployment " + name);
        assertThat(admin.listDeployments()).extracting(Deployment::name).doesNotContain(name);
    }

    @Test
    void badInputIsOneLineAndExitCodeOne() {
        String name = deployed();
        assertFailure(slipwayAsAdmin("deployments", "percent", name, "50"), "INVALID_PARAMETER_VALUE", "no canary");
        assertFailure(slipwayAsAdmin("deployments", "canary", name, "--version", "2", "--percent", "101"), "INVALID_PARAMETER_VALUE",
                "percent");
        assertFailure(slipwayAsAdmin("deployments", "canary", name, "--version", "9", "--percent", "10"), "RESOURCE_DOES_NOT_EXIST", "9");
        assertFailure(slipwayAsAdmin("deployments", "show", unique("absent")), "RESOURCE_DOES_NOT_EXIST", "absent");
        assertFailure(slipwayAsAdmin("deploy", unique("api"), "--model", "models:/" + model + "@nobody"), "RESOURCE_DOES_NOT_EXIST",
                "nobody");
        assertFailure(slipwayAsAdmin("deploy", unique("api"), "--model", "models:/" + model + "/1", "--min-requests", "5"),
                "INVALID_PARAMETER_VALUE", "max_error_rate");
        assertFailure(slipwayAsAdmin("deploy", unique("api"), "--model", "models:/" + model + "/1", "--rollout", "direct",
                "--initial-percent", "5"), "INVALID_PARAMETER_VALUE", "only apply to a CANARY");
    }

    @Test
    void anUnreadableCommandLineIsAUsageError() {
        CliRun run = slipwayAsAdmin("deploy", unique("api"), "--model", "models:/" + model + "/1", "--step-every", "soon");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: Invalid value for option '--step-every': 'soon' is not a span of time").hasLineCount(1);
    }

    private String deployed() {
        String name = unique("api");
        admin.createDeployment(name, "models:/" + model + "@live", null, null, null);
        return name;
    }

    private static String ok(CliRun run) {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run.out();
    }

    private static void assertFailure(CliRun run, String errorCode, String messagePart) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: " + errorCode + ": ").contains(messagePart).hasLineCount(1);
        assertThat(run.out()).isEmpty();
    }
}
