package io.slipway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.cli.SlipwayCli;
import io.slipway.cli.data.CardTransactions;
import io.slipway.cli.data.DataCommand;
import io.slipway.cli.data.TransactionFormat;
import io.slipway.cli.testing.ServerProcess;
import io.slipway.client.SlipwayClient;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.Run;
import io.slipway.data.profile.ProfilerSettings;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.frame.FrameReader;
import io.slipway.ml.train.TrainSpec;
import io.slipway.ml.train.TrainedModel;
import io.slipway.ml.train.Training;
import io.slipway.ml.xgboost.XgboostTrainer.Rows;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Issue 5's training target: {@code slipway train} against the same XGBoost4J training called
 * directly, same rows, same parameters, in the same run. The data: {@code rows} synthetic card
 * transactions ({@link CardTransactions}, seed 42) written as CSV and versioned with
 * {@code slipway data add} on a server in its own JVM (SQLite). Slipway: {@code slipway train
 * SPEC.yaml -o json} in the benchmark JVM through picocli, timed from the call to its return
 * (dataset download and read, checks and encoding, the run, per-round metrics, packaging,
 * evaluation, uploads), and the same command in a fresh JVM, as a user runs it. The peer: the
 * rows Slipway's {@link Training#prepare} encodes, made into two DMatrix objects and trained by
 * {@code XGBoost.train} with the train and validation watches, timed from the first DMatrix to
 * the last dispose. Rounds are interleaved, the order rotating, after one warm-up round.
 */
final class TrainBench {
    /** XGBoost's boosting rounds unless told otherwise; no early stopping, so both sides train every one. */
    static final int DEFAULT_BOOST_ROUNDS = 200;
    static final int DEPTH = 6;
    /** XGBoost's threads on both sides: the machine's two cores. */
    static final int THREADS = 2;
    private static final long SEED = 42;
    private static final String DATASET = "bench-transactions";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One round's seconds; {@code loading} and {@code training} are what the in-process run recorded. */
    record Round(double peer, double slipway, double loading, double training, double freshJvm) {
        double slipwayWithoutLoading() {
            return slipway - loading;
        }
    }

    /** Slipway's steps timed one by one in the benchmark JVM, once after the rounds: reading the CSV, prepare, fit and its XGBoost part. */
    record Breakdown(double read, double prepare, double fit, double xgboost) {}

    record Result(int boostRounds, String backend, long rows, long csvBytes, int trainRows, int validationRows, int features, int slipwayRounds,
                  int peerRounds, double slipwayLogloss, double peerLogloss, List<Round> rounds, Breakdown breakdown) {
        double median(ToDoubleFunction<Round> measure) {
            return Stats.median(rounds.stream().mapToDouble(measure).toArray());
        }

        /** The target's ratio: Slipway without data loading over the peer, medians of the same run. */
        double ratio() {
            return median(Round::slipwayWithoutLoading) / median(Round::peer);
        }

        double totalRatio() {
            return median(Round::slipway) / median(Round::peer);
        }

        String markdown() {
            double peer = median(Round::peer);
            double slipway = median(Round::slipway);
            double loading = median(Round::loading);
            double training = median(Round::training);
            double freshJvm = median(Round::freshJvm);
            StringBuilder s = new StringBuilder(String.format("%n### Training, `slipway train` vs XGBoost4J called directly "
                            + "(%,d card transactions, %,d train / %,d validation rows x %d features; %d rounds of depth %d, nthread %d; "
                            + "server on %s; %d cores)%n%n"
                            + "Check, in the warm-up and every round: both sides trained %d rounds (Slipway's `rounds_trained` %d, XGBoost4J's booster %d); "
                            + "last validation logloss %.6f (Slipway) vs %.6f (XGBoost4J).%n%n"
                            + "| measure (median of %d rounds, interleaved) | value | target |%n|---|---|---|%n"
                            + "| XGBoost4J direct: DMatrix x 2 + `XGBoost.train` with train/validation watches | %.2f s | |%n"
                            + "| `slipway train`, whole command in a warm JVM | %.2f s | |%n"
                            + "| of which data loading (`data_loading_duration_s`: download %,d bytes + read) | %.2f s | |%n"
                            + "| of which XGBoost training (`training_duration_s`) | %.2f s | |%n"
                            + "| **Slipway minus data loading / XGBoost4J** | %.2f / %.2f s = **%.2f** | <= 1.1: %s |%n"
                            + "| Slipway total / XGBoost4J | %.2f | |%n"
                            + "| `slipway train` in a fresh JVM (process start to exit), / XGBoost4J | %.2f s, %.2f | |%n",
                    rows, trainRows, validationRows, features, boostRounds, DEPTH, THREADS, backend, Runtime.getRuntime().availableProcessors(),
                    boostRounds, slipwayRounds, peerRounds, slipwayLogloss, peerLogloss, rounds.size(), peer, slipway, csvBytes, loading,
                    training, slipway - loading, peer, ratio(), ratio() <= 1.1 ? "met" : "NOT met", totalRatio(), freshJvm, freshJvm / peer));
            s.append(String.format("%nRounds (s): XGBoost4J / Slipway total / loading / training / fresh JVM%n%n"));
            for (int i = 0; i < rounds.size(); i++) {
                Round r = rounds.get(i);
                s.append(String.format("- round %d: %.2f / %.2f / %.2f / %.2f / %.2f; (Slipway - loading) / XGBoost4J %.2f%n", i + 1, r.peer(),
                        r.slipway(), r.loading(), r.training(), r.freshJvm(), r.slipwayWithoutLoading() / r.peer()));
            }
            double rest = slipway - loading - breakdown.prepare() - breakdown.fit();
            s.append(String.format("%nWhere Slipway's time goes (the steps timed one by one in the benchmark JVM, once): reading the CSV "
                            + "%.2f s; `Training.prepare` (split, encode, one-round probe) %.2f s; `Training.fit` %.2f s, of which XGBoost %.2f s "
                            + "and packaging + evaluation %.2f s; what is left of the median command (run, params, per-round metrics, "
                            + "uploads) %.2f s.%n",
                    breakdown.read(), breakdown.prepare(), breakdown.fit(), breakdown.xgboost(), breakdown.fit() - breakdown.xgboost(), rest));
            return s.toString();
        }
    }

    private TrainBench() {
    }

    static Result run(long rows, int boostRounds, int timedRounds, String serverHeap) throws Exception {
        Path dir = Files.createTempDirectory("slipway-train-bench");
        try (Backend backend = Backend.create(Backend.Kind.SQLITE, "train"); ServerProcess server = backend.startServer(serverHeap);
                SlipwayClient client = SlipwayClient.connect(server.url())) {
            String url = server.url();
            Path csv = dir.resolve("transactions.csv");
            System.err.printf("  writing %,d card transactions and adding them as %s...%n", rows, DATASET);
            DataCommand.writeAtomically(new CardTransactions(CardTransactions.Spec.of(rows, SEED, 0)), TransactionFormat.CSV, csv);
            cli("data", "add", csv.toString(), "--name", DATASET, "--hash-cache", dir.resolve("hashes").toString(), "--tracking-uri", url);
            String specText = spec(client.getDatasetVersion(DATASET, null).version(), boostRounds);
            Path specFile = Files.writeString(dir.resolve("train.yaml"), specText);
            Path cache = dir.resolve("cache");

            TrainSpec spec = TrainSpec.parse(specText);
            Training training = Training.prepare(spec, new FrameReader(ProfilerSettings.defaults()).read(csv.toString()), null);
            List<String> train = List.of("train", specFile.toString(), "-o", "json", "--tracking-uri", url, "--cache-dir", cache.toString());

            List<Round> timed = new ArrayList<>();
            Peer peer = null;
            Run run = null;
            for (int round = 0; round <= timedRounds; round++) {
                double peerSeconds = 0;
                double slipwaySeconds = 0;
                double freshJvmSeconds = 0;
                // the order rotates, so whatever else runs on the machine falls on each side alike
                for (int turn = 0; turn < 3; turn++) {
                    switch ((round + turn) % 3) {
                        case 0 -> {
                            peer = peer(training, boostRounds);
                            peerSeconds = peer.seconds();
                        }
                        case 1 -> {
                            long start = System.nanoTime();
                            String json = cli(train.toArray(String[]::new));
                            slipwaySeconds = (System.nanoTime() - start) / 1e9;
                            run = client.getRun(JSON.readTree(json).get("run_id").asText());
                        }
                        default -> freshJvmSeconds = freshJvm(train, dir, boostRounds);
                    }
                }
                // the warm-up checks it before any timing; every round checks it again
                int slipwayRounds = Integer.parseInt(param(run, "rounds_trained"));
                HashBench.check(slipwayRounds == boostRounds && peer.rounds() == boostRounds,
                        "rounds trained: Slipway " + slipwayRounds + ", XGBoost4J " + peer.rounds() + ", not " + boostRounds);
                Round r = new Round(peerSeconds, slipwaySeconds, metric(run, "data_loading_duration_s"), metric(run, "training_duration_s"),
                        freshJvmSeconds);
                System.err.printf("  %s: XGBoost4J %.2f s, slipway train %.2f s (loading %.2f s, training %.2f s), fresh JVM %.2f s%n",
                        round == 0 ? "warm-up" : "round " + round, r.peer(), r.slipway(), r.loading(), r.training(), r.freshJvm());
                if (round > 0) {
                    timed.add(r);
                }
            }
            return new Result(boostRounds, backend.label(), rows, Files.size(csv), training.train().rows(), training.validation().rows(),
                    training.features().size(), Integer.parseInt(param(run, "rounds_trained")), peer.rounds(), metric(run, "validation-logloss"), peer.lastValidationLogloss(),
                    timed, breakdown(spec, csv, dir.resolve("model")));
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** The spec both sides train: the dataset's version {@code version}, split stratified, no early stopping. */
    private static String spec(int version, int boostRounds) {
        return String.format("""
                experiment: bench-train
                data:
                  train: %s@%d
                target: is_fraud
                exclude: [transaction_id, timestamp, customer_id]
                task: binary
                split:
                  method: stratified
                  validation_fraction: 0.2
                  seed: %d
                xgboost:
                  params: {max_depth: %d, eta: 0.1, tree_method: hist, nthread: %d}
                  rounds: %d
                  early_stopping_rounds: 0
                """, DATASET, version, SEED, DEPTH, THREADS, boostRounds);
    }

    /** What the peer measured: seconds, the rounds its booster holds and its last validation logloss. */
    private record Peer(double seconds, int rounds, double lastValidationLogloss) {}

    /** XGBoost4J as one calls it directly: the encoded rows into DMatrix objects, {@code XGBoost.train} with both watches, dispose. */
    private static Peer peer(Training training, int boostRounds) throws XGBoostError {
        long start = System.nanoTime();
        DMatrix train = matrix(training.train());
        DMatrix validation = matrix(training.validation());
        Map<String, DMatrix> watches = new LinkedHashMap<>();
        watches.put("train", train);
        watches.put("validation", validation);
        float[][] metrics = new float[watches.size()][boostRounds];
        Booster booster = XGBoost.train(train, training.params(), boostRounds, watches, metrics, null, null, 0);
        int rounds = booster.getNumBoostedRound();
        booster.dispose();
        train.dispose();
        validation.dispose();
        return new Peer((System.nanoTime() - start) / 1e9, rounds, metrics[1][boostRounds - 1]);
    }

    private static DMatrix matrix(Rows rows) throws XGBoostError {
        DMatrix matrix = new DMatrix(rows.values(), rows.rows(), rows.features(), Float.NaN);
        matrix.setLabel(rows.labels());
        return matrix;
    }

    /** Slipway's own steps without the server: read, prepare, fit. */
    private static Breakdown breakdown(TrainSpec spec, Path csv, Path modelDir) {
        long start = System.nanoTime();
        Frame frame = new FrameReader(ProfilerSettings.defaults()).read(csv.toString());
        double read = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        Training training = Training.prepare(spec, frame, null);
        double prepare = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        TrainedModel model = training.fit(modelDir, iteration -> { });
        double fit = (System.nanoTime() - start) / 1e9;
        return new Breakdown(read, prepare, fit, model.trainingMillis() / 1000.0);
    }

    /** {@code slipway ARGS...} in this JVM, as the CLI parses and runs it; answers what it printed. */
    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SlipwayCli.createCommandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        HashBench.check(exit == 0, "slipway " + String.join(" ", args) + " exited with " + exit + ": " + err);
        return out.toString();
    }

    /** The same command in a new JVM, from process start to exit; answers the seconds. */
    private static double freshJvm(List<String> args, Path dir, int boostRounds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), SlipwayCli.class.getName()));
        command.addAll(args);
        Path stderr = dir.resolve("fresh-jvm-stderr.txt");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        HashBench.check(exit == 0, "slipway train in a fresh JVM exited with " + exit + ": " + Files.readString(stderr));
        HashBench.check(JSON.readTree(output).get("rounds_trained").asInt() == boostRounds, "the fresh JVM trained other rounds: " + output);
        return seconds;
    }

    private static double metric(Run run, String key) {
        return run.data().metrics().stream().filter(m -> m.key().equals(key)).mapToDouble(Metric::value).findFirst()
                .orElseThrow(() -> new IllegalStateException("run " + run.info().runId() + " has no metric " + key));
    }

    private static String param(Run run, String key) {
        return run.data().params().stream().filter(p -> p.key().equals(key)).map(Param::value).findFirst()
                .orElseThrow(() -> new IllegalStateException("run " + run.info().runId() + " has no param " + key));
    }
}
