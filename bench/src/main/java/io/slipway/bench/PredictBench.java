package io.slipway.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ml.dmlc.xgboost4j.java.DMatrix;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/** Runs {@link PredictJmh} with JMH and reports the issue 5 targets: single-row median latency and 1M-row batch time. */
final class PredictBench {
    private PredictBench() {
    }

    static String run() throws Exception {
        FraudModel model = FraudModel.load();
        Collection<RunResult> results = new Runner(new OptionsBuilder().include(PredictJmh.class.getName() + "\\.").build()).run();
        Map<String, Statistics> stats = new TreeMap<>();
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark().substring(result.getParams().getBenchmark().lastIndexOf('.') + 1);
            stats.put(method, result.getPrimaryResult().getStatistics());
        }
        Statistics slipway = stats.get("oneRowSlipway");
        Statistics xgboost = stats.get("oneRowXgboost");
        Statistics ensemble = stats.get("batchTreeEnsemble");
        Statistics booster = stats.get("batchXgboost");
        Statistics predictor = stats.get("batchSlipwayPredictor");
        double speedup = xgboost.getPercentile(50) / slipway.getPercentile(50);
        double batchRatio = ensemble.getPercentile(50) / booster.getPercentile(50);
        double bestBatchRatio = ensemble.getMin() / booster.getMin();
        int cores = Runtime.getRuntime().availableProcessors();
        Interleaved interleaved = interleaved(model, cores);
        return String.format("%n### XGBoost prediction, %d trees of depth %d on %d features (JMH, %d cores)%n%n"
                        + "Check before timing: TreeEnsemble vs Booster.predict on %,d rows: max difference %.2g, %,d rows bit for bit equal.%n%n"
                        + "| measure | p50 | p90 (batch: min) | p99 | target |%n|---|---|---|---|---|%n"
                        + "| one row, Slipway predictor (FeatureSpec encode + TreeEnsemble) | **%.2f µs** | %.2f µs | %.2f µs | |%n"
                        + "| one row, XGBoost4J (one-row DMatrix + Booster.predict) | %.2f µs | %.2f µs | %.2f µs | |%n"
                        + "| XGBoost / Slipway, median | **%.1f×** | | | >= 5×: %s |%n"
                        + "| 1,000,000 rows, TreeEnsemble on encoded rows, %d threads | **%.0f ms** | %.0f ms | | |%n"
                        + "| 1,000,000 rows, XGBoost4J Booster.predict on one DMatrix (nthread default: %d) | %.0f ms | %.0f ms | | |%n"
                        + "| TreeEnsemble / XGBoost | **%.2f** | %.2f | | <= 1.2: %s |%n"
                        + "| 1,000,000 rows, whole Slipway predictor (encode raw columns + score + Predictions) | %.0f ms | %.0f ms | | |%n"
                        + "| 1,000,000 rows, interleaved outside JMH (%d rounds, same JVM): TreeEnsemble / XGBoost | %.0f / %.0f ms = **%.2f** | | | <= 1.2: %s |%n",
                FraudModel.TREES, FraudModel.DEPTH, FraudModel.FEATURES, cores, FraudModel.CHECKED_ROWS, model.maxDifference,
                model.exactRows, slipway.getPercentile(50), slipway.getPercentile(90), slipway.getPercentile(99),
                xgboost.getPercentile(50), xgboost.getPercentile(90), xgboost.getPercentile(99), speedup, speedup >= 5 ? "met" : "NOT met",
                cores, ensemble.getPercentile(50), ensemble.getMin(), cores, booster.getPercentile(50), booster.getMin(), batchRatio,
                bestBatchRatio, batchRatio <= 1.2 ? "met" : "NOT met", predictor.getPercentile(50), predictor.getMin(),
                Interleaved.ROUNDS, interleaved.ensemble(), interleaved.xgboost(), interleaved.ratio(),
                interleaved.ratio() <= 1.2 ? "met" : "NOT met");
    }

    /** Medians of the two batch predictions timed alternately, so load from outside the benchmark falls on both alike. */
    private record Interleaved(double ensemble, double xgboost) {
        static final int ROUNDS = 5;

        double ratio() {
            return ensemble / xgboost;
        }
    }

    private static Interleaved interleaved(FraudModel model, int threads) throws Exception {
        System.err.printf("1,000,000 rows, TreeEnsemble and XGBoost alternately, %d rounds...%n", Interleaved.ROUNDS);
        float[] rows = model.predictor.features().encode(FraudModel.frame(PredictJmh.BATCH_ROWS, 5));
        List<Long> ensemble = new ArrayList<>();
        List<Long> xgboost = new ArrayList<>();
        for (int round = 0; round <= Interleaved.ROUNDS; round++) {
            DMatrix matrix = new DMatrix(rows, PredictJmh.BATCH_ROWS, FraudModel.FEATURES, Float.NaN);
            long start = System.nanoTime();
            model.booster.predict(matrix);
            long xgboostNanos = System.nanoTime() - start;
            matrix.dispose();
            start = System.nanoTime();
            model.predictor.ensemble().predictBatch(rows, PredictJmh.BATCH_ROWS, threads);
            long ensembleNanos = System.nanoTime() - start;
            if (round > 0) {
                // round 0 warms up
                xgboost.add(xgboostNanos);
                ensemble.add(ensembleNanos);
            }
        }
        return new Interleaved(Stats.ofNanos(ensemble).median(), Stats.ofNanos(xgboost).median());
    }
}
