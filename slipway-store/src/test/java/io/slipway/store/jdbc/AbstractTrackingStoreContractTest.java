package io.slipway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.ErrorCode;
import io.slipway.core.Page;
import io.slipway.core.SlipwayException;
import io.slipway.core.tracking.Dataset;
import io.slipway.core.tracking.DatasetInput;
import io.slipway.core.tracking.Experiment;
import io.slipway.core.tracking.ExperimentTag;
import io.slipway.core.tracking.InputTag;
import io.slipway.core.tracking.LifecycleStage;
import io.slipway.core.tracking.Metric;
import io.slipway.core.tracking.MlflowTags;
import io.slipway.core.tracking.Param;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.RunInfo;
import io.slipway.core.tracking.RunStatus;
import io.slipway.core.tracking.RunTag;
import io.slipway.core.tracking.TrackingService;
import io.slipway.core.tracking.ViewType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every metadata backend must have, written once and run against each
 * (SQLite, PostgreSQL). It drives the store through {@link TrackingService}, as the server does.
 */
public abstract class AbstractTrackingStoreContractTest {
    protected static final String ROOT = "mlflow-artifacts:/";

    private Database database;
    protected TrackingService tracking;

    /** A database with an up-to-date, empty schema. */
    protected abstract Database openDatabase();

    protected void closeDatabase(Database database) {
        database.close();
    }

    @BeforeEach
    void setUp() {
        database = openDatabase();
        tracking = new TrackingService(new JdbcTrackingStore(database), ROOT,
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        closeDatabase(database);
    }

    // ---- experiments ----

    @Test
    void defaultExperimentAlwaysExists() {
        Experiment experiment = tracking.getExperiment("0");
        assertThat(experiment.name()).isEqualTo("Default");
        assertThat(experiment.artifactLocation()).isEqualTo("mlflow-artifacts:/0");
        assertThat(experiment.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    }

    @Test
    void createsExperimentWithDefaultArtifactLocationAndTags() {
        String id = tracking.createExperiment("fraud", null, List.of(new ExperimentTag("team", "risk")));
        Experiment experiment = tracking.getExperiment(id);
        assertThat(experiment.name()).isEqualTo("fraud");
        assertThat(experiment.artifactLocation()).isEqualTo(ROOT + id);
        assertThat(experiment.tags()).containsExactly(new ExperimentTag("team", "risk"));
        assertThat(experiment.creationTime()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
        assertThat(Long.parseLong(id)).isPositive();
    }

    @Test
    void keepsAnExplicitArtifactLocation() {
        String id = tracking.createExperiment("explicit", "mlflow-artifacts:/team-a/explicit", List.of());
        assertThat(tracking.getExperiment(id).artifactLocation()).isEqualTo("mlflow-artifacts:/team-a/explicit");
    }

    @Test
    void rejectsDuplicateExperimentNamesIncludingDeletedOnes() {
        String id = tracking.createExperiment("dup", null, List.of());
        assertError(() -> tracking.createExperiment("dup", null, List.of()), ErrorCode.RESOURCE_ALREADY_EXISTS, "dup");
        tracking.deleteExperiment(id);
        assertError(() -> tracking.createExperiment("dup", null, List.of()), ErrorCode.RESOURCE_ALREADY_EXISTS, "dup");
    }

    @Test
    void findsExperimentsByNameIncludingDeletedOnes() {
        String id = tracking.createExperiment("by-name", null, List.of());
        tracking.deleteExperiment(id);
        Experiment found = tracking.getExperimentByName("by-name");
        assertThat(found.experimentId()).isEqualTo(id);
        assertThat(found.lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertError(() -> tracking.getExperimentByName("nope"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "nope");
    }

    @Test
    void unknownExperimentIdsAreNotFound() {
        assertError(() -> tracking.getExperiment("987654"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "987654");
        assertError(() -> tracking.getExperiment("abc"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "abc");
        assertError(() -> tracking.getExperiment("../x"), ErrorCode.INVALID_PARAMETER_VALUE, "experiment_id");
    }

    @Test
    void renamesExperimentsButNotOntoATakenName() {
        String a = tracking.createExperiment("a", null, List.of());
        tracking.createExperiment("b", null, List.of());
        tracking.renameExperiment(a, "a2");
        assertThat(tracking.getExperiment(a).name()).isEqualTo("a2");
        assertError(() -> tracking.renameExperiment(a, "b"), ErrorCode.RESOURCE_ALREADY_EXISTS, "b");
        tracking.renameExperiment(a, "a2"); // renaming to its own name is a no-op
    }

    @Test
    void deletingAnExperimentDeletesItsRunsAndRestoringBringsThemBack() {
        String id = tracking.createExperiment("lifecycle", null, List.of());
        Run run = createRun(id, "r");
        tracking.deleteExperiment(id);
        assertThat(tracking.getRun(run.info().runId()).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertError(() -> createRun(id, "r2"), ErrorCode.INVALID_PARAMETER_VALUE, "active");
        tracking.restoreExperiment(id);
        assertThat(tracking.getRun(run.info().runId()).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    }

    @Test
    void theDefaultExperimentCannotBeDeleted() {
        assertError(() -> tracking.deleteExperiment("0"), ErrorCode.INVALID_PARAMETER_VALUE, "default experiment");
    }

    @Test
    void setsAndOverwritesExperimentTags() {
        String id = tracking.createExperiment("tagged", null, List.of());
        tracking.setExperimentTag(id, "k", "v1");
        tracking.setExperimentTag(id, "k", "v2");
        tracking.setExperimentTag(id, "other", "");
        assertThat(tracking.getExperiment(id).tags()).containsExactly(new ExperimentTag("k", "v2"), new ExperimentTag("other", ""));
    }

    @Test
    void searchesExperimentsByNameTagAndLifecycleWithPaging() {
        for (int i = 0; i < 5; i++) {
            String id = tracking.createExperiment("search-" + i, null, List.of());
            tracking.setExperimentTag(id, "parity", i % 2 == 0 ? "even" : "odd");
        }
        String deleted = tracking.createExperiment("search-deleted", null, List.of());
        tracking.deleteExperiment(deleted);

        assertThat(names(tracking.searchExperiments("name LIKE 'search-%'", null, null, List.of("name ASC"), null)))
                .containsExactly("search-0", "search-1", "search-2", "search-3", "search-4");
        assertThat(names(tracking.searchExperiments("tags.parity = 'odd'", null, null, List.of("name DESC"), null)))
                .containsExactly("search-3", "search-1");
        assertThat(names(tracking.searchExperiments("name ILIKE 'SEARCH-%'", ViewType.DELETED_ONLY, null, List.of(), null)))
                .containsExactly("search-deleted");
        assertThat(names(tracking.searchExperiments("name LIKE 'SEARCH-%'", ViewType.ALL, null, List.of(), null))).isEmpty();

        Page<Experiment> first = tracking.searchExperiments("name LIKE 'search-%'", ViewType.ALL, 4L, List.of("name ASC"), null);
        assertThat(names(first)).containsExactly("search-0", "search-1", "search-2", "search-3");
        Page<Experiment> second = tracking.searchExperiments("name LIKE 'search-%'", ViewType.ALL, 4L, List.of("name ASC"),
                first.nextPageToken());
        assertThat(names(second)).containsExactly("search-4", "search-deleted");
        assertThat(second.nextPageToken()).isNull();
    }

    @Test
    void rejectsBadExperimentSearches() {
        assertError(() -> tracking.searchExperiments("attributes.name = 'x'", null, null, null, null),
                ErrorCode.INVALID_PARAMETER_VALUE, "attributes");
        assertError(() -> tracking.searchExperiments(null, null, 0L, null, null), ErrorCode.INVALID_PARAMETER_VALUE, "max_results");
        assertError(() -> tracking.searchExperiments(null, null, null, null, "not-a-token"), ErrorCode.INVALID_PARAMETER_VALUE, "page token");
        assertError(() -> tracking.searchExperiments(null, null, null, List.of("name SIDEWAYS"), null),
                ErrorCode.INVALID_PARAMETER_VALUE, "SIDEWAYS");
    }

    // ---- runs ----

    @Test
    void createsRunsWithMlflowDefaults() {
        Run run = tracking.createRun(null, "alice", null, null, List.of(new RunTag("team", "risk")));
        RunInfo info = run.info();
        assertThat(info.experimentId()).isEqualTo("0");
        assertThat(info.runId()).matches("[0-9a-f]{32}").isEqualTo(info.runUuid());
        assertThat(info.runName()).matches("[a-z]+-[a-z]+-\\d+");
        assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(info.endTime()).isNull();
        assertThat(info.artifactUri()).isEqualTo("mlflow-artifacts:/0/" + info.runId() + "/artifacts");
        assertThat(run.data().tags()).contains(new RunTag(MlflowTags.RUN_NAME, info.runName()), new RunTag("team", "risk"));
        assertThat(tracking.getRun(info.runId())).isEqualTo(run);
    }

    @Test
    void takesTheRunNameFromTheTagAndRejectsAConflict() {
        Run run = tracking.createRun("0", null, null, 5L, List.of(new RunTag(MlflowTags.RUN_NAME, "from-tag")));
        assertThat(run.info().runName()).isEqualTo("from-tag");
        assertThat(run.info().startTime()).isEqualTo(5L);
        assertError(() -> tracking.createRun("0", null, "a", null, List.of(new RunTag(MlflowTags.RUN_NAME, "b"))),
                ErrorCode.INVALID_PARAMETER_VALUE, "run_name");
    }

    @Test
    void unknownRunsAreNotFound() {
        String missing = "0123456789abcdef0123456789abcdef";
        assertError(() -> tracking.getRun(missing), ErrorCode.RESOURCE_DOES_NOT_EXIST, missing);
        assertError(() -> tracking.logMetric(missing, new Metric("m", 1, 1, 0)), ErrorCode.RESOURCE_DOES_NOT_EXIST, missing);
        assertError(() -> tracking.deleteRun(missing), ErrorCode.RESOURCE_DOES_NOT_EXIST, missing);
        assertError(() -> tracking.getRun("bad id!"), ErrorCode.INVALID_PARAMETER_VALUE, "run_id");
    }

    @Test
    void updatesStatusEndTimeAndName() {
        Run run = createRun("0", "before");
        RunInfo updated = tracking.updateRun(run.info().runId(), RunStatus.FINISHED, 99L, "after");
        assertThat(updated.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(updated.endTime()).isEqualTo(99L);
        Run reread = tracking.getRun(run.info().runId());
        assertThat(reread.info()).isEqualTo(updated);
        assertThat(reread.data().tags()).contains(new RunTag(MlflowTags.RUN_NAME, "after"));
    }

    @Test
    void settingTheRunNameTagRenamesTheRun() {
        Run run = createRun("0", "old");
        tracking.setTag(run.info().runId(), new RunTag(MlflowTags.RUN_NAME, "new"));
        assertThat(tracking.getRun(run.info().runId()).info().runName()).isEqualTo("new");
    }

    @Test
    void logsMetricsParamsAndTagsAndKeepsTheLatestMetric() {
        String runId = createRun("0", "logs").info().runId();
        tracking.logBatch(runId,
                List.of(new Metric("loss", 0.9, 100, 0), new Metric("loss", 0.5, 200, 1), new Metric("loss", 0.7, 150, 1),
                        new Metric("acc", 0.8, 100, 3)),
                List.of(new Param("lr", "0.1"), new Param("depth", "6")),
                List.of(new RunTag("stage", "dev")));
        tracking.logMetric(runId, new Metric("loss", 0.1, 50, 0)); // older step: not the latest
        Run run = tracking.getRun(runId);
        assertThat(run.data().metrics()).containsExactly(new Metric("acc", 0.8, 100, 3), new Metric("loss", 0.5, 200, 1));
        assertThat(run.data().params()).containsExactly(new Param("depth", "6"), new Param("lr", "0.1"));
        assertThat(run.data().tags()).contains(new RunTag("stage", "dev"));
    }

    @Test
    void paramsAreImmutableAndAFailingBatchLeavesNothing() {
        String runId = createRun("0", "params").info().runId();
        tracking.logParam(runId, new Param("lr", "0.1"));
        tracking.logParam(runId, new Param("lr", "0.1")); // same value: a no-op
        assertError(() -> tracking.logBatch(runId, List.of(new Metric("m", 1, 1, 0)),
                        List.of(new Param("new", "x"), new Param("lr", "0.2")), List.of(new RunTag("t", "v"))),
                ErrorCode.INVALID_PARAMETER_VALUE, "Changing param values is not allowed");
        Run run = tracking.getRun(runId);
        assertThat(run.data().params()).containsExactly(new Param("lr", "0.1"));
        assertThat(run.data().metrics()).isEmpty();
        assertThat(run.data().tags()).noneMatch(t -> t.key().equals("t"));
        assertThat(tracking.getMetricHistory(runId, "m", null, null).items()).isEmpty();
    }

    @Test
    void replayingABatchChangesNothing() {
        String runId = createRun("0", "replay").info().runId();
        List<Metric> metrics = IntStream.range(0, 100).mapToObj(i -> new Metric("m", i * 0.5, 1000 + i, i)).toList();
        for (int attempt = 0; attempt < 3; attempt++) {
            tracking.logBatch(runId, metrics, List.of(new Param("p", "1")), List.of(new RunTag("t", "1")));
        }
        assertThat(tracking.getMetricHistory(runId, "m", null, null).items()).containsExactlyElementsOf(metrics);
    }

    @Test
    void deletedRunsRejectWritesUntilRestored() {
        String runId = createRun("0", "deleted").info().runId();
        tracking.deleteRun(runId);
        assertThat(tracking.getRun(runId).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertError(() -> tracking.logMetric(runId, new Metric("m", 1, 1, 0)), ErrorCode.INVALID_PARAMETER_VALUE, "active");
        assertError(() -> tracking.updateRun(runId, RunStatus.FINISHED, null, null), ErrorCode.INVALID_PARAMETER_VALUE, "active");
        tracking.restoreRun(runId);
        tracking.logMetric(runId, new Metric("m", 1, 1, 0));
    }

    @Test
    void deletesTagsAndReportsAMissingOne() {
        String runId = createRun("0", "tags").info().runId();
        tracking.setTag(runId, new RunTag("k", "v"));
        tracking.deleteTag(runId, "k");
        assertThat(tracking.getRun(runId).data().tags()).noneMatch(t -> t.key().equals("k"));
        assertError(() -> tracking.deleteTag(runId, "k"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "k");
    }

    @Test
    void keepsNanAndInfinities() {
        String runId = createRun("0", "nan").info().runId();
        tracking.logBatch(runId, List.of(new Metric("x", Double.NaN, 1, 0), new Metric("x", Double.POSITIVE_INFINITY, 1, 1),
                new Metric("x", Double.NEGATIVE_INFINITY, 1, 2), new Metric("y", Double.NaN, 1, 0)), List.of(), List.of());
        assertThat(tracking.getMetricHistory(runId, "x", null, null).items()).extracting(Metric::value)
                .containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        assertThat(tracking.getRun(runId).data().metrics()).extracting(Metric::key, Metric::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("x", Double.NEGATIVE_INFINITY), org.assertj.core.groups.Tuple.tuple("y", Double.NaN));
    }

    @Test
    void pagesThroughMetricHistoryInOrder() {
        String runId = createRun("0", "history").info().runId();
        List<Metric> points = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            points.add(new Metric("loss", 1.0 / (i + 1), 10_000 + i, i / 2)); // two points per step
        }
        for (int i = 0; i < points.size(); i += 1000) {
            tracking.logBatch(runId, points.subList(i, Math.min(points.size(), i + 1000)), List.of(), List.of());
        }
        List<Metric> read = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<Metric> page = tracking.getMetricHistory(runId, "loss", 1000, token);
            read.addAll(page.items());
            token = page.nextPageToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(read).containsExactlyElementsOf(points);
        assertError(() -> tracking.getMetricHistory(runId, "loss", 10, "bogus"), ErrorCode.INVALID_PARAMETER_VALUE, "page token");
    }

    @Test
    void recordsDatasetInputsOncePerExperiment() {
        String runId = createRun("0", "inputs").info().runId();
        DatasetInput input = new DatasetInput(List.of(new InputTag(DatasetInput.CONTEXT_TAG, "training")),
                new Dataset("transactions", "abc123", "local", "{\"uri\":\"data.csv\"}", "{}", null));
        tracking.logInputs(runId, List.of(input));
        tracking.logInputs(runId, List.of(input));
        Run run = tracking.getRun(runId);
        assertThat(run.inputs().datasetInputs()).containsExactly(input);
        assertThat(runNames(tracking.searchRuns(List.of("0"), "dataset.name = 'transactions' AND dataset.context = 'training'",
                null, null, null, null))).containsExactly("inputs");
        assertThat(runNames(tracking.searchRuns(List.of("0"), "dataset.context = 'eval'", null, null, null, null))).isEmpty();
    }

    @Test
    void findsTheRunsThatUsedADatasetInEveryExperimentNewestFirst() {
        String other = tracking.createExperiment("other-team", null, List.of());
        String march = runAt("0", "march", 100).info().runId();
        String april = runAt(other, "april", 200).info().runId();
        String unrelated = runAt("0", "unrelated", 300).info().runId();
        tracking.logInputs(march, List.of(datasetInput("transactions", "d1", "training"), datasetInput("holdout", "h1", "eval")));
        tracking.logInputs(april, List.of(datasetInput("transactions", "d2", "training")));
        tracking.logInputs(unrelated, List.of(datasetInput("clicks", "c1", "training")));

        assertThat(tracking.runIdsWithDataset("transactions", null)).containsExactly(april, march);
        assertThat(tracking.runIdsWithDataset("transactions", "")).containsExactly(april, march);
        assertThat(tracking.runIdsWithDataset("transactions", "d1")).containsExactly(march);
        assertThat(tracking.runIdsWithDataset("holdout", "h1")).containsExactly(march);
        assertThat(tracking.runIdsWithDataset("transactions", "d9")).isEmpty();
        assertThat(tracking.runIdsWithDataset("nobody-used-this", null)).isEmpty();
    }

    @Test
    void listsARunThatUsedSeveralDigestsOfADatasetOnceAndKeepsDeletedRuns() {
        String runId = runAt("0", "both", 100).info().runId();
        tracking.logInputs(runId, List.of(datasetInput("transactions", "d1", "training"), datasetInput("transactions", "d2", "eval")));
        tracking.deleteRun(runId);

        assertThat(tracking.runIdsWithDataset("transactions", null)).containsExactly(runId);
    }

    @Test
    void requiresADatasetNameToFindRuns() {
        assertError(() -> tracking.runIdsWithDataset("", null), ErrorCode.INVALID_PARAMETER_VALUE, "'name'");
    }

    // ---- search ----

    @Test
    void searchesRunsWithTheFullFilterGrammar() {
        String exp = tracking.createExperiment("grammar", null, List.of());
        Run a = runWith(exp, "alpha", 300, 0.91, "0.1", "prod");
        Run b = runWith(exp, "beta", 200, 0.75, "0.01", "dev");
        Run c = runWith(exp, "gamma", 100, null, "0.1", "Dev.2");
        tracking.updateRun(c.info().runId(), RunStatus.FAILED, 400L, null);

        assertThat(search(exp, "metrics.acc > 0.8")).containsExactly("alpha");
        assertThat(search(exp, "metrics.acc >= 0.75 AND metrics.acc <= 0.75")).containsExactly("beta");
        assertThat(search(exp, "metrics.acc != 0.91")).containsExactly("beta");
        assertThat(search(exp, "params.lr = '0.1'")).containsExactly("alpha", "gamma");
        assertThat(search(exp, "params.lr != '0.1'")).containsExactly("beta");
        assertThat(search(exp, "tags.env LIKE 'de%'")).containsExactly("beta");
        assertThat(search(exp, "tags.env ILIKE 'de%'")).containsExactly("beta", "gamma");
        assertThat(search(exp, "tags.env LIKE '%.2'")).containsExactly("gamma");
        assertThat(search(exp, "tags.`env` LIKE 'D_v%'")).containsExactly("gamma");
        assertThat(search(exp, "tags.mlflow.runName = 'beta'")).containsExactly("beta");
        assertThat(search(exp, "attributes.status = 'FAILED'")).containsExactly("gamma");
        assertThat(search(exp, "run_name LIKE '%a'")).containsExactly("alpha", "beta", "gamma");
        assertThat(search(exp, "attributes.start_time < 250")).containsExactly("beta", "gamma");
        assertThat(search(exp, "created >= 300")).containsExactly("alpha");
        assertThat(search(exp, "attributes.end_time = 400")).containsExactly("gamma");
        assertThat(search(exp, "attributes.run_id IN ('" + a.info().runId() + "', '" + b.info().runId() + "')"))
                .containsExactly("alpha", "beta");
        assertThat(search(exp, "attributes.run_id NOT IN ('" + a.info().runId() + "')")).containsExactly("beta", "gamma");
        assertThat(search(exp, "params.lr = '0.1' and metrics.acc > 0.5 AND tags.env = 'prod'")).containsExactly("alpha");
        assertThat(search(exp, "metrics.missing > 0")).isEmpty();
    }

    @Test
    void ordersRunsByMetricsParamsTagsAndAttributesWithMissingValuesLast() {
        String exp = tracking.createExperiment("order", null, List.of());
        runWith(exp, "low", 100, 0.1, "b", "x");
        runWith(exp, "high", 200, 0.9, "a", "y");
        runWith(exp, "none", 300, null, "c", null);

        assertThat(order(exp, "metrics.acc DESC")).containsExactly("high", "low", "none");
        assertThat(order(exp, "metrics.acc ASC")).containsExactly("low", "high", "none");
        assertThat(order(exp, "params.lr")).containsExactly("high", "low", "none");
        assertThat(order(exp, "tags.env DESC")).containsExactly("high", "low", "none");
        assertThat(order(exp, "attributes.start_time ASC")).containsExactly("low", "high", "none");
        assertThat(runNames(tracking.searchRuns(List.of(exp), null, null, null, List.of(), null)))
                .containsExactly("none", "high", "low"); // default: newest first
        assertThat(runNames(tracking.searchRuns(List.of(exp), "metrics.acc > 0", null, null, List.of("metrics.acc DESC"), null)))
                .containsExactly("high", "low");
    }

    @Test
    void pagesThroughRunsAndHonoursTheViewType() {
        String exp = tracking.createExperiment("paging", null, List.of());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            expected.add(0, "run-" + i);
            tracking.createRun(exp, null, "run-" + i, 1000L + i, List.of());
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            Page<Run> page = tracking.searchRuns(List.of(exp), null, null, 3, null, token);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
            seen.addAll(runNames(page));
            token = page.nextPageToken();
        } while (token != null);
        assertThat(seen).containsExactlyElementsOf(expected);

        String deletedId = tracking.searchRuns(List.of(exp), "run_name = 'run-3'", null, null, null, null).items().get(0).info().runId();
        tracking.deleteRun(deletedId);
        assertThat(runNames(tracking.searchRuns(List.of(exp), null, ViewType.DELETED_ONLY, null, null, null))).containsExactly("run-3");
        assertThat(runNames(tracking.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, null, null, null))).hasSize(6);
        assertThat(runNames(tracking.searchRuns(List.of(exp), null, ViewType.ALL, null, null, null))).hasSize(7);
        assertThat(tracking.searchRuns(List.of("424242"), null, null, null, null, null).items()).isEmpty();
    }

    @Test
    void rejectsBadRunSearches() {
        assertError(() -> search("0", "metrics.acc > 'high'"), ErrorCode.INVALID_PARAMETER_VALUE, "numeric");
        assertError(() -> search("0", "params.lr = 0.1"), ErrorCode.INVALID_PARAMETER_VALUE, "quoted");
        assertError(() -> search("0", "metrics.a > 1 OR metrics.b > 1"), ErrorCode.INVALID_PARAMETER_VALUE, "Invalid clause");
        assertError(() -> search("0", "(metrics.a > 1)"), ErrorCode.INVALID_PARAMETER_VALUE, "filter");
        assertError(() -> search("0", "weird.key = 'x'"), ErrorCode.INVALID_PARAMETER_VALUE, "weird");
        assertError(() -> search("0", "attributes.color = 'red'"), ErrorCode.INVALID_PARAMETER_VALUE, "color");
        assertError(() -> search("0", "params.lr IN ('a')"), ErrorCode.INVALID_PARAMETER_VALUE, "IN");
        assertError(() -> search("0", "tags.x = 'unterminated"), ErrorCode.INVALID_PARAMETER_VALUE, "never closed");
        assertError(() -> tracking.searchRuns(List.of("0"), null, null, 50_001, null, null), ErrorCode.INVALID_PARAMETER_VALUE, "max_results");
        assertError(() -> tracking.searchRuns(List.of("0"), null, null, null, List.of("metrics.acc UP"), null),
                ErrorCode.INVALID_PARAMETER_VALUE, "UP");
    }

    // ---- concurrency ----

    @Test
    void concurrentBatchesLoseNothing() throws Exception {
        String runId = createRun("0", "concurrent").info().runId();
        int threads = 4;
        int batchesPerThread = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int b = 0; b < batchesPerThread; b++) {
                        int base = (thread * batchesPerThread + b) * 100;
                        List<Metric> batch = IntStream.range(0, 100).mapToObj(i -> new Metric("m", base + i, 1, base + i)).toList();
                        tracking.logBatch(runId, batch, List.of(new Param("p" + thread, "v")), List.of(new RunTag("t", "x")));
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        int total = threads * batchesPerThread * 100;
        assertThat(tracking.getMetricHistory(runId, "m", null, null).items()).hasSize(total);
        assertThat(tracking.getRun(runId).data().metrics()).containsExactly(new Metric("m", total - 1, 1, total - 1));
        assertThat(tracking.getRun(runId).data().params()).hasSize(threads);
    }

    // ---- helpers ----

    private Run runAt(String experimentId, String name, long startTime) {
        return tracking.createRun(experimentId, null, name, startTime, List.of());
    }

    private static DatasetInput datasetInput(String name, String digest, String context) {
        return new DatasetInput(List.of(new InputTag(DatasetInput.CONTEXT_TAG, context)),
                new Dataset(name, digest, "s3", "{\"uri\": \"s3://data/" + name + "\"}", null, null));
    }

    private Run createRun(String experimentId, String name) {
        return tracking.createRun(experimentId, null, name, null, List.of());
    }

    private Run runWith(String experimentId, String name, long startTime, Double acc, String lr, String env) {
        Run run = tracking.createRun(experimentId, "tester", name, startTime, List.of());
        List<RunTag> tags = env == null ? List.of() : List.of(new RunTag("env", env));
        List<Metric> metrics = acc == null ? List.of() : List.of(new Metric("acc", acc, startTime, 0));
        tracking.logBatch(run.info().runId(), metrics, List.of(new Param("lr", lr)), tags);
        return run;
    }

    /** Names of the runs a filter matches, ordered by name. */
    private List<String> search(String experimentId, String filter) {
        return runNames(tracking.searchRuns(List.of(experimentId), filter, null, null, List.of("attributes.run_name ASC"), null));
    }

    private List<String> order(String experimentId, String orderBy) {
        return runNames(tracking.searchRuns(List.of(experimentId), null, null, null, List.of(orderBy), null));
    }

    private static List<String> runNames(Page<Run> page) {
        return page.items().stream().map(r -> r.info().runName()).toList();
    }

    private static List<String> names(Page<Experiment> page) {
        return page.items().stream().map(Experiment::name).toList();
    }

    protected static void assertError(ThrowingCallable call, ErrorCode code, String messagePart) {
        assertThatThrownBy(call)
                .isInstanceOf(SlipwayException.class)
                .satisfies(e -> assertThat(((SlipwayException) e).errorCode()).isEqualTo(code))
                .hasMessageContaining(messagePart);
    }
}
