package io.slipway.server.serving;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import io.slipway.core.serving.ModelRef;
import io.slipway.data.profile.SqlText;
import io.slipway.ml.frame.Column;
import io.slipway.ml.predict.Predictions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous prediction log. {@link #offer} never blocks the request path: records go to a
 * bounded queue ({@code capacity} records) and a writer thread turns them into Parquet segments
 * (one per deployment, model version and date, at most {@code segmentRows} rows, or whatever
 * arrived within {@code flushInterval}) handed to the {@link SegmentSink} under
 * {@code predictions/deployment=NAME/date=YYYY-MM-DD/}; feedback goes the same way under
 * {@code feedback/deployment=NAME/date=YYYY-MM-DD/}. When the queue is full a record is dropped
 * and counted, never buffered without bound.
 *
 * <p>{@code capacity} counts prediction rows (a feedback record is one), queued or buffered by the
 * writer until their segment is stored: memory stays bounded whatever the sink's speed.
 */
public final class PredictionLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PredictionLog.class);
    public static final String PREDICTIONS = "predictions";
    public static final String FEEDBACK = "feedback";

    public record Settings(int capacity, int segmentRows, Duration flushInterval) {
        public Settings {
            if (capacity < 1 || segmentRows < 1) {
                throw new IllegalArgumentException("capacity and segmentRows must be positive");
            }
            requireNonNull(flushInterval, "flushInterval is null");
            if (flushInterval.isNegative() || flushInterval.isZero()) {
                throw new IllegalArgumentException("flushInterval must be positive");
            }
        }

        /** The server's: 64k rows in flight, segments of at most 50k rows or ten seconds. */
        public static Settings defaults() {
            return new Settings(65_536, 50_000, Duration.ofSeconds(10));
        }
    }

    private final SegmentSink sink;
    private final Settings settings;
    private final Path workDir;
    private final Clock clock;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger inFlightRows = new AtomicInteger();
    private final AtomicInteger pendingRecords = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    public PredictionLog(SegmentSink sink, Settings settings, Path workDir, Clock clock) {
        this.sink = requireNonNull(sink, "sink is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.workDir = requireNonNull(workDir, "workDir is null");
        this.clock = requireNonNull(clock, "clock is null");
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the prediction log's directory " + workDir + ": " + e.getMessage(), e);
        }
        this.writer = new Thread(new Writer(), "prediction-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues the record; false (and counted as dropped) when the queue is full. */
    public boolean offer(PredictionRecord record) {
        requireNonNull(record, "record is null");
        return enqueue(record, record.predictions().rowCount());
    }

    /** Queues ground truth; false (and counted as dropped) when the queue is full. */
    public boolean offerFeedback(FeedbackRecord record) {
        requireNonNull(record, "record is null");
        return enqueue(record, 1);
    }

    /** Whether {@code rows} more rows would be queued now: false when the queue is full or the log is closed. */
    public boolean hasRoomFor(int rows) {
        return !closed && inFlightRows.get() + rows <= settings.capacity();
    }

    private boolean enqueue(Object record, int rows) {
        if (closed) {
            dropped.addAndGet(rows);
            return false;
        }
        if (inFlightRows.addAndGet(rows) > settings.capacity()) {
            inFlightRows.addAndGet(-rows);
            dropped.addAndGet(rows);
            return false;
        }
        pendingRecords.incrementAndGet();
        queue.add(record);
        return true;
    }

    /** Prediction rows and feedback records dropped because the queue was full, since start. */
    public long dropped() {
        return dropped.get();
    }

    /** Records waiting to be written. */
    public int queued() {
        return pendingRecords.get();
    }

    /** Prediction rows written to segments, since start. */
    public long written() {
        return written.get();
    }

    /** Prediction rows and feedback records lost because their segment could not be written or stored, since start. */
    public long lost() {
        return lost.get();
    }

    /** Writes everything queued before the call and returns when it is stored. */
    public void flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Flush(done, false));
        await(done);
    }

    /** Flushes and stops the writer. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Flush(done, true));
        await(done);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void await(CompletableFuture<Void> done) {
        if (!writer.isAlive()) {
            return;
        }
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the prediction log's writer failed", e.getCause());
        }
    }

    /** A request to write every buffered record; with {@code stop}, the writer's last. */
    private record Flush(CompletableFuture<Void> done, boolean stop) {}

    /** The records of one future segment: one kind, deployment, model version (none for feedback) and UTC date. */
    private record SegmentKey(String kind, String deployment, ModelRef model, LocalDate date) {
        String relativePath(long millis) {
            return kind + "/deployment=" + deployment + "/date=" + date + "/part-" + millis + "-"
                    + String.format("%08x", ThreadLocalRandom.current().nextInt()) + ".parquet";
        }
    }

    /**
     * One future segment: feedback records as they came, or, for predictions, an open
     * {@link PredictionSegment} that has taken each record's rows as it arrived (so the request
     * objects die young instead of being held until the segment is written).
     */
    private static final class Buffer {
        final List<Object> feedback = new ArrayList<>();
        final long startedNanos = System.nanoTime();
        PredictionSegment segment;
        int rows;
        int records;
    }

    private final class Writer implements Runnable {
        private final Map<SegmentKey, Buffer> buffers = new LinkedHashMap<>();

        @Override
        public void run() {
            long intervalNanos = settings.flushInterval().toNanos();
            while (true) {
                Object item;
                try {
                    item = buffers.isEmpty() ? queue.take() : queue.poll(nextDeadline(intervalNanos), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    LOG.warn("The prediction log's writer was interrupted; {} buffered records are written now", pendingRecords.get());
                    writeAll();
                    return;
                }
                try {
                    if (item instanceof Flush flush) {
                        writeAll();
                        flush.done().complete(null);
                        if (flush.stop()) {
                            return;
                        }
                    } else if (item != null) {
                        add(item);
                    }
                    writeExpired(intervalNanos);
                } catch (RuntimeException | Error e) {
                    LOG.error("The prediction log's writer failed; it goes on", e);
                }
            }
        }

        private long nextDeadline(long intervalNanos) {
            long oldest = buffers.values().stream().mapToLong(b -> b.startedNanos).min().orElse(System.nanoTime());
            return Math.max(0, oldest + intervalNanos - System.nanoTime());
        }

        private void add(Object item) {
            if (item instanceof PredictionRecord record) {
                SegmentKey key = new SegmentKey(PREDICTIONS, record.deployment(), record.model(), dateOf(record.timestampMillis()));
                Buffer buffer = buffers.get(key);
                if (buffer != null && !buffer.segment.fits(record)) {
                    // a request left out an optional column the segment has not got, or the like: a new segment
                    buffers.remove(key);
                    write(key, buffer);
                    buffer = null;
                }
                int rows = record.predictions().rowCount();
                if (buffer == null) {
                    buffer = new Buffer();
                    try {
                        buffer.segment = PredictionSegment.start(PredictionSegment.Schema.of(record));
                    } catch (SQLException | RuntimeException e) {
                        release(key, rows, 1, e);
                        return;
                    }
                    buffers.put(key, buffer);
                }
                buffer.rows += rows;
                buffer.records++;
                try {
                    buffer.segment.append(record);
                } catch (SQLException | RuntimeException e) {
                    buffers.remove(key);
                    buffer.segment.abandon();
                    release(key, buffer.rows, buffer.records, e);
                    return;
                }
                if (buffer.rows >= settings.segmentRows()) {
                    buffers.remove(key);
                    write(key, buffer);
                }
                return;
            }
            FeedbackRecord record = (FeedbackRecord) item;
            SegmentKey key = new SegmentKey(FEEDBACK, record.deployment(), null, dateOf(record.timestampMillis()));
            Buffer buffer = buffers.computeIfAbsent(key, k -> new Buffer());
            buffer.feedback.add(record);
            buffer.rows++;
            buffer.records++;
            if (buffer.rows >= settings.segmentRows()) {
                buffers.remove(key);
                write(key, buffer);
            }
        }

        /** Counts rows that will never be stored as lost, and frees their place in the queue. */
        private void release(SegmentKey key, int rows, int records, Exception cause) {
            lost.addAndGet(rows);
            inFlightRows.addAndGet(-rows);
            pendingRecords.addAndGet(-records);
            LOG.error("Lost {} {} rows of deployment '{}': {}", rows, key.kind(), key.deployment(), cause.getMessage(), cause);
        }

        private void writeExpired(long intervalNanos) {
            long now = System.nanoTime();
            Iterator<Map.Entry<SegmentKey, Buffer>> it = buffers.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<SegmentKey, Buffer> entry = it.next();
                if (now - entry.getValue().startedNanos >= intervalNanos) {
                    it.remove();
                    write(entry.getKey(), entry.getValue());
                }
            }
        }

        private void writeAll() {
            List<Map.Entry<SegmentKey, Buffer>> all = new ArrayList<>(buffers.entrySet());
            buffers.clear();
            for (Map.Entry<SegmentKey, Buffer> entry : all) {
                write(entry.getKey(), entry.getValue());
            }
        }

        /** Writes and stores one segment; a failure is logged and its rows counted as lost, never thrown. */
        private void write(SegmentKey key, Buffer buffer) {
            String relativePath = key.relativePath(clock.millis());
            Path file = workDir.resolve(relativePath.substring(relativePath.lastIndexOf('/') + 1));
            try {
                if (key.kind().equals(PREDICTIONS)) {
                    buffer.segment.finish(file);
                } else {
                    SegmentFiles.writeFeedback(buffer.feedback, file);
                }
                sink.store(relativePath, file);
                if (key.kind().equals(PREDICTIONS)) {
                    written.addAndGet(buffer.rows);
                }
            } catch (RuntimeException | SQLException | Error e) {
                if (buffer.segment != null) {
                    buffer.segment.abandon();
                }
                lost.addAndGet(buffer.rows);
                LOG.error("Lost {} {} rows of deployment '{}': segment {} could not be written or stored: {}", buffer.rows, key.kind(),
                        key.deployment(), relativePath, e.getMessage(), e);
            } finally {
                inFlightRows.addAndGet(-buffer.rows);
                pendingRecords.addAndGet(-buffer.records);
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warn("Cannot delete the prediction log's local segment {}: {}", file, e.getMessage());
                }
            }
        }
    }

    /**
     * Checks that {@code file} is a segment of {@code kind} ({@link #PREDICTIONS} or {@link #FEEDBACK})
     * as this log writes them, readable with the columns searches need; a 400 otherwise.
     */
    public static void checkSegment(String kind, Path file) {
        List<String> needed = kind.equals(PREDICTIONS)
                ? List.of("prediction_id", "request_id", "timestamp", "deployment", "model_name", "model_version", "role", "latency_ms",
                        "prediction", "label", "probabilities", "inputs")
                : List.of("deployment", "prediction_id", "business_key", "ground_truth", "timestamp");
        List<String> columns = new ArrayList<>();
        try (Connection connection = SegmentFiles.open(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + SqlText.literal(file.toString())
                        + ", hive_partitioning = false)")) {
            while (rs.next()) {
                columns.add(rs.getString("column_name"));
            }
        } catch (SQLException e) {
            throw SlipwayException.invalidParameter("Invalid request body: not a readable Parquet file (%s).",
                    e.getMessage().lines().findFirst().orElse(""));
        }
        if (!columns.containsAll(needed)) {
            throw SlipwayException.invalidParameter("Invalid request body: a %s segment has the columns %s; this one has %s.", kind,
                    String.join(", ", needed), String.join(", ", columns));
        }
    }

    private static LocalDate dateOf(long millis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    /**
     * A prediction segment being written: an in-memory DuckDB table, filled by an appender as the
     * records arrive (a column per probability and per input), turned into the segment's columns
     * by one COPY at the end.
     */
    static final class PredictionSegment {
        /** The inputs' columns (numbers or text) and the most classes of the segment's records. */
        record Schema(List<String> inputs, Map<String, Boolean> numeric, int classes) {
            static Schema of(PredictionRecord record) {
                Map<String, Boolean> numeric = new LinkedHashMap<>();
                record.inputs().columns().forEach((name, column) -> numeric.put(name, column instanceof Column.Numbers));
                return new Schema(List.copyOf(numeric.keySet()), numeric, record.predictions().classes().size());
            }

            /** Whether {@code record} fits: only known columns, each of its kind, and no more classes. */
            boolean fits(PredictionRecord record) {
                if (record.predictions().classes().size() > classes) {
                    return false;
                }
                for (Map.Entry<String, Column> entry : record.inputs().columns().entrySet()) {
                    Boolean isNumeric = numeric.get(entry.getKey());
                    if (isNumeric == null || isNumeric != (entry.getValue() instanceof Column.Numbers)) {
                        return false;
                    }
                }
                return true;
            }
        }

        private final Schema schema;
        private final Connection connection;
        private final DuckDBAppender appender;

        private PredictionSegment(Schema schema, Connection connection, DuckDBAppender appender) {
            this.schema = schema;
            this.connection = connection;
            this.appender = appender;
        }

        static PredictionSegment start(Schema schema) throws SQLException {
            StringBuilder create = new StringBuilder("CREATE TABLE segment (prediction_id VARCHAR, request_id VARCHAR, \"timestamp\" TIMESTAMP,"
                    + " deployment VARCHAR, model_name VARCHAR, model_version VARCHAR, role VARCHAR, latency_ms DOUBLE, prediction DOUBLE,"
                    + " label VARCHAR, class_count INTEGER");
            for (int c = 0; c < schema.classes(); c++) {
                create.append(", p").append(c).append(" DOUBLE");
            }
            for (int i = 0; i < schema.inputs().size(); i++) {
                create.append(", i").append(i).append(schema.numeric().get(schema.inputs().get(i)) ? " DOUBLE" : " VARCHAR");
            }
            create.append(')');
            Connection connection = SegmentFiles.open();
            try (Statement statement = connection.createStatement()) {
                statement.execute(create.toString());
                return new PredictionSegment(schema, connection, ((DuckDBConnection) connection).createAppender("main", "segment"));
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }

        boolean fits(PredictionRecord record) {
            return schema.fits(record);
        }

        void append(PredictionRecord record) throws SQLException {
            SegmentFiles.appendRows(appender, record, schema.classes(), schema.inputs(), schema.numeric());
        }

        /** Writes the segment to {@code file} and closes it. */
        void finish(Path file) throws SQLException {
            try (Connection closing = connection; Statement statement = connection.createStatement()) {
                appender.close();
                statement.execute("COPY (" + select() + ") TO " + SqlText.literal(file.toString()) + " (FORMAT parquet)");
            }
        }

        /** Closes the segment without writing it. */
        void abandon() {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing an abandoned segment failed: {}", e.getMessage());
            }
        }

        private String select() {
            StringBuilder select = new StringBuilder("SELECT prediction_id, request_id, \"timestamp\", deployment, model_name, model_version,"
                    + " role, latency_ms, prediction, label, ");
            if (schema.classes() == 0) {
                select.append("CAST(NULL AS DOUBLE[])");
            } else {
                select.append("CASE WHEN class_count = 0 THEN NULL ELSE list_slice([");
                for (int c = 0; c < schema.classes(); c++) {
                    select.append(c == 0 ? "" : ", ").append('p').append(c);
                }
                select.append("], 1, class_count) END");
            }
            select.append(" AS probabilities, ");
            if (schema.inputs().isEmpty()) {
                select.append("NULL");
            } else {
                select.append("struct_pack(");
                for (int i = 0; i < schema.inputs().size(); i++) {
                    select.append(i == 0 ? "" : ", ").append(SqlText.identifier(schema.inputs().get(i))).append(" := i").append(i);
                }
                select.append(')');
            }
            return select.append(" AS inputs FROM segment").toString();
        }
    }

    /**
     * Writes segments with an in-memory DuckDB: rows go through an appender into a flat table (a
     * column per probability and per input), and one COPY turns them into the segment's columns.
     */
    static final class SegmentFiles {
        private SegmentFiles() {
        }

        static void appendRows(DuckDBAppender appender, PredictionRecord record, int classes, List<String> inputs,
                Map<String, Boolean> numeric) throws SQLException {
            Predictions predictions = record.predictions();
            int rows = predictions.rowCount();
            int classCount = predictions.task().isClassification() ? predictions.classes().size() : 0;
            double latencyMs = record.latencyNanos() / 1e6;
            Column[] columns = new Column[inputs.size()];
            for (int i = 0; i < columns.length; i++) {
                columns[i] = record.inputs().columns().get(inputs.get(i));
            }
            for (int row = 0; row < rows; row++) {
                appender.beginRow();
                appender.append(PredictionRecord.predictionId(record.requestId(), rows, row));
                appender.append(record.requestId());
                appender.appendEpochMicros(record.timestampMillis() * 1000);
                appender.append(record.deployment());
                appender.append(record.model().name());
                appender.append(record.model().version());
                appender.append(record.role());
                appender.append(latencyMs);
                appender.append(predictions.values()[row]);
                appendText(appender, predictions.label(row));
                appender.append(classCount);
                for (int c = 0; c < classes; c++) {
                    if (c < classCount) {
                        appender.append(predictions.probability(row, c));
                    } else {
                        appender.appendNull();
                    }
                }
                for (int i = 0; i < columns.length; i++) {
                    appendInput(appender, columns[i], row, numeric.get(inputs.get(i)));
                }
                appender.endRow();
            }
        }

        private static void appendInput(DuckDBAppender appender, Column column, int row, boolean numeric) throws SQLException {
            if (column == null || row >= column.size() || column.isMissing(row)) {
                appender.appendNull();
            } else if (numeric) {
                appender.append(((Column.Numbers) column).values()[row]);
            } else {
                appender.append(column.text(row));
            }
        }

        private static void appendText(DuckDBAppender appender, String value) throws SQLException {
            if (value == null) {
                appender.appendNull();
            } else {
                appender.append(value);
            }
        }

        static void writeFeedback(List<Object> records, Path file) throws SQLException {
            try (Connection connection = open(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE segment (deployment VARCHAR, prediction_id VARCHAR, business_key VARCHAR,"
                        + " ground_truth VARCHAR, \"timestamp\" TIMESTAMP)");
                try (DuckDBAppender appender = ((DuckDBConnection) connection).createAppender("main", "segment")) {
                    for (Object item : records) {
                        FeedbackRecord record = (FeedbackRecord) item;
                        appender.beginRow();
                        appender.append(record.deployment());
                        appendText(appender, record.predictionId());
                        appendText(appender, record.businessKey());
                        appender.append(record.groundTruth());
                        appender.appendEpochMicros(record.timestampMillis() * 1000);
                        appender.endRow();
                    }
                }
                statement.execute("COPY segment TO " + SqlText.literal(file.toString()) + " (FORMAT parquet)");
            }
        }

        static Connection open() throws SQLException {
            Connection connection = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement statement = connection.createStatement()) {
                // one writer thread beside the server's requests: DuckDB need not take every core
                statement.execute("SET threads = 1");
                statement.execute("SET preserve_insertion_order = true");
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            return connection;
        }
    }
}
