package io.slipway.core.testing;

import io.slipway.core.SlipwayException;
import io.slipway.core.governance.PromotionService;
import io.slipway.core.registry.ModelDescriptors;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.RegistryService;
import io.slipway.core.tracking.Dataset;
import io.slipway.core.tracking.DatasetInput;
import io.slipway.core.tracking.InputTag;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.TrackingService;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Tracking, registry and promotion services over in-memory stores, with helpers that build a run's story. */
public record GovernanceTestbed(TrackingService tracking, RegistryService registry, PromotionService promotions) {
    public static GovernanceTestbed create(ModelDescriptors descriptors) {
        TickingClock clock = new TickingClock(Instant.parse("2026-01-01T00:00:00Z"));
        InMemoryRegistryStore registryStore = new InMemoryRegistryStore();
        TrackingService tracking = new TrackingService(new InMemoryTrackingStore(), "mlflow-artifacts:/", clock);
        RegistryService registry = new RegistryService(registryStore, tracking, descriptors, Set.of(), clock);
        return new GovernanceTestbed(tracking, registry, new PromotionService(new InMemoryPromotionStore(registryStore), registry,
                tracking, 1, clock));
    }

    /** A run started at {@code startTime} that used {@code inputs}. */
    public Run run(String name, long startTime, DatasetInput... inputs) {
        Run run = tracking.createRun("0", "alice", name, startTime, List.of());
        tracking.logInputs(run.info().runId(), List.of(inputs));
        return tracking.getRun(run.info().runId());
    }

    public void log(Run run, List<Param> params, List<Metric> metrics) {
        tracking.logBatch(run.info().runId(), metrics, params, List.of());
    }

    /** Registers the run's {@code model} directory as a new version of {@code model}, creating the model if needed. */
    public ModelVersion register(String model, Run run) {
        try {
            registry.getRegisteredModel(model);
        } catch (SlipwayException notYet) {
            registry.createRegisteredModel(model, "Scores card transactions.", List.of(), "alice");
        }
        return registry.createModelVersion(model, "runs:/" + run.info().runId() + "/model", run.info().runId(), List.of(), null,
                "Retrained on March data.", "alice");
    }

    public static DatasetInput input(String name, String digest, String context) {
        return new DatasetInput(List.of(new InputTag(DatasetInput.CONTEXT_TAG, context)),
                new Dataset(name, digest, "s3", "{\"uri\": \"s3://data/" + name + "/" + digest + ".parquet\"}", "{}", null));
    }
}
