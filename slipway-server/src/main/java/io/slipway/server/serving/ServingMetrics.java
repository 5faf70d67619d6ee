package io.slipway.server.serving;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.slipway.core.serving.ModelRef;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.ToDoubleFunction;

/**
 * Serving's meters, scraped as Prometheus text at {@code /metrics}: requests by outcome, latency
 * histograms and batch sizes per deployment, model version and role, queue depths, the prediction
 * log's dropped records and rollbacks (docs/operations.md lists them; docs/grafana-serving-dashboard.json
 * charts them). Meters are made once per route and held by it, so recording is a few atomic adds.
 */
public final class ServingMetrics {
    static final String OK = "ok";
    static final String CLIENT_ERROR = "client_error";
    static final String ERROR = "error";
    static final String REJECTED = "rejected";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, RouteMeters> routes = new ConcurrentHashMap<>();
    private final Map<String, Counter> rollbacks = new ConcurrentHashMap<>();

    public ServingMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    /** The Prometheus text format of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** The prediction log's queue and losses. */
    public void bindPredictionLog(PredictionLog log) {
        requireNonNull(log, "log is null");
        FunctionCounter.builder("slipway.prediction.log.dropped", log, PredictionLog::dropped)
                .description("Prediction and feedback records dropped because the log's queue was full").register(registry);
        FunctionCounter.builder("slipway.prediction.log.lost", log, PredictionLog::lost)
                .description("Prediction rows whose segment could not be written or stored").register(registry);
        FunctionCounter.builder("slipway.prediction.log.written", log, PredictionLog::written)
                .description("Prediction rows written to Parquet segments").register(registry);
        Gauge.builder("slipway.prediction.log.queued", log, PredictionLog::queued)
                .description("Records waiting to be written").register(registry);
    }

    /** Shadow copies skipped because the shadow's queue was full (Micrometer holds {@code skipped} weakly: its owner keeps it). */
    void bindShadowsSkipped(AtomicLong skipped) {
        FunctionCounter.builder("slipway.inference.shadow.skipped", skipped, AtomicLong::get)
                .description("Shadow copies skipped because the shadow's queue was full").register(registry);
    }

    /** A gauge of a deployment's queued requests, read from {@code source} (held weakly by Micrometer: keep it referenced). */
    <T> void bindQueueDepth(String deployment, T source, ToDoubleFunction<T> depth) {
        Gauge.builder("slipway.inference.queue.depth", source, depth).tag("deployment", deployment)
                .description("Requests waiting for a prediction worker").register(registry);
    }

    /** The meters of requests {@code model} answers in {@code deployment} as {@code role}. */
    RouteMeters route(String deployment, ModelRef model, String role) {
        return routes.computeIfAbsent(deployment + "\u0000" + model.version() + "\u0000" + role,
                key -> new RouteMeters(deployment, model.version(), role));
    }

    /** Records the rows of each prediction call {@code model} makes in {@code deployment}. */
    IntConsumer batchRows(String deployment, ModelRef model) {
        DistributionSummary batches = DistributionSummary.builder("slipway.inference.batch.rows").tag("deployment", deployment)
                .tag("version", model.version()).description("Rows per prediction call").publishPercentileHistogram()
                .minimumExpectedValue(1.0).maximumExpectedValue(100_000.0).register(registry);
        return batches::record;
    }

    /** Counts an automatic or commanded rollback seen by serving. */
    void rolledBack(String deployment) {
        rollbacks.computeIfAbsent(deployment, name -> Counter.builder("slipway.deployment.rollbacks").tag("deployment", name)
                .description("Candidates taken back automatically").register(registry)).increment();
    }

    /** Per route: counters per outcome and the latency histogram. */
    final class RouteMeters {
        final Counter ok;
        final Counter clientError;
        final Counter error;
        final Counter rejected;
        final Timer latency;

        private RouteMeters(String deployment, String version, String role) {
            ok = requests(deployment, version, role, OK);
            clientError = requests(deployment, version, role, CLIENT_ERROR);
            error = requests(deployment, version, role, ERROR);
            rejected = requests(deployment, version, role, REJECTED);
            latency = Timer.builder("slipway.inference.latency").tag("deployment", deployment).tag("version", version).tag("role", role)
                    .description("Time from routing a request to its predictions, queueing included")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(50_000))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry);
        }

        private Counter requests(String deployment, String version, String role, String outcome) {
            return Counter.builder("slipway.inference.requests").tag("deployment", deployment).tag("version", version).tag("role", role)
                    .tag("outcome", outcome).description("Inference requests by outcome").register(registry);
        }
    }
}
