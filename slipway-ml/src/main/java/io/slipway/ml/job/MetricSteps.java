package io.slipway.ml.job;

import static java.util.Objects.requireNonNull;

import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.TrackingValidation;
import io.slipway.ml.xgboost.XgboostTrainer.Iteration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Each round's training and validation metrics as MLflow metric steps ({@code train-logloss},
 * {@code validation-logloss}, as MLflow's XGBoost autologging names them), sent about once every
 * {@value #SEND_EVERY_MILLIS} ms (so the curves in the UI move while it trains) on the job's
 * {@link Background} threads, so that training never waits for the tracking server: one request per
 * round would cost more than the round.
 */
final class MetricSteps {
    static final long SEND_EVERY_MILLIS = 1000;

    private final Workspace workspace;
    private final String runId;
    private final Background background;
    private final List<Metric> pending = new ArrayList<>();
    private long lastSent = System.currentTimeMillis();

    MetricSteps(Workspace workspace, String runId, Background background) {
        this.workspace = requireNonNull(workspace, "workspace is null");
        this.runId = requireNonNull(runId, "runId is null");
        this.background = requireNonNull(background, "background is null");
    }

    void add(Iteration iteration) {
        long now = System.currentTimeMillis();
        add("train-", iteration.train(), iteration.round(), now);
        add("validation-", iteration.validation(), iteration.round(), now);
        if (now - lastSent >= SEND_EVERY_MILLIS || pending.size() > TrackingValidation.MAX_METRICS_PER_BATCH / 2) {
            send();
            lastSent = now;
        }
    }

    private void add(String prefix, Map<String, Double> metrics, int step, long timestamp) {
        metrics.forEach((name, value) -> pending.add(new Metric(prefix + name, value, timestamp, step)));
    }

    /** Sends what is pending; {@link Background#await} waits for it. */
    void send() {
        if (!pending.isEmpty()) {
            List<Metric> batch = List.copyOf(pending);
            pending.clear();
            background.submit(() -> workspace.logBatch(runId, batch, List.of()));
        }
    }
}
