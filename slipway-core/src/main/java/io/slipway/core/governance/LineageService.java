package io.slipway.core.governance;

import static java.util.Objects.requireNonNull;

import io.slipway.core.Page;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.RegistryService;
import io.slipway.core.tracking.DatasetInput;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunInfo;
import io.slipway.core.tracking.TrackingService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Lineage between datasets, runs and model versions. Forward: a model version, the run it was
 * registered from, the datasets that run used. Reverse: a dataset, the runs that used it, the
 * versions registered from them.
 */
public final class LineageService {
    /** The most runs a reverse query loads; the newest are kept. */
    public static final int MAX_RUNS = 1000;
    private static final int RUN_IDS_PER_SEARCH = 100;
    // run ids go into a quoted filter literal; stored ones always match (TrackingValidation)
    private static final Pattern FILTER_SAFE_RUN_ID = Pattern.compile("[\\w\\-]+");
    private static final Comparator<ModelVersion> BY_NAME_AND_NUMBER =
            Comparator.comparing(ModelVersion::name).thenComparingInt(ModelVersion::number);

    private final RegistryService registry;
    private final TrackingService tracking;

    public LineageService(RegistryService registry, TrackingService tracking) {
        this.registry = requireNonNull(registry, "registry is null");
        this.tracking = requireNonNull(tracking, "tracking is null");
    }

    public ModelLineage ofModelVersion(String name, String version) {
        ModelVersion modelVersion = registry.getModelVersion(name, version);
        Optional<Run> run = modelVersion.runId().isEmpty() ? Optional.empty() : tracking.findRun(modelVersion.runId());
        return new ModelLineage(modelVersion, run.map(Run::info).orElse(null), run.map(LineageService::datasetsOf).orElse(List.of()));
    }

    /** The datasets a run logged as inputs, each with the context it was used in. */
    public static List<DatasetRef> datasetsOf(Run run) {
        return run.inputs().datasetInputs().stream().map(DatasetRef::of).toList();
    }

    public DatasetLineage ofDataset(String name, String digest) {
        return ofDataset(name, digest, run -> true, version -> true);
    }

    /**
     * The reverse lineage of a dataset, as far as the caller may see it: runs {@code visibleRun}
     * refuses are left out (and so are their datasets and versions), as are versions
     * {@code visibleVersion} refuses.
     */
    public DatasetLineage ofDataset(String name, String digest, Predicate<RunInfo> visibleRun, Predicate<ModelVersion> visibleVersion) {
        List<String> runIds = tracking.runIdsWithDataset(name, digest);
        List<Run> runs = new ArrayList<>();
        int examined = 0;
        for (; examined < runIds.size() && runs.size() < MAX_RUNS; examined++) {
            tracking.findRun(runIds.get(examined)).filter(run -> visibleRun.test(run.info())).ifPresent(runs::add);
        }
        Set<DatasetRef> datasets = new LinkedHashSet<>();
        for (Run run : runs) {
            for (DatasetInput input : run.inputs().datasetInputs()) {
                if (input.dataset().name().equals(name) && (digest == null || digest.isEmpty() || input.dataset().digest().equals(digest))) {
                    datasets.add(DatasetRef.of(input).withoutContext());
                }
            }
        }
        List<ModelVersion> versions = versionsFromRuns(runs.stream().map(r -> r.info().runId()).toList()).stream()
                .filter(visibleVersion).sorted(BY_NAME_AND_NUMBER).toList();
        return new DatasetLineage(List.copyOf(datasets), runs.stream().map(Run::info).toList(), versions, examined < runIds.size());
    }

    private List<ModelVersion> versionsFromRuns(List<String> runIds) {
        List<String> safe = runIds.stream().filter(id -> FILTER_SAFE_RUN_ID.matcher(id).matches()).toList();
        List<ModelVersion> versions = new ArrayList<>();
        for (int from = 0; from < safe.size(); from += RUN_IDS_PER_SEARCH) {
            String filter = safe.subList(from, Math.min(safe.size(), from + RUN_IDS_PER_SEARCH)).stream()
                    .map(id -> "'" + id + "'").collect(Collectors.joining(", ", "run_id IN (", ")"));
            String pageToken = null;
            do {
                Page<ModelVersion> page = registry.searchModelVersions(filter, null, null, pageToken);
                versions.addAll(page.items());
                pageToken = page.nextPageToken();
            } while (pageToken != null);
        }
        return versions;
    }
}
