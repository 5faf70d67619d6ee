package io.slipway.server.slipway;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.slipway.api.slipway.PredictionMessages;
import io.slipway.api.slipway.PredictionMessages.FeedbackAccepted;
import io.slipway.api.slipway.PredictionMessages.FeedbackItem;
import io.slipway.api.slipway.PredictionMessages.PredictionView;
import io.slipway.api.slipway.PredictionMessages.PredictionsResponse;
import io.slipway.api.slipway.PredictionMessages.SearchPredictions;
import io.slipway.api.slipway.PredictionMessages.SegmentStored;
import io.slipway.api.slipway.PredictionMessages.SendFeedback;
import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactPath;
import io.slipway.core.identity.Permission;
import io.slipway.core.registry.RegistryService;
import io.slipway.core.serving.Deployment;
import io.slipway.core.serving.DeploymentService;
import io.slipway.server.auth.Access;
import io.slipway.server.http.ClientUploadStream;
import io.slipway.server.http.JsonIo;
import io.slipway.server.http.RequestPaths;
import io.slipway.server.serving.ArtifactSegmentSink;
import io.slipway.server.serving.FeedbackRecord;
import io.slipway.server.serving.LoggedPrediction;
import io.slipway.server.serving.PredictionLog;
import io.slipway.server.serving.PredictionLogReader;
import io.slipway.server.serving.SegmentSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * The prediction log, under {@code /api/2.0/slipway/predictions/}: ground truth for logged
 * predictions, the log read back with it, and segment uploads from replicas. Each route acts on a
 * deployment and needs a permission on the registered model it serves: READ for feedback and
 * search, EDIT for uploads.
 */
public final class PredictionsApi {
    public static final int DEFAULT_MAX_RESULTS = 1000;
    /** Longest date range one search reads, in days. */
    public static final int MAX_SEARCH_DAYS = 366;
    private static final int MAX_TEXT_LENGTH = 1000;
    private static final int DEFAULT_SEARCH_DAYS = 7;
    /** Dates a log can have; beyond them date arithmetic would overflow. */
    private static final int MIN_YEAR = 1970;
    private static final int MAX_YEAR = 9999;
    private static final long DISCARD_LIMIT = 8L * 1024 * 1024;
    private static final byte[] PARQUET_MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final String PREFIX = IdentityApi.PREFIX + "predictions/";

    private final DeploymentService deployments;
    private final PredictionLog log;
    private final PredictionLogReader reader;
    private final SegmentSink segments;
    private final Access access;
    private final JsonIo io;
    private final Path uploadDir;
    private final Clock clock;

    public PredictionsApi(DeploymentService deployments, PredictionLog log, PredictionLogReader reader, SegmentSink segments, Access access,
            JsonIo io, Path uploadDir, Clock clock) {
        this.deployments = requireNonNull(deployments, "deployments is null");
        this.log = requireNonNull(log, "log is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.segments = requireNonNull(segments, "segments is null");
        this.access = requireNonNull(access, "access is null");
        this.io = requireNonNull(io, "io is null");
        this.uploadDir = requireNonNull(uploadDir, "uploadDir is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void register(RoutesConfig routes) {
        routes.post(PREFIX + "feedback", this::feedback);
        routes.get(PREFIX + "search", this::search);
        routes.put(PREFIX + "segments/<path>", this::uploadSegment);
    }

    private void feedback(Context ctx) {
        SendFeedback request = io.read(ctx, SendFeedback.class);
        Deployment deployment = deployment(ctx, request.deployment(), Permission.READ);
        List<FeedbackItem> items = validate(request.feedback());
        if (!log.hasRoomFor(items.size())) {
            throw queueFull();
        }
        long now = clock.millis();
        int accepted = 0;
        for (FeedbackItem item : items) {
            if (!log.offerFeedback(new FeedbackRecord(deployment.name(), item.predictionId(), item.businessKey(), item.groundTruth(), now))) {
                throw new SlipwayException(ErrorCode.TEMPORARILY_UNAVAILABLE, String.format(
                        "The prediction log's queue filled up after %d of %d feedback items; send the others again shortly.", accepted,
                        items.size()));
            }
            accepted++;
        }
        io.write(ctx, new FeedbackAccepted(accepted));
    }

    private static List<FeedbackItem> validate(List<FeedbackItem> items) {
        if (items == null || items.isEmpty()) {
            throw SlipwayException.missingParameter("feedback");
        }
        if (items.size() > PredictionMessages.MAX_FEEDBACK_ITEMS) {
            throw SlipwayException.invalidParameter("Invalid value for parameter 'feedback': %d items, at most %d per request.", items.size(),
                    PredictionMessages.MAX_FEEDBACK_ITEMS);
        }
        for (int i = 0; i < items.size(); i++) {
            FeedbackItem item = items.get(i);
            String field = "feedback[" + i + "]";
            if (item == null) {
                throw SlipwayException.invalidParameter("Invalid value for parameter '%s': it is null, not an object.", field);
            }
            if ((item.predictionId() == null) == (item.businessKey() == null)) {
                throw SlipwayException.invalidParameter("Invalid value for parameter '%s.prediction_id': give exactly one of prediction_id"
                        + " and business_key.", field);
            }
            requireText(item.predictionId(), field + ".prediction_id", true);
            requireText(item.businessKey(), field + ".business_key", true);
            requireText(item.groundTruth(), field + ".ground_truth", false);
        }
        return items;
    }

    private static void requireText(String value, String field, boolean optional) {
        if (value == null && optional) {
            return;
        }
        if (value == null || value.isEmpty()) {
            throw SlipwayException.missingParameter(field);
        }
        if (value.length() > MAX_TEXT_LENGTH) {
            throw SlipwayException.invalidParameter("Invalid value for parameter '%s': %d characters, at most %d.", field, value.length(),
                    MAX_TEXT_LENGTH);
        }
    }

    private void search(Context ctx) {
        SearchPredictions request = io.read(ctx, SearchPredictions.class);
        Deployment deployment = deployment(ctx, request.deployment(), Permission.READ);
        LocalDate to = request.to() == null || request.to().isEmpty() ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : date(request.to(), "to");
        LocalDate from = request.from() == null || request.from().isEmpty() ? to.minusDays(DEFAULT_SEARCH_DAYS - 1) : date(request.from(), "from");
        if (from.isAfter(to)) {
            throw SlipwayException.invalidParameter("Invalid value '%s' for parameter 'from': it lies after 'to' (%s).", from, to);
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_SEARCH_DAYS) {
            throw SlipwayException.invalidParameter("Invalid value '%s' for parameter 'from': a search reads at most %d days.", from,
                    MAX_SEARCH_DAYS);
        }
        int maxResults = request.maxResults() == null ? DEFAULT_MAX_RESULTS : request.maxResults();
        if (maxResults < 1 || maxResults > PredictionLogReader.MAX_RESULTS) {
            throw SlipwayException.invalidParameter("Invalid value %d for parameter 'max_results': it must be between 1 and %d.", maxResults,
                    PredictionLogReader.MAX_RESULTS);
        }
        String keyColumn = request.keyColumn() == null || request.keyColumn().isEmpty() ? null : request.keyColumn();
        if (keyColumn != null && keyColumn.length() > MAX_TEXT_LENGTH) {
            throw SlipwayException.invalidParameter("Invalid value for parameter 'key_column': at most %d characters.", MAX_TEXT_LENGTH);
        }
        // what this server logged and was told before the search is in it: its queue is written out first
        // (a replica's log reaches the store at its own pace)
        log.flush();
        List<PredictionView> rows = reader.search(deployment.name(), from, to, maxResults, keyColumn).stream()
                .map(PredictionsApi::view).toList();
        io.write(ctx, new PredictionsResponse(rows));
    }

    private static LocalDate date(String value, String field) {
        try {
            LocalDate date = LocalDate.parse(value);
            if (date.getYear() < MIN_YEAR || date.getYear() > MAX_YEAR) {
                throw new DateTimeParseException("out of range", value, 0);
            }
            return date;
        } catch (DateTimeParseException e) {
            throw SlipwayException.invalidParameter("Invalid value '%s' for parameter '%s': expected a date YYYY-MM-DD.",
                    value.length() > 40 ? value.substring(0, 37) + "..." : value, field);
        }
    }

    private static PredictionView view(LoggedPrediction p) {
        return new PredictionView(p.predictionId(), p.requestId(), p.timestampMillis(), p.deployment(), p.modelName(), p.modelVersion(),
                p.role(), p.latencyMs(), p.prediction(), p.label(), p.probabilities(), p.inputs(), p.groundTruth(),
                p.feedbackTimestampMillis());
    }

    private void uploadSegment(Context ctx) {
        ArtifactPath path;
        try {
            path = ArtifactSegmentSink.validate(RequestPaths.path(ctx));
            deployment(ctx, ArtifactSegmentSink.deploymentOf(path), Permission.EDIT);
        } catch (SlipwayException e) {
            discardBody(ctx);
            throw e;
        }
        Path file = receive(ctx);
        try {
            requireParquet(file);
            PredictionLog.checkSegment(path.segments().get(0), file);
            segments.store(path.toString(), file);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover upload in the temporary directory is not worth failing for
            }
        }
        io.write(ctx, new SegmentStored(path.toString()));
    }

    private Path receive(Context ctx) {
        Path file;
        try {
            Files.createDirectories(uploadDir);
            file = Files.createTempFile(uploadDir, "segment-", ".parquet");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create an upload file in " + uploadDir + ": " + e.getMessage(), e);
        }
        try (InputStream body = new ClientUploadStream(ctx.req().getInputStream())) {
            Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // as above
            }
            throw new SlipwayException(ErrorCode.BAD_REQUEST, "Could not read the upload: " + e.getMessage(), e);
        }
    }

    /** A Parquet file starts and ends with its magic number: a cheap check that a client sent one. */
    private static void requireParquet(Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            byte[] head = new byte[4];
            byte[] tail = new byte[4];
            boolean valid = in.length() >= 12;
            if (valid) {
                in.readFully(head);
                in.seek(in.length() - 4);
                in.readFully(tail);
                valid = Arrays.equals(head, PARQUET_MAGIC) && Arrays.equals(tail, PARQUET_MAGIC);
            }
            if (!valid) {
                throw SlipwayException.invalidParameter("Invalid request body: a segment must be a Parquet file.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the upload " + file + ": " + e.getMessage(), e);
        }
    }

    private static void discardBody(Context ctx) {
        try {
            JsonIo.discardBody(ctx, ctx.req().getInputStream(), DISCARD_LIMIT);
        } catch (IOException ignored) {
            // the error answer goes out anyway
        }
    }

    /** The deployment, after the caller's permission on the registered model it serves; a 400 or 404 naming {@code deployment}. */
    private Deployment deployment(Context ctx, String name, Permission needed) {
        if (name == null || name.isEmpty()) {
            throw SlipwayException.missingParameter("deployment");
        }
        RegistryService.validateName(name, "deployment");
        Access.target(ctx, "deployment:" + name);
        Deployment deployment = deployments.get(name);
        access.requireModel(ctx, deployment.stable().name(), needed);
        Access.target(ctx, "deployment:" + name);
        return deployment;
    }

    private static SlipwayException queueFull() {
        return new SlipwayException(ErrorCode.TEMPORARILY_UNAVAILABLE,
                "The prediction log's queue is full; send the feedback again shortly.");
    }
}
