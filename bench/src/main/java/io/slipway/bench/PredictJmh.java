package io.slipway.bench;

import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.Predictions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Slipway's XGBoost predictor against XGBoost4J on {@link FraudModel}, in one JMH run (see
 * {@link PredictBench}): one row at a time, as a fraud check scores a request, and a batch of
 * 1,000,000 rows.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx6g"})
public class PredictJmh {
    static final int BATCH_ROWS = 1_000_000;
    /** One-row requests cycled through, so no row's path through the trees is learnt by the branch predictor. */
    private static final int REQUESTS = 4096;

    @State(Scope.Benchmark)
    public static class OneRow {
        FraudModel model;
        /** Per request: the raw record as Slipway's server gets it, and the encoded row XGBoost is given. */
        Frame[] frames;
        float[][] rows;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            model = FraudModel.load();
            Frame requests = FraudModel.frame(REQUESTS, 4);
            float[] encoded = model.predictor.features().encode(requests);
            frames = new Frame[REQUESTS];
            rows = new float[REQUESTS][];
            for (int i = 0; i < REQUESTS; i++) {
                frames[i] = row(requests, i);
                rows[i] = java.util.Arrays.copyOfRange(encoded, i * FraudModel.FEATURES, (i + 1) * FraudModel.FEATURES);
            }
        }

        int next() {
            next = (next + 1) & (REQUESTS - 1);
            return next;
        }

        private static Frame row(Frame frame, int row) {
            Map<String, Column> columns = new LinkedHashMap<>();
            frame.columns().forEach((name, column) -> columns.put(name, column instanceof Column.Numbers numbers
                    ? new Column.Numbers(new double[] {numbers.values()[row]})
                    : new Column.Texts(new String[] {column.text(row)})));
            return Frame.of(columns);
        }
    }

    @State(Scope.Benchmark)
    public static class Batch {
        FraudModel model;
        Frame frame;
        float[] rows;
        DMatrix matrix;
        int threads = Runtime.getRuntime().availableProcessors();

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            model = FraudModel.load();
            frame = FraudModel.frame(BATCH_ROWS, 5);
            rows = model.predictor.features().encode(frame);
        }

        /** A new DMatrix for every call: XGBoost caches a DMatrix's predictions, and a second predict would only read them. */
        @Setup(Level.Invocation)
        public void newMatrix() throws XGBoostError {
            matrix = new DMatrix(rows, BATCH_ROWS, FraudModel.FEATURES, Float.NaN);
        }

        @TearDown(Level.Invocation)
        public void disposeMatrix() {
            matrix.dispose();
        }
    }

    /** Slipway, one record: FeatureSpec encodes the raw columns, TreeEnsemble scores, Predictions are built. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public Predictions oneRowSlipway(OneRow state) {
        return state.model.predictor.predict(state.frames[state.next()]);
    }

    /** XGBoost4J, one encoded row: a one-row DMatrix made and freed per request, as a server would, and Booster.predict. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public float[][] oneRowXgboost(OneRow state) throws XGBoostError {
        DMatrix matrix = new DMatrix(state.rows[state.next()], 1, FraudModel.FEATURES, Float.NaN);
        try {
            return state.model.booster.predict(matrix);
        } finally {
            matrix.dispose();
        }
    }

    /** TreeEnsemble on 1,000,000 encoded rows, on every core (as XGBoost's default nthread). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 7)
    public float[] batchTreeEnsemble(Batch state) {
        return state.model.predictor.ensemble().predictBatch(state.rows, BATCH_ROWS, state.threads);
    }

    /** XGBoost4J's Booster.predict on one 1,000,000-row DMatrix, made before the clock starts (and new each time). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 7)
    public float[][] batchXgboost(Batch state) throws XGBoostError {
        return state.model.booster.predict(state.matrix);
    }

    /** The whole Slipway predictor on a 1,000,000-row frame: encoding the raw columns, scoring, Predictions. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 7)
    public Predictions batchSlipwayPredictor(Batch state) {
        return state.model.predictor.predict(state.frame);
    }
}
