package io.slipway.api.mlmodel;

import static java.util.Objects.requireNonNull;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactService;
import io.slipway.core.artifacts.FileInfo;
import io.slipway.core.governance.DatasetRef;
import io.slipway.core.governance.LineageService;
import io.slipway.core.governance.MlModelSummaries;
import io.slipway.core.governance.MlModelSummary;
import io.slipway.core.registry.ModelDescriptors;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.TrackingService;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The descriptor a new model version stores. For a version in this server's artifact store
 * ({@code mlflow-artifacts:} URIs) it is the {@code MLmodel} file at the version's location, checked
 * by {@link MlModel#parse}: a malformed or oversized file refuses the registration, naming the file.
 * Where there is no such file, or the artifacts live elsewhere ({@code s3://}, {@code gs://}, ...,
 * which this server does not read), it is a minimal descriptor: {@code run_id},
 * {@code utc_time_created}, {@code artifact_path} (the location relative to the run's artifact
 * root, else its last segment) and no flavors.
 *
 * <p>Either way Slipway adds its section, replacing any the file had:
 * {@code slipway: {run_id, registered_at, training_datasets: [{name, digest, source_type, source, context}]}},
 * every dataset the run logged as an input, with its {@code mlflow.data.context} tag (empty when
 * untagged).
 */
public final class MlModelDescriptors implements ModelDescriptors, MlModelSummaries {
    /** The format of MLflow's {@code utc_time_created} (Python's {@code str(datetime.utcnow())}). */
    private static final DateTimeFormatter MLFLOW_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private final ArtifactService artifacts;
    private final Clock clock;

    public MlModelDescriptors(ArtifactService artifacts, Clock clock) {
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public String describe(String storageLocation, Run run) {
        Instant now = clock.instant();
        MlModel mlmodel = read(storageLocation).orElseGet(() -> MlModel.minimal(
                run == null ? null : run.info().runId(), artifactPath(storageLocation, run), MLFLOW_TIME.format(now)));
        return mlmodel.withSlipway(slipwaySection(run, now)).toJson();
    }

    @Override
    public MlModelSummary summarize(String descriptorJson) {
        return MlModel.fromJson(descriptorJson).summary();
    }

    private Optional<MlModel> read(String storageLocation) {
        if (!storageLocation.startsWith(ArtifactService.SCHEME)) {
            return Optional.empty();
        }
        String fileUri = TrackingService.joinUri(storageLocation, MlModel.FILE_NAME);
        String path = ArtifactService.pathOfUri(storageLocation).child(MlModel.FILE_NAME).toString();
        Optional<FileInfo> file = artifacts.stat(path).filter(info -> !info.isDir());
        if (file.isEmpty()) {
            return Optional.empty();
        }
        if (file.get().fileSize() != null && file.get().fileSize() > MlModel.MAX_FILE_BYTES) {
            throw tooLarge(fileUri);
        }
        byte[] content;
        try (InputStream in = artifacts.download(path)) {
            content = in.readNBytes(MlModel.MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new SlipwayException(ErrorCode.INTERNAL_ERROR, "Could not read " + fileUri + ": " + e.getMessage(), e);
        }
        if (content.length > MlModel.MAX_FILE_BYTES) {
            throw tooLarge(fileUri);
        }
        return Optional.of(MlModel.parse(content, fileUri));
    }

    private static SlipwayException tooLarge(String fileUri) {
        return SlipwayException.invalidParameter("Invalid MLmodel at %s: the file is larger than %d bytes; an MLmodel file is a few kilobytes.",
                fileUri, MlModel.MAX_FILE_BYTES);
    }

    /** Where the model is relative to its run's artifact root, as MLflow records it; else the location's last segment. */
    private static String artifactPath(String storageLocation, Run run) {
        String location = storageLocation.endsWith("/") ? storageLocation.substring(0, storageLocation.length() - 1) : storageLocation;
        if (run != null) {
            String root = run.info().artifactUri();
            String prefix = root.endsWith("/") ? root : root + "/";
            if (location.startsWith(prefix)) {
                return location.substring(prefix.length());
            }
        }
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static Map<String, Object> slipwaySection(Run run, Instant now) {
        List<DatasetRef> datasets = run == null ? List.of() : LineageService.datasetsOf(run);
        Map<String, Object> section = new LinkedHashMap<>();
        if (run != null) {
            section.put("run_id", run.info().runId());
        }
        section.put("registered_at", now.toString());
        section.put("training_datasets", datasets.stream().map(MlModelDescriptors::dataset).toList());
        return section;
    }

    private static Map<String, Object> dataset(DatasetRef dataset) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", dataset.name());
        fields.put("digest", dataset.digest());
        fields.put("source_type", dataset.sourceType());
        fields.put("source", dataset.source());
        fields.put("context", dataset.context());
        return fields;
    }
}
