package io.slipway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Slipway's speed targets, measured end to end: a server in its own JVM (started as
 * {@code slipway server}), real HTTP, real SQLite and PostgreSQL. Prints a Markdown report and
 * appends it to {@code --report}. Run with {@code bench/run}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure Slipway's speed targets (see BENCHMARKS.md).")
public final class Bench implements Callable<Integer> {
    @Parameters(arity = "0..*", description = "Which benchmarks: ingest, search, history, auth, hash, add (default: all six); also profile, predict, train, serve.")
    List<String> which = new ArrayList<>();

    @Option(names = "--backend", description = "sqlite, postgres or both (default: both).")
    String backend = "both";

    @Option(names = "--threads", description = "Client threads for ingest (default: ${DEFAULT-VALUE}).")
    int threads = 4;

    @Option(names = "--points", description = "Metric points for ingest (default: ${DEFAULT-VALUE}).")
    long points = 4_000_000;

    @Option(names = "--runs", description = "Runs in the searched experiment (default: ${DEFAULT-VALUE}).")
    int runs = 100_000;

    @Option(names = "--history-points", description = "Points in the metric history (default: ${DEFAULT-VALUE}).")
    int historyPoints = 1_000_000;

    @Option(names = "--repetitions", description = "Timed repetitions per query (default: ${DEFAULT-VALUE}).")
    int repetitions = 30;

    @Option(names = "--auth-requests", description = "Timed requests of each kind per round, auth on vs off (default: ${DEFAULT-VALUE}).")
    int authRequests = 3000;

    @Option(names = "--hash-file-gb", description = "Size of the file the hash benchmark hashes, in GiB (default: ${DEFAULT-VALUE}).")
    double hashFileGb = 2;

    @Option(names = "--add-file-gb", description = "Size of the file the add benchmark adds, in GiB (default: ${DEFAULT-VALUE}).")
    double addFileGb = 2;

    @Option(names = "--add-rounds", description = "Rounds of openssl, hash and add in the add benchmark (default: ${DEFAULT-VALUE}).")
    int addRounds = 3;

    @Option(names = "--profile-rows", description = "Rows of the Parquet file the profile benchmark profiles (default: ${DEFAULT-VALUE}).")
    long profileRows = 10_000_000;

    @Option(names = "--train-rows", description = "Card transactions the train benchmark trains on (default: ${DEFAULT-VALUE}).")
    long trainRows = 200_000;

    @Option(names = "--train-rounds", description = "Timed rounds of the train benchmark, after one warm-up (default: ${DEFAULT-VALUE}).")
    int trainRounds = 3;

    @Option(names = "--train-boost-rounds", description = "XGBoost rounds the train benchmark trains, comma-separated for several runs "
            + "(default: ${DEFAULT-VALUE}).", split = ",")
    List<Integer> trainBoostRounds = List.of(TrainBench.DEFAULT_BOOST_ROUNDS);

    @Option(names = "--serve-seconds", description = "Seconds of each timed wrk run of the serve benchmark (default: ${DEFAULT-VALUE}).")
    int serveSeconds = 20;

    @Option(names = "--serve-warmup-seconds", description = "Seconds of wrk before each timed run of the serve benchmark, not timed "
            + "(default: ${DEFAULT-VALUE}).")
    int serveWarmupSeconds = 20;

    @Option(names = "--serve-connections", description = "wrk connections for single-row requests in the serve benchmark (default: ${DEFAULT-VALUE}).")
    int serveConnections = 64;

    @Option(names = "--serve-peers", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also measure the Python peers (default); --no-serve-peers measures Slipway alone, for quick iterations.")
    boolean servePeers = true;

    @Option(names = "--serve-batch-connections", description = "wrk connections for 1000-row requests in the serve benchmark "
            + "(default: ${DEFAULT-VALUE}).")
    int serveBatchConnections = 8;

    @Option(names = "--server-heap", description = "Heap of the server JVM (default: ${DEFAULT-VALUE}).")
    String serverHeap = "2g";

    @Option(names = "--report", description = "File the Markdown report is appended to (default: ${DEFAULT-VALUE}).")
    Path report = Path.of("bench/results/latest.md");

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<String> benches = which.isEmpty() ? List.of("ingest", "search", "history", "auth", "hash", "add") : which;
        List<Backend.Kind> kinds = switch (backend) {
            case "sqlite" -> List.of(Backend.Kind.SQLITE);
            case "postgres" -> List.of(Backend.Kind.POSTGRES);
            case "both" -> List.of(Backend.Kind.SQLITE, Backend.Kind.POSTGRES);
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "--backend must be sqlite, postgres or both");
        };
        StringBuilder md = new StringBuilder();
        md.append("\n## Run of ").append(LocalDateTime.now().withNano(0)).append("\n\n")
                .append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", server heap ").append(serverHeap).append(".\n");
        for (String bench : benches) {
            if (bench.equals("hash") || bench.equals("profile") || bench.equals("add") || bench.equals("predict")
                    || bench.equals("train") || bench.equals("serve")) {
                // client-side (add: bytes, not metadata; train: XGBoost's time, not the store's; serve: the store is off the request path; so SQLite only), so once whatever --backend says
                String section = switch (bench) {
                    case "hash" -> hash();
                    case "add" -> add();
                    case "predict" -> PredictBench.run();
                    case "train" -> train();
                    case "serve" -> serve();
                    default -> ProfileBench.run(profileRows).markdown();
                };
                System.out.println(section);
                md.append(section);
                continue;
            }
            for (Backend.Kind kind : kinds) {
                String section = switch (bench) {
                    case "ingest" -> ingest(kind);
                    case "search" -> search(kind);
                    case "history" -> history(kind);
                    case "auth" -> auth(kind);
                    default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown benchmark: " + bench);
                };
                System.out.println(section);
                md.append(section);
            }
        }
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, md, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println("Report appended to " + report);
        return 0;
    }

    private String ingest(Backend.Kind kind) throws Exception {
        System.err.printf("ingest on %s: %,d points, %d threads...%n", kind, points, threads);
        IngestBench.Result r = IngestBench.run(kind, threads, points, serverHeap);
        double target = kind == Backend.Kind.SQLITE ? 200_000 : 100_000;
        return String.format("%n### Ingest, HTTP log-batch, %s%n%n"
                        + "| measure | value |%n|---|---|%n"
                        + "| points logged (timed) | %,d in %.2f s |%n"
                        + "| **HTTP log-batch rate** | **%s points/s** (target %s: %s) |%n"
                        + "| request latency | %s |%n"
                        + "| raw JDBC batch insert, same statement, same DB kind | %s points/s |%n"
                        + "| Slipway / raw JDBC | %.0f %% |%n",
                r.backend(), r.points(), r.seconds(), Stats.fmt(r.pointsPerSecond()), Stats.fmt(target),
                r.pointsPerSecond() >= target ? "met" : "NOT met", r.latency(), Stats.fmt(r.jdbcPointsPerSecond()), 100 * r.ratio());
    }

    private String search(Backend.Kind kind) throws Exception {
        System.err.printf("search on %s: %,d runs...%n", kind, runs);
        SearchBench.Result r = SearchBench.run(kind, runs, repetitions, serverHeap);
        StringBuilder s = new StringBuilder(String.format(
                "%n### runs/search over %,d runs, %s%n%n| query | runs returned | median | p95 | target (median < 200 ms) |%n|---|---|---|---|---|%n",
                r.runs(), r.backend()));
        for (Map.Entry<String, Stats> e : r.timings().entrySet()) {
            Stats stats = e.getValue();
            s.append(String.format("| %s | %d | %.1f ms | %.1f ms | %s |%n", e.getKey(), r.rowCounts().get(e.getKey()),
                    stats.median(), stats.p95(), stats.median() < 200 ? "met" : "NOT met"));
        }
        return s.toString();
    }

    private String history(Backend.Kind kind) throws Exception {
        System.err.printf("history on %s: %,d points...%n", kind, historyPoints);
        HistoryBench.Result r = HistoryBench.run(kind, historyPoints, Math.max(3, repetitions / 6), serverHeap);
        StringBuilder s = new StringBuilder(String.format(
                "%n### Metric history, one key with %,d points, %s%n%n| read | median | p95 | target (< 1 s) |%n|---|---|---|---|%n",
                r.points(), r.backend()));
        for (Map.Entry<String, Stats> e : r.timings().entrySet()) {
            Stats stats = e.getValue();
            s.append(String.format("| %s | %.0f ms | %.0f ms | %s |%n", e.getKey(), stats.median(), stats.p95(),
                    stats.median() < 1000 ? "met" : "NOT met"));
        }
        return s.toString();
    }

    private String auth(Backend.Kind kind) throws Exception {
        System.err.printf("auth on vs off on %s: %,d requests of each kind per round...%n", kind, authRequests);
        AuthBench.Result r = AuthBench.run(kind, authRequests, serverHeap);
        StringBuilder s = new StringBuilder(String.format("%n### Authorization overhead, %s (one request at a time, %d per round, 3 rounds)%n%n"
                + "| call | median auth off | median auth on | overhead | target (< 5 %%) | p95 off / on |%n|---|---|---|---|---|---|%n",
                r.backend(), r.requestsPerRound()));
        for (String call : r.off().keySet()) {
            Stats off = r.off().get(call);
            Stats on = r.on().get(call);
            double overhead = 100 * (on.median() - off.median()) / off.median();
            s.append(String.format("| %s | %.3f ms | %.3f ms | %+.1f %% | %s | %.3f / %.3f ms |%n", call, off.median(), on.median(), overhead,
                    overhead < 5 ? "met" : "NOT met", off.p95(), on.p95()));
        }
        return s.toString();
    }

    private String add() throws Exception {
        System.err.printf("add: a %.1f GiB file vs openssl, %d rounds...%n", addFileGb, addRounds);
        AddBench.Result r = AddBench.run(Backend.Kind.SQLITE, addFileGb, addRounds, serverHeap);
        return String.format("%n### Data add of one big file, hash and store (server on %s, local artifact store; file in the page cache)%n%n"
                        + "| measure (median of %d rounds, alternating) | value | target |%n|---|---|---|%n"
                        + "| `openssl dgst -sha256`, %,d bytes | %.2f s, %.2f GB/s | |%n"
                        + "| FileDigests SHA-256 alone, same file | %.2f s, %.2f GB/s | |%n"
                        + "| **`addDataset` of new content into a warm server** (rounds: %s) | **%.2f s, %.2f GB/s** | |%n"
                        + "| add / openssl throughput | %.2f | >= 0.8: %s |%n"
                        + "| same add hashing first (stream threshold off) | %.2f s, add / openssl %.2f | |%n",
                r.backend(), r.rounds(), r.fileBytes(), r.opensslSeconds(), r.opensslGbPerSecond(), r.hashSeconds(), r.hashGbPerSecond(),
                r.addRounds().stream().map(s -> String.format("%.2f s", s)).toList(), r.addSeconds(), r.addGbPerSecond(), r.ratio(),
                r.ratio() >= 0.8 ? "met" : "NOT met", r.hashFirstSeconds(), r.hashFirstRatio());
    }

    private String train() throws Exception {
        StringBuilder md = new StringBuilder();
        for (int boostRounds : trainBoostRounds) {
            System.err.printf("train: slipway train vs XGBoost4J on %,d card transactions, %d XGBoost rounds, %d timed rounds after a "
                    + "warm-up...%n", trainRows, boostRounds, trainRounds);
            md.append(TrainBench.run(trainRows, boostRounds, trainRounds, serverHeap).markdown());
        }
        return md.toString();
    }

    private String serve() throws Exception {
        System.err.printf("serve: OIP v2 load with wrk, %d connections, %d s per measure: Slipway vs FastAPI and Flask peers...%n",
                serveConnections, serveSeconds);
        return ServeBench.run(serveSeconds, serveWarmupSeconds, serveConnections, serveBatchConnections, serverHeap, servePeers).markdown();
    }

    private String hash() throws Exception {
        System.err.printf("hash: a %.1f GiB file vs openssl, then 10,000 small files cold and warm...%n", hashFileGb);
        HashBench.Result r = HashBench.run(hashFileGb);
        double ratio = r.javaGbPerSecond() / r.opensslGbPerSecond();
        return String.format("%n### Data hashing, client side (file in the page cache; %d hashing threads)%n%n"
                        + "| measure | value | target |%n|---|---|---|%n"
                        + "| `openssl dgst -sha256`, %,d bytes, best of 3 | %.2f s, %.2f GB/s | |%n"
                        + "| **FileDigests SHA-256**, same file, best of 3 | **%.2f s, %.2f GB/s** | |%n"
                        + "| FileDigests / openssl | %.2f | >= 0.8: %s |%n"
                        + "| manifest of %,d files (%,d bytes), empty hash cache | %.0f ms | |%n"
                        + "| **same, unchanged, warm cache**, best of 3 | **%.0f ms** | < 1 s: %s |%n"
                        + "| same, in a fresh JVM (as `slipway data add`): open cache + build / whole process | %.0f ms / %.0f ms | < 1 s: %s |%n",
                Runtime.getRuntime().availableProcessors(), r.fileBytes(), r.opensslSeconds(), r.opensslGbPerSecond(), r.javaSeconds(),
                r.javaGbPerSecond(), ratio, ratio >= 0.8 ? "met" : "NOT met", r.files(), r.directoryBytes(), 1000 * r.coldSeconds(),
                1000 * r.warmSeconds(), r.warmSeconds() < 1 ? "met" : "NOT met", 1000 * r.warmFreshJvmSeconds(),
                1000 * r.warmFreshJvmWallSeconds(), r.warmFreshJvmSeconds() < 1 ? "met" : "NOT met");
    }
}
