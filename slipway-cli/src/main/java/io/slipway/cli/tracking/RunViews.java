package io.slipway.cli.tracking;

import io.slipway.cli.output.Details;
import io.slipway.cli.output.Formats;
import io.slipway.cli.output.Table;
import io.slipway.core.tracking.DatasetInput;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunInfo;
import io.slipway.core.tracking.RunTag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/** How runs look in a terminal: a list, one run in detail, several side by side. */
public final class RunViews {
    /** A run list stays readable at this many metric and param columns; {@code runs show} has the rest. */
    static final int MAX_METRIC_COLUMNS = 4;
    static final int MAX_PARAM_COLUMNS = 3;
    static final String MLFLOW_TAG_PREFIX = "mlflow.";

    private RunViews() {}

    /**
     * One line per run with its most telling metrics and params: metrics named in {@code orderBy}
     * come first, then the others by name; params appear only where their values differ between the runs.
     */
    public static String list(List<Run> runs, List<String> orderBy) {
        if (runs.isEmpty()) {
            return "No runs found.";
        }
        Set<String> allMetrics = keys(runs, run -> run.data().metrics().stream().map(Metric::key).toList());
        Set<String> allParams = keys(runs, run -> run.data().params().stream().map(Param::key).toList());
        List<String> metricColumns = first(MAX_METRIC_COLUMNS, orderedMetrics(orderBy), allMetrics);
        List<String> paramColumns = allParams.stream().filter(key -> differs(runs, run -> paramValue(run, key)))
                .limit(MAX_PARAM_COLUMNS).toList();

        List<String> headers = new ArrayList<>(List.of("RUN ID", "NAME", "STATUS", "START"));
        metricColumns.forEach(key -> headers.add("metrics." + key));
        paramColumns.forEach(key -> headers.add("params." + key));
        Table table = new Table(headers);
        for (Run run : runs) {
            List<String> row = new ArrayList<>(List.of(run.info().runId(), run.info().runName(), run.info().status().name(),
                    Formats.timestamp(run.info().startTime())));
            metricColumns.forEach(key -> row.add(metricValue(run, key)));
            paramColumns.forEach(key -> row.add(paramValue(run, key)));
            table.addRow(row);
        }
        String text = table.render();
        List<String> hidden = new ArrayList<>();
        if (allMetrics.size() > metricColumns.size()) {
            hidden.add(allMetrics.size() - metricColumns.size() + " metrics");
        }
        if (allParams.size() > paramColumns.size()) {
            hidden.add(allParams.size() - paramColumns.size() + " params");
        }
        if (!hidden.isEmpty()) {
            text += "\n(not shown: " + String.join(", ", hidden) + "; 'slipway runs show RUN_ID' shows everything)";
        }
        return text;
    }

    /** Everything about one run; tags under {@code mlflow.} only when {@code allTags}. */
    static String detail(Run run, boolean allTags) {
        RunInfo info = run.info();
        Details fields = new Details("Run " + info.runId() + (info.runName().isEmpty() ? "" : " (" + info.runName() + ")"))
                .add("experiment", info.experimentId())
                .add("status", info.status().name())
                .add("start", Formats.timestamp(info.startTime()));
        if (info.endTime() != null) {
            fields.add("end", Formats.timestamp(info.endTime()) + " (took " + Formats.duration(info.endTime() - info.startTime()) + ")");
        }
        fields.add("user", info.userId())
                .add("lifecycle", info.lifecycleStage().wireName())
                .add("artifact root", info.artifactUri());

        Table tags = new Table("KEY", "VALUE");
        List<RunTag> shownTags = run.data().tags().stream().filter(tag -> allTags || !tag.key().startsWith(MLFLOW_TAG_PREFIX)).toList();
        sorted(shownTags, RunTag::key).forEach(tag -> tags.addRow(tag.key(), tag.value()));
        int hiddenTags = run.data().tags().size() - shownTags.size();

        Table datasets = new Table("NAME", "DIGEST", "SOURCE TYPE", "SOURCE", "TAGS");
        for (DatasetInput input : run.inputs().datasetInputs()) {
            datasets.addRow(input.dataset().name(), input.dataset().digest(), input.dataset().sourceType(), input.dataset().source(),
                    input.tags().stream().map(tag -> tag.key() + "=" + tag.value()).collect(Collectors.joining(", ")));
        }
        return String.join("\n\n",
                fields.render(),
                params(run).renderSection("Params"),
                metrics(run).renderSection("Metrics (latest values)"),
                tags.renderSection(hiddenTags > 0 ? "Tags (" + hiddenTags + " mlflow.* tags hidden; --all shows them)" : "Tags"),
                datasets.renderSection("Dataset inputs"));
    }

    /** A run's params, by key. */
    public static Table params(Run run) {
        Table params = new Table("KEY", "VALUE");
        sorted(run.data().params(), Param::key).forEach(param -> params.addRow(param.key(), param.value()));
        return params;
    }

    /** A run's metrics at their latest values, by key. */
    public static Table metrics(Run run) {
        Table metrics = new Table("KEY", "VALUE", "STEP", "TIME");
        sorted(run.data().metrics(), Metric::key).forEach(metric -> metrics.addRow(metric.key(), Formats.number(metric.value()),
                Long.toString(metric.step()), Formats.timestamp(metric.timestamp())));
        return metrics;
    }

    /**
     * Params and latest metrics of several runs side by side, one column per run. Rows whose
     * values are not all the same are marked {@code *}.
     */
    static String compare(List<Run> runs) {
        List<String> headers = new ArrayList<>(List.of("", "KEY"));
        runs.forEach(run -> headers.add(run.info().runName().isEmpty() ? shortId(run) : run.info().runName() + " (" + shortId(run) + ")"));
        Table table = new Table(headers);
        addComparedRows(table, runs, "params.", keys(runs, run -> run.data().params().stream().map(Param::key).toList()),
                RunViews::paramValue);
        addComparedRows(table, runs, "metrics.", keys(runs, run -> run.data().metrics().stream().map(Metric::key).toList()),
                RunViews::metricValue);
        return table.render() + "\n(* = differs between the runs)";
    }

    static String metricHistory(List<Metric> history) {
        if (history.isEmpty()) {
            return "No values logged.";
        }
        Table table = new Table("STEP", "VALUE", "TIME");
        history.forEach(metric -> table.addRow(Long.toString(metric.step()), Formats.number(metric.value()),
                Formats.timestamp(metric.timestamp())));
        return table.render();
    }

    private static void addComparedRows(Table table, List<Run> runs, String prefix, Set<String> keys,
            BiFunction<Run, String, String> valueOf) {
        for (String key : keys) {
            List<String> row = new ArrayList<>();
            row.add(differs(runs, run -> valueOf.apply(run, key)) ? "*" : "");
            row.add(prefix + key);
            runs.forEach(run -> row.add(valueOf.apply(run, key)));
            table.addRow(row);
        }
    }

    private static String shortId(Run run) {
        return run.info().runId().substring(0, Math.min(8, run.info().runId().length()));
    }

    private static String paramValue(Run run, String key) {
        return run.data().params().stream().filter(param -> param.key().equals(key)).map(Param::value).findFirst().orElse("-");
    }

    private static String metricValue(Run run, String key) {
        return run.data().metrics().stream().filter(metric -> metric.key().equals(key))
                .map(metric -> Formats.number(metric.value())).findFirst().orElse("-");
    }

    private static boolean differs(List<Run> runs, Function<Run, String> value) {
        return runs.stream().map(value).distinct().count() > 1;
    }

    /** Every key any of the runs has, sorted. */
    private static Set<String> keys(List<Run> runs, Function<Run, List<String>> keysOfRun) {
        Set<String> keys = new TreeSet<>();
        runs.forEach(run -> keys.addAll(keysOfRun.apply(run)));
        return keys;
    }

    /** The metric keys an ORDER BY sorts on, e.g. {@code val_auc} of {@code metrics.`val_auc` DESC}. */
    private static List<String> orderedMetrics(List<String> orderBy) {
        if (orderBy == null) {
            return List.of();
        }
        return orderBy.stream()
                .map(String::strip)
                .filter(clause -> clause.startsWith("metrics.") || clause.startsWith("metric."))
                .map(clause -> clause.substring(clause.indexOf('.') + 1).replaceFirst("(?i)\\s+(ASC|DESC)$", "").strip())
                .map(key -> key.replaceAll("^[`\"](.*)[`\"]$", "$1"))
                .toList();
    }

    /** Up to {@code limit} keys: the preferred ones that exist, then the rest, without repeats. */
    private static List<String> first(int limit, List<String> preferred, Set<String> all) {
        Set<String> chosen = new LinkedHashSet<>();
        preferred.stream().filter(all::contains).forEach(chosen::add);
        chosen.addAll(all);
        return chosen.stream().limit(limit).toList();
    }

    private static <T> List<T> sorted(List<T> items, Function<T, String> key) {
        return items.stream().sorted(Comparator.comparing(key)).toList();
    }
}
