package io.slipway.store.jdbc;

import static io.slipway.store.jdbc.AbstractTrackingStoreContractTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.slipway.core.ErrorCode;
import io.slipway.core.Page;
import io.slipway.core.SlipwayException;
import io.slipway.core.registry.AliasEvent;
import io.slipway.core.registry.ModelAlias;
import io.slipway.core.registry.ModelDescriptors;
import io.slipway.core.registry.ModelStage;
import io.slipway.core.registry.ModelVersion;
import io.slipway.core.registry.ModelVersionStatus;
import io.slipway.core.registry.RegisteredModel;
import io.slipway.core.registry.NewModelVersion;
import io.slipway.core.registry.RegistryService;
import io.slipway.core.registry.RegistryStore;
import io.slipway.core.registry.RegistryTag;
import io.slipway.core.tracking.Run;
import io.slipway.core.tracking.TrackingService;
import io.slipway.store.testing.TickingClock;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The model registry every metadata backend must provide, written once and run against each
 * (SQLite, PostgreSQL). It drives the store through {@link RegistryService}, as the server does,
 * with runs made by a {@link TrackingService} on the same database.
 */
public abstract class AbstractRegistryStoreContractTest {
    protected static final String ROOT = "mlflow-artifacts:/";
    private static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final String ACTOR = "ann";

    private Database database;
    protected TrackingService tracking;
    protected RegistryStore store;
    protected RegistryService registry;

    /** A database with an up-to-date, empty schema. */
    protected abstract Database openDatabase();

    protected void closeDatabase(Database database) {
        database.close();
    }

    @BeforeEach
    void setUp() {
        database = openDatabase();
        Clock clock = new TickingClock(START);
        tracking = new TrackingService(new JdbcTrackingStore(database), ROOT, clock);
        store = new JdbcRegistryStore(database);
        registry = new RegistryService(store, tracking, ModelDescriptors.NONE, Set.of(), clock);
    }

    @AfterEach
    void tearDown() {
        closeDatabase(database);
    }

    // ---- registered models ----

    @Test
    void createsAndReadsARegisteredModel() {
        RegisteredModel created = registry.createRegisteredModel("fraud", "catches fraud", List.of(new RegistryTag("team", "risk")), "ann");
        RegisteredModel read = registry.getRegisteredModel("fraud");
        assertThat(read).isEqualTo(created);
        assertThat(read.name()).isEqualTo("fraud");
        assertThat(read.description()).isEqualTo("catches fraud");
        assertThat(read.userId()).isEqualTo("ann");
        assertThat(read.tags()).containsExactly(new RegistryTag("team", "risk"));
        assertThat(read.creationTimestamp()).isGreaterThanOrEqualTo(START).isEqualTo(read.lastUpdatedTimestamp());
        assertThat(read.latestVersions()).isEmpty();
        assertThat(read.aliases()).isEmpty();
    }

    @Test
    void rejectsADuplicateModelName() {
        createModel("twice");
        assertError(() -> createModel("twice"), ErrorCode.RESOURCE_ALREADY_EXISTS, "twice");
    }

    @Test
    void unknownModelsAreNotFound() {
        assertError(() -> registry.getRegisteredModel("absent"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "absent");
        assertError(() -> registry.updateRegisteredModel("absent", "d"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "absent");
        assertError(() -> registry.renameRegisteredModel("absent", "other"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "absent");
        assertError(() -> registry.deleteRegisteredModel("absent"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "absent");
        assertError(() -> registry.setRegisteredModelTag("absent", "k", "v"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "absent");
        assertError(() -> registry.getLatestVersions("absent", null), ErrorCode.RESOURCE_DOES_NOT_EXIST, "absent");
        assertError(() -> createVersion("absent"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "absent");
    }

    @Test
    void rejectsInvalidModelNames() {
        assertError(() -> createModel(""), ErrorCode.INVALID_PARAMETER_VALUE, "Missing value for required parameter 'name'");
        assertError(() -> createModel(null), ErrorCode.INVALID_PARAMETER_VALUE, "Missing value for required parameter 'name'");
        assertError(() -> createModel("   "), ErrorCode.INVALID_PARAMETER_VALUE, "blank");
        assertError(() -> createModel("a/b"), ErrorCode.INVALID_PARAMETER_VALUE, "'/'");
        assertError(() -> createModel("a@b"), ErrorCode.INVALID_PARAMETER_VALUE, "'@'");
        assertError(() -> createModel("a\nb"), ErrorCode.INVALID_PARAMETER_VALUE, "control characters");
        assertError(() -> createModel("x".repeat(RegistryService.MAX_NAME_LENGTH + 1)), ErrorCode.INVALID_PARAMETER_VALUE, "at most");
    }

    @Test
    void renamingAModelTakesItsVersionsAlong() {
        createModel("old");
        createVersion("old");
        createVersion("old");
        RegisteredModel renamed = registry.renameRegisteredModel("old", "new");
        assertThat(renamed.name()).isEqualTo("new");
        assertThat(renamed.latestVersions()).extracting(ModelVersion::name).containsOnly("new");
        assertThat(registry.getModelVersion("new", "2").name()).isEqualTo("new");
        assertThat(versions(registry.searchModelVersions("name = 'new'", null, null, null))).containsExactly("new/2", "new/1");
        assertError(() -> registry.getRegisteredModel("old"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "old");
        assertError(() -> registry.getModelVersion("old", "1"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "old");
        assertThat(createVersion("new").version()).isEqualTo("3");
    }

    @Test
    void renamingOntoATakenNameIsRefused() {
        createModel("a");
        createModel("b");
        assertError(() -> registry.renameRegisteredModel("a", "b"), ErrorCode.RESOURCE_ALREADY_EXISTS, "b");
        assertThat(registry.getRegisteredModel("a").name()).isEqualTo("a");
    }

    @Test
    void renamingAModelToItsOwnNameChangesNothing() {
        createModel("same");
        createVersion("same");
        assertThat(registry.renameRegisteredModel("same", "same").latestVersions()).extracting(ModelVersion::version).containsExactly("1");
    }

    @Test
    void updatesTheDescriptionOfAModel() {
        RegisteredModel before = createModel("described");
        RegisteredModel updated = registry.updateRegisteredModel("described", "now with words");
        assertThat(updated.description()).isEqualTo("now with words");
        assertThat(updated.lastUpdatedTimestamp()).isGreaterThan(before.lastUpdatedTimestamp());
        assertThat(registry.getRegisteredModel("described")).isEqualTo(updated);
        assertThat(registry.updateRegisteredModel("described", null).description()).isEmpty();
    }

    @Test
    void deletingAModelDeletesItsVersionsTagsAndAliases() {
        registry.createRegisteredModel("doomed", null, List.of(new RegistryTag("k", "v")), null);
        createVersion("doomed");
        registry.setModelVersionTag("doomed", "1", "vk", "vv");
        registry.setAlias("doomed", "champion", "1", ACTOR);

        registry.deleteRegisteredModel("doomed");

        assertError(() -> registry.getRegisteredModel("doomed"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "doomed");
        assertError(() -> registry.getModelVersion("doomed", "1"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "doomed");
        assertThat(registry.searchModelVersions("name = 'doomed'", null, null, null).items()).isEmpty();
        RegisteredModel reborn = createModel("doomed");
        assertThat(reborn.tags()).isEmpty();
        assertThat(reborn.aliases()).isEmpty();
        assertThat(reborn.latestVersions()).isEmpty();
        ModelVersion first = createVersion("doomed");
        assertThat(first.version()).isEqualTo("1");
        assertThat(first.tags()).isEmpty();
        assertThat(first.aliases()).isEmpty();
    }

    // ---- model versions ----

    @Test
    void numbersVersionsOneTwoThreeForEachModel() {
        createModel("a");
        createModel("b");
        assertThat(List.of(createVersion("a"), createVersion("a"), createVersion("b"), createVersion("a")))
                .extracting(ModelVersion::version).containsExactly("1", "2", "1", "3");
    }

    @Test
    void neverReusesAVersionNumberAfterADelete() {
        createModel("m");
        createVersion("m");
        createVersion("m");
        createVersion("m");
        registry.deleteModelVersion("m", "3");
        registry.deleteModelVersion("m", "2");
        assertThat(createVersion("m").version()).isEqualTo("4");
        assertError(() -> registry.getModelVersion("m", "2"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "version=2");
    }

    @Test
    void createsAVersionWithItsFieldsAndReadsItBack() {
        createModel("m");
        ModelVersion created = registry.createModelVersion("m", "s3://models/m", null, List.of(new RegistryTag("k", "v")),
                "http://ci/42", "first cut", "ann");
        assertThat(created.name()).isEqualTo("m");
        assertThat(created.version()).isEqualTo("1");
        assertThat(created.source()).isEqualTo("s3://models/m");
        assertThat(created.runId()).isEmpty();
        assertThat(created.runLink()).isEqualTo("http://ci/42");
        assertThat(created.description()).isEqualTo("first cut");
        assertThat(created.userId()).isEqualTo("ann");
        assertThat(created.currentStage()).isEqualTo(ModelStage.NONE);
        assertThat(created.status()).isEqualTo(ModelVersionStatus.READY);
        assertThat(created.tags()).containsExactly(new RegistryTag("k", "v"));
        assertThat(created.aliases()).isEmpty();
        assertThat(created.creationTimestamp()).isEqualTo(created.lastUpdatedTimestamp());
        assertThat(registry.getModelVersion("m", "1")).isEqualTo(created);
    }

    @Test
    void creatingAVersionUpdatesTheModel() {
        RegisteredModel before = createModel("m");
        createVersion("m");
        assertThat(registry.getRegisteredModel("m").lastUpdatedTimestamp()).isGreaterThan(before.lastUpdatedTimestamp());
    }

    @Test
    void unknownVersionsAreNotFound() {
        createModel("m");
        createVersion("m");
        assertError(() -> registry.getModelVersion("m", "9"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "version=9");
        assertError(() -> registry.updateModelVersion("m", "9", "d"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "version=9");
        assertError(() -> registry.deleteModelVersion("m", "9"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "version=9");
        assertError(() -> registry.transitionStage("m", "9", "Staging", false), ErrorCode.RESOURCE_DOES_NOT_EXIST, "version=9");
        assertError(() -> registry.setModelVersionTag("m", "9", "k", "v"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "version=9");
        assertError(() -> registry.getDownloadUri("m", "9"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "version=9");
        assertError(() -> registry.getModelVersion("absent", "1"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "absent");
    }

    @Test
    void versionsMustBePositiveIntegers() {
        createModel("m");
        for (String bad : List.of("abc", "0", "-1", "1.5", "99999999999")) {
            assertError(() -> registry.getModelVersion("m", bad), ErrorCode.INVALID_PARAMETER_VALUE, "version");
        }
        assertError(() -> registry.getModelVersion("m", ""), ErrorCode.INVALID_PARAMETER_VALUE, "Missing value for required parameter 'version'");
    }

    @Test
    void updatesTheDescriptionOfAVersion() {
        createModel("m");
        ModelVersion before = createVersion("m");
        ModelVersion updated = registry.updateModelVersion("m", "1", "better");
        assertThat(updated.description()).isEqualTo("better");
        assertThat(updated.lastUpdatedTimestamp()).isGreaterThan(before.lastUpdatedTimestamp());
        assertThat(registry.getModelVersion("m", "1")).isEqualTo(updated);
    }

    @Test
    void deletingAVersionTwiceIsNotFound() {
        createModel("m");
        createVersion("m");
        registry.deleteModelVersion("m", "1");
        assertError(() -> registry.deleteModelVersion("m", "1"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "version=1");
        assertThat(registry.getRegisteredModel("m").latestVersions()).isEmpty();
    }

    // ---- sources ----

    @Test
    void resolvesARunsSourceToTheRunsArtifacts() {
        createModel("m");
        Run run = createRun();
        ModelVersion version = registry.createModelVersion("m", "runs:/" + runId(run) + "/model", null, List.of(), null, null, null);
        assertThat(version.source()).isEqualTo("runs:/" + runId(run) + "/model");
        assertThat(version.runId()).isEqualTo(runId(run));
        assertThat(version.storageLocation()).isEqualTo(run.info().artifactUri() + "/model");
        assertThat(registry.getDownloadUri("m", "1")).isEqualTo(run.info().artifactUri() + "/model");
    }

    @Test
    void aRunsSourceWithoutAPathIsTheRunsArtifactRoot() {
        createModel("m");
        Run run = createRun();
        registry.createModelVersion("m", "runs:/" + runId(run), null, List.of(), null, null, null);
        assertThat(registry.getDownloadUri("m", "1")).isEqualTo(run.info().artifactUri());
    }

    @Test
    void aRunsSourceAgreeingWithRunIdIsAccepted() {
        createModel("m");
        Run run = createRun();
        ModelVersion version = registry.createModelVersion("m", "runs:/" + runId(run) + "/model", runId(run), List.of(), null, null, null);
        assertThat(version.runId()).isEqualTo(runId(run));
    }

    @Test
    void aRunIdDisagreeingWithTheRunsSourceIsRefused() {
        createModel("m");
        Run run = createRun();
        Run other = createRun();
        assertError(() -> registry.createModelVersion("m", "runs:/" + runId(run) + "/model", runId(other), List.of(), null, null, null),
                ErrorCode.INVALID_PARAMETER_VALUE, runId(other));
    }

    @Test
    void aRunsSourceNamingAnUnknownRunIsNotFound() {
        createModel("m");
        String missing = "0123456789abcdef0123456789abcdef";
        assertError(() -> registry.createModelVersion("m", "runs:/" + missing + "/model", null, List.of(), null, null, null),
                ErrorCode.RESOURCE_DOES_NOT_EXIST, missing);
    }

    @Test
    void anUnknownRunIdIsNotFound() {
        createModel("m");
        String missing = "0123456789abcdef0123456789abcdef";
        assertError(() -> registry.createModelVersion("m", "s3://models/m", missing, List.of(), null, null, null),
                ErrorCode.RESOURCE_DOES_NOT_EXIST, missing);
    }

    @Test
    void acceptsAnArtifactsSourceInsideTheGivenRun() {
        createModel("m");
        Run run = createRun();
        String source = run.info().artifactUri() + "/model";
        ModelVersion version = registry.createModelVersion("m", source, runId(run), List.of(), null, null, null);
        assertThat(version.source()).isEqualTo(source);
        assertThat(version.runId()).isEqualTo(runId(run));
        assertThat(registry.getDownloadUri("m", "1")).isEqualTo(source);
    }

    @Test
    void refusesAnArtifactsSourceOutsideTheGivenRun() {
        createModel("m");
        Run run = createRun();
        Run other = createRun();
        for (String outside : List.of(other.info().artifactUri() + "/model", ROOT + "0", ROOT + "0/" + runId(run))) {
            assertError(() -> registry.createModelVersion("m", outside, runId(run), List.of(), null, null, null),
                    ErrorCode.INVALID_PARAMETER_VALUE, "not inside the artifacts of run");
        }
    }

    @Test
    void registersAVersionFromAnotherModelVersion() {
        createModel("source");
        Run run = createRun();
        registry.createModelVersion("source", "runs:/" + runId(run) + "/model", null, List.of(), null, null, null);
        registry.setAlias("source", "champion", "1", ACTOR);
        createModel("copy");
        ModelVersion byNumber = registry.createModelVersion("copy", "models:/source/1", null, List.of(), null, null, null);
        ModelVersion byAlias = registry.createModelVersion("copy", "models:/source@champion", null, List.of(), null, null, null);
        for (ModelVersion copied : List.of(byNumber, byAlias)) {
            assertThat(copied.storageLocation()).isEqualTo(run.info().artifactUri() + "/model");
            assertThat(copied.runId()).isEqualTo(runId(run));
        }
        assertThat(byNumber.source()).isEqualTo("models:/source/1");
        assertThat(registry.getDownloadUri("copy", "2")).isEqualTo(run.info().artifactUri() + "/model");
    }

    @Test
    void aModelsSourceNamingAMissingVersionIsNotFound() {
        createModel("m");
        assertError(() -> registry.createModelVersion("m", "models:/m/7", null, List.of(), null, null, null),
                ErrorCode.RESOURCE_DOES_NOT_EXIST, "version=7");
    }

    @Test
    void acceptsObjectStoreSources() {
        createModel("m");
        ModelVersion version = registry.createModelVersion("m", "s3://bucket/models/m", null, List.of(), null, null, null);
        assertThat(version.storageLocation()).isEqualTo("s3://bucket/models/m");
        assertThat(registry.getDownloadUri("m", "1")).isEqualTo("s3://bucket/models/m");
    }

    @Test
    void refusesLocalPathsAndFileUris() {
        createModel("m");
        Run run = createRun();
        for (String local : List.of("/tmp/model", "file:///tmp/model", "file:/tmp/model", "model", "./model", "C:\\models\\m")) {
            assertError(() -> registry.createModelVersion("m", local, runId(run), List.of(), null, null, null),
                    ErrorCode.INVALID_PARAMETER_VALUE, "local paths are not accepted");
        }
    }

    @Test
    void refusesSourcesWithParentSegments() {
        createModel("m");
        Run run = createRun();
        String root = run.info().artifactUri();
        List<String> sources = List.of("runs:/" + runId(run) + "/../../other", root + "/../../x", root + "/model/..",
                "s3://bucket/a/../b", "s3://bucket/a/..", "s3://bucket/a/%2e%2e/b", "s3://bucket/a/%252E%252E/b", "s3://bucket/a/..%2Fb");
        for (String source : sources) {
            assertError(() -> registry.createModelVersion("m", source, null, List.of(), null, null, null),
                    ErrorCode.INVALID_PARAMETER_VALUE, source);
        }
        assertThat(registry.getRegisteredModel("m").latestVersions()).isEmpty();
    }

    @Test
    void aSourceIsRequired() {
        createModel("m");
        assertError(() -> registry.createModelVersion("m", "", null, List.of(), null, null, null),
                ErrorCode.INVALID_PARAMETER_VALUE, "Missing value for required parameter 'source'");
    }

    // ---- aliases ----

    @Test
    void anAliasNamesAVersion() {
        createModel("m");
        createVersion("m");
        registry.setAlias("m", "champion", "1", ACTOR);
        ModelVersion champion = registry.getVersionByAlias("m", "champion");
        assertThat(champion.version()).isEqualTo("1");
        assertThat(champion.aliases()).containsExactly("champion");
        assertThat(registry.getModelVersion("m", "1").aliases()).containsExactly("champion");
        assertThat(registry.getRegisteredModel("m").aliases()).containsExactly(new ModelAlias("champion", "1"));
    }

    @Test
    void settingAnAliasAgainMovesItToTheNewVersion() {
        createModel("m");
        createVersion("m");
        createVersion("m");
        registry.setAlias("m", "champion", "1", ACTOR);
        registry.setAlias("m", "champion", "2", ACTOR);
        assertThat(registry.getVersionByAlias("m", "champion").version()).isEqualTo("2");
        assertThat(registry.getModelVersion("m", "1").aliases()).isEmpty();
        assertThat(registry.getRegisteredModel("m").aliases()).containsExactly(new ModelAlias("champion", "2"));
    }

    @Test
    void aVersionCanHaveSeveralAliases() {
        createModel("m");
        createVersion("m");
        registry.setAlias("m", "champion", "1", ACTOR);
        registry.setAlias("m", "Blue-Green_2", "1", ACTOR);
        assertThat(registry.getModelVersion("m", "1").aliases()).containsExactlyInAnyOrder("champion", "Blue-Green_2");
    }

    @Test
    void deletesAnAlias() {
        createModel("m");
        createVersion("m");
        registry.setAlias("m", "champion", "1", ACTOR);
        registry.deleteAlias("m", "champion", ACTOR);
        assertThat(registry.getRegisteredModel("m").aliases()).isEmpty();
        assertThat(registry.getModelVersion("m", "1").aliases()).isEmpty();
    }

    @Test
    void deletingAMissingAliasChangesNothing() {
        createModel("m");
        registry.deleteAlias("m", "never-set", ACTOR); // as MLflow: a repeated delete must not fail
        assertError(() -> registry.deleteAlias("absent", "champion", ACTOR), ErrorCode.RESOURCE_DOES_NOT_EXIST, "absent");
    }

    @Test
    void aMissingAliasIsAnInvalidParameter() {
        createModel("m");
        createVersion("m");
        assertError(() -> registry.getVersionByAlias("m", "champion"), ErrorCode.INVALID_PARAMETER_VALUE, "champion");
        assertError(() -> registry.getVersionByAlias("absent", "champion"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "absent");
    }

    @Test
    void reservedAliasesAreRefused() {
        createModel("m");
        createVersion("m");
        for (String reserved : List.of("latest", "LATEST", "Latest", "v3", "V3", "v1")) {
            assertError(() -> registry.setAlias("m", reserved, "1", ACTOR), ErrorCode.INVALID_PARAMETER_VALUE, "reserved");
        }
    }

    @Test
    void aliasesWithBadCharactersAreRefused() {
        createModel("m");
        createVersion("m");
        for (String bad : List.of("a b", "a/b", "a.b", "a@b", "x".repeat(256))) {
            assertError(() -> registry.setAlias("m", bad, "1", ACTOR), ErrorCode.INVALID_PARAMETER_VALUE, "alias");
        }
        assertError(() -> registry.setAlias("m", "", "1", ACTOR), ErrorCode.INVALID_PARAMETER_VALUE, "Missing value for required parameter 'alias'");
        registry.setAlias("m", "x".repeat(255), "1", ACTOR);
    }

    @Test
    void anAliasOnAMissingVersionIsNotFound() {
        createModel("m");
        createVersion("m");
        assertError(() -> registry.setAlias("m", "champion", "2", ACTOR), ErrorCode.RESOURCE_DOES_NOT_EXIST, "version=2");
        assertError(() -> registry.setAlias("absent", "champion", "1", ACTOR), ErrorCode.RESOURCE_DOES_NOT_EXIST, "absent");
    }

    @Test
    void deletingAVersionRemovesItsAliasesAndRecordsThatInTheHistory() {
        createModel("m");
        createVersion("m");
        createVersion("m");
        registry.setAlias("m", "champion", "2", ACTOR);
        registry.setAlias("m", "previous", "1", ACTOR);
        registry.deleteModelVersion("m", "2");
        assertThat(registry.getRegisteredModel("m").aliases()).containsExactly(new ModelAlias("previous", "1"));
        assertError(() -> registry.getVersionByAlias("m", "champion"), ErrorCode.INVALID_PARAMETER_VALUE, "champion");
        // the deletion names no actor
        assertThat(registry.aliasHistory("m")).extracting(AliasEvent::alias, AliasEvent::version, AliasEvent::previousVersion,
                AliasEvent::actor).endsWith(tuple("champion", "", "2", "")).hasSize(3);
    }

    // ---- alias history ----

    @Test
    void recordsWhoSetMovedAndDeletedAnAlias() {
        createModel("m");
        createVersion("m");
        createVersion("m");
        registry.setAlias("m", "champion", "1", "ann");
        registry.setAlias("m", "champion", "2", "bob");
        registry.deleteAlias("m", "champion", "cat");
        List<AliasEvent> history = registry.aliasHistory("m");
        assertThat(history).extracting(AliasEvent::alias, AliasEvent::version, AliasEvent::previousVersion, AliasEvent::actor,
                        AliasEvent::promotionId)
                .containsExactly(tuple("champion", "1", "", "ann", ""), tuple("champion", "2", "1", "bob", ""),
                        tuple("champion", "", "2", "cat", ""));
        assertThat(history).extracting(AliasEvent::timestamp).isSorted().doesNotHaveDuplicates();
        assertThat(history).extracting(AliasEvent::name).containsOnly("m");
    }

    @Test
    void deletingAnUnsetAliasRecordsNothing() {
        createModel("m");
        createVersion("m");
        registry.setAlias("m", "champion", "1", ACTOR);
        registry.deleteAlias("m", "champion", ACTOR);
        registry.deleteAlias("m", "champion", ACTOR);
        registry.deleteAlias("m", "never-set", ACTOR);
        assertThat(registry.aliasHistory("m")).extracting(AliasEvent::version).containsExactly("1", "");
    }

    @Test
    void aliasHistoryFollowsARenameAndGoesWithTheModel() {
        createModel("old");
        createVersion("old");
        registry.setAlias("old", "champion", "1", ACTOR);
        registry.renameRegisteredModel("old", "new");
        assertThat(registry.aliasHistory("new")).extracting(AliasEvent::name).containsExactly("new");
        registry.deleteRegisteredModel("new");
        createModel("new");
        assertThat(registry.aliasHistory("new")).isEmpty();
        assertError(() -> registry.aliasHistory("old"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "old");
    }

    // ---- MLmodel descriptors ----

    @Test
    void storesTheMlModelDescriptorOfAVersion() {
        createModel("m");
        String descriptor = "{\"artifact_path\": \"model\", \"flavors\": {\"sklearn\": {\"sklearn_version\": \"1.5.0\"}}}";
        store.createModelVersion(new NewModelVersion("m", "s3://models/m", "s3://models/m", null, null, null, null, List.of(),
                descriptor, START));
        assertThat(registry.getMlModel("m", "1")).isEqualTo(descriptor);
    }

    @Test
    void aVersionWithoutADescriptorHasNone() {
        createModel("m");
        createVersion("m");
        assertThat(store.getMlModel("m", 1)).isEmpty();
        assertError(() -> registry.getMlModel("m", "1"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "no MLmodel descriptor");
        assertThat(store.getMlModel("m", 2)).isEmpty();
    }

    // ---- stages ----

    @Test
    void transitionsStagesWhateverTheCaseOfTheInput() {
        createModel("m");
        createVersion("m");
        assertThat(registry.transitionStage("m", "1", "staging", null).currentStage()).isEqualTo(ModelStage.STAGING);
        assertThat(registry.transitionStage("m", "1", "PRODUCTION", false).currentStage()).isEqualTo(ModelStage.PRODUCTION);
        assertThat(registry.transitionStage("m", "1", "archived", false).currentStage()).isEqualTo(ModelStage.ARCHIVED);
        assertThat(registry.transitionStage("m", "1", "none", false).currentStage()).isEqualTo(ModelStage.NONE);
        assertThat(registry.getModelVersion("m", "1").currentStage()).isEqualTo(ModelStage.NONE);
    }

    @Test
    void refusesUnknownStages() {
        createModel("m");
        createVersion("m");
        assertError(() -> registry.transitionStage("m", "1", "Prod", false), ErrorCode.INVALID_PARAMETER_VALUE, "Prod");
        assertError(() -> registry.transitionStage("m", "1", "", false), ErrorCode.INVALID_PARAMETER_VALUE,
                "Missing value for required parameter 'stage'");
    }

    @Test
    void archivingExistingVersionsArchivesTheOthersInTheTargetStageOnly() {
        createModel("m");
        for (int i = 0; i < 4; i++) {
            createVersion("m");
        }
        registry.transitionStage("m", "1", "Production", false);
        registry.transitionStage("m", "2", "Production", false);
        registry.transitionStage("m", "3", "Staging", false);
        registry.transitionStage("m", "4", "Staging", false);

        registry.transitionStage("m", "3", "Production", true);

        assertThat(stages("m")).containsExactly(ModelStage.ARCHIVED, ModelStage.ARCHIVED, ModelStage.PRODUCTION, ModelStage.STAGING);
    }

    @Test
    void withoutArchivingOtherVersionsKeepTheirStage() {
        createModel("m");
        createVersion("m");
        createVersion("m");
        registry.transitionStage("m", "1", "Production", false);
        registry.transitionStage("m", "2", "Production", false);
        assertThat(stages("m")).containsExactly(ModelStage.PRODUCTION, ModelStage.PRODUCTION);
    }

    @Test
    void archivingIsOnlyAllowedForStagingAndProduction() {
        createModel("m");
        createVersion("m");
        assertError(() -> registry.transitionStage("m", "1", "Archived", true), ErrorCode.INVALID_PARAMETER_VALUE, "Staging and Production");
        assertError(() -> registry.transitionStage("m", "1", "None", true), ErrorCode.INVALID_PARAMETER_VALUE, "Staging and Production");
        assertThat(registry.transitionStage("m", "1", "Staging", true).currentStage()).isEqualTo(ModelStage.STAGING);
    }

    // ---- latest versions ----

    @Test
    void latestVersionsAreTheHighestVersionInEachStage() {
        createModelWithStages("m", "Production", "Staging", "Production", "None", "None", "Archived", "Staging", "Archived");
        assertThat(versionsOf(registry.getLatestVersions("m", null))).containsExactlyInAnyOrder("m/3", "m/5", "m/7", "m/8");
        assertThat(versionsOf(registry.getLatestVersions("m", List.of()))).containsExactlyInAnyOrder("m/3", "m/5", "m/7", "m/8");
    }

    @Test
    void latestVersionsOfTheGivenStagesOnly() {
        createModelWithStages("m", "Production", "Staging", "Production", "None");
        assertThat(versionsOf(registry.getLatestVersions("m", List.of("production")))).containsExactly("m/3");
        assertThat(versionsOf(registry.getLatestVersions("m", List.of("Staging", "NONE")))).containsExactlyInAnyOrder("m/2", "m/4");
        assertThat(registry.getLatestVersions("m", List.of("Archived"))).isEmpty();
        assertError(() -> registry.getLatestVersions("m", List.of("Live")), ErrorCode.INVALID_PARAMETER_VALUE, "Live");
    }

    @Test
    void aModelListsItsLatestVersionsAndAliases() {
        createModelWithStages("m", "Production", "Staging", "None", "None");
        registry.setAlias("m", "champion", "1", ACTOR);
        RegisteredModel model = registry.getRegisteredModel("m");
        assertThat(versionsOf(model.latestVersions())).containsExactlyInAnyOrder("m/1", "m/2", "m/4");
        assertThat(model.latestVersions()).filteredOn(v -> v.version().equals("1")).singleElement()
                .satisfies(v -> assertThat(v.aliases()).containsExactly("champion"));
        assertThat(model.aliases()).containsExactly(new ModelAlias("champion", "1"));
    }

    @Test
    void aModelWithoutVersionsHasNoLatestVersions() {
        createModel("empty");
        assertThat(registry.getLatestVersions("empty", null)).isEmpty();
    }

    // ---- tags ----

    @Test
    void setsOverwritesAndDeletesModelTags() {
        createModel("m");
        registry.setRegisteredModelTag("m", "k", "v1");
        registry.setRegisteredModelTag("m", "k", "v2");
        registry.setRegisteredModelTag("m", "other", null);
        assertThat(registry.getRegisteredModel("m").tags()).containsExactly(new RegistryTag("k", "v2"), new RegistryTag("other", ""));
        registry.deleteRegisteredModelTag("m", "k");
        assertThat(registry.getRegisteredModel("m").tags()).containsExactly(new RegistryTag("other", ""));
    }

    @Test
    void deletingAMissingModelTagIsNotFound() {
        createModel("m");
        assertError(() -> registry.deleteRegisteredModelTag("m", "k"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "k");
        assertError(() -> registry.deleteRegisteredModelTag("absent", "k"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "absent");
    }

    @Test
    void refusesInvalidModelTags() {
        createModel("m");
        for (String bad : List.of("../x", "/abs", "a?b", "x".repeat(251))) {
            assertError(() -> registry.setRegisteredModelTag("m", bad, "v"), ErrorCode.INVALID_PARAMETER_VALUE, "ag name");
            assertError(() -> registry.deleteRegisteredModelTag("m", bad), ErrorCode.INVALID_PARAMETER_VALUE, "ag name");
        }
        assertError(() -> registry.setRegisteredModelTag("m", "", "v"), ErrorCode.INVALID_PARAMETER_VALUE, "'key'");
        assertError(() -> registry.setRegisteredModelTag("m", "k", "x".repeat(5001)), ErrorCode.INVALID_PARAMETER_VALUE, "5000");
        assertThat(registry.getRegisteredModel("m").tags()).isEmpty();
    }

    @Test
    void aModelWithAnInvalidTagIsNotCreated() {
        assertError(() -> registry.createRegisteredModel("m", null, List.of(new RegistryTag("ok", "1"), new RegistryTag("../bad", "2")), null),
                ErrorCode.INVALID_PARAMETER_VALUE, "../bad");
        assertError(() -> registry.getRegisteredModel("m"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "m");
    }

    @Test
    void setsOverwritesAndDeletesVersionTags() {
        createModel("m");
        registry.createModelVersion("m", "s3://models/m", null, List.of(new RegistryTag("k", "v0")), null, null, null);
        registry.setModelVersionTag("m", "1", "k", "v1");
        registry.setModelVersionTag("m", "1", "other", "x");
        assertThat(registry.getModelVersion("m", "1").tags()).containsExactly(new RegistryTag("k", "v1"), new RegistryTag("other", "x"));
        registry.deleteModelVersionTag("m", "1", "k");
        assertThat(registry.getModelVersion("m", "1").tags()).containsExactly(new RegistryTag("other", "x"));
    }

    @Test
    void deletingAMissingVersionTagIsNotFound() {
        createModel("m");
        createVersion("m");
        assertError(() -> registry.deleteModelVersionTag("m", "1", "k"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "k");
        assertError(() -> registry.deleteModelVersionTag("m", "2", "k"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "version=2");
    }

    @Test
    void refusesInvalidVersionTags() {
        createModel("m");
        createVersion("m");
        for (String bad : List.of("../x", "/abs", "a?b", "x".repeat(251))) {
            assertError(() -> registry.setModelVersionTag("m", "1", bad, "v"), ErrorCode.INVALID_PARAMETER_VALUE, "ag name");
            assertError(() -> registry.deleteModelVersionTag("m", "1", bad), ErrorCode.INVALID_PARAMETER_VALUE, "ag name");
        }
        assertError(() -> registry.setModelVersionTag("m", "1", "k", "x".repeat(5001)), ErrorCode.INVALID_PARAMETER_VALUE, "5000");
        assertError(() -> registry.createModelVersion("m", "s3://models/m", null, List.of(new RegistryTag("a b?", "v")), null, null, null),
                ErrorCode.INVALID_PARAMETER_VALUE, "a b?");
        assertThat(registry.getModelVersion("m", "1").tags()).isEmpty();
        assertThat(registry.getLatestVersions("m", null)).extracting(ModelVersion::version).containsExactly("1");
    }

    // ---- searching registered models ----

    @Test
    void searchesModelsByName() {
        for (String name : List.of("fraud-a", "fraud-b", "Fraud-C", "churn")) {
            createModel(name);
        }
        // mixed case compared as sets: where upper case sorts depends on the PostgreSQL collation
        assertThat(modelNames("name LIKE 'fraud-%'")).containsExactly("fraud-a", "fraud-b");
        assertThat(modelNames("name ILIKE 'fraud-%'")).containsExactlyInAnyOrder("Fraud-C", "fraud-a", "fraud-b");
        assertThat(modelNames("name LIKE '%-_'")).containsExactlyInAnyOrder("Fraud-C", "fraud-a", "fraud-b");
        assertThat(modelNames("name = 'churn'")).containsExactly("churn");
        assertThat(modelNames("name != 'churn'")).containsExactlyInAnyOrder("Fraud-C", "fraud-a", "fraud-b");
        assertThat(modelNames("name != 'Fraud-C'")).containsExactly("churn", "fraud-a", "fraud-b");
    }

    @Test
    void searchesModelsByTag() {
        registry.createRegisteredModel("a", null, List.of(new RegistryTag("team", "risk")), null);
        registry.createRegisteredModel("b", null, List.of(new RegistryTag("team", "growth")), null);
        createModel("c");
        assertThat(modelNames("tags.team = 'risk'")).containsExactly("a");
        assertThat(modelNames("tags.team LIKE '%r%'")).containsExactly("a", "b");
        assertThat(modelNames("tags.team != 'risk'")).containsExactly("b");
        assertThat(modelNames("tags.`team` = 'risk' AND name = 'a'")).containsExactly("a");
    }

    @Test
    void ordersModelsByNameOrLastUpdate() {
        createModel("b");
        createModel("a");
        createModel("c");
        registry.updateRegisteredModel("b", "touched last");
        assertThat(modelNames(null, "name DESC")).containsExactly("c", "b", "a");
        assertThat(modelNames(null, "last_updated_timestamp DESC")).containsExactly("b", "c", "a");
        assertThat(modelNames(null, "creation_timestamp ASC")).containsExactly("b", "a", "c");
    }

    @Test
    void pagesThroughModels() {
        for (int i = 0; i < 7; i++) {
            createModel("page-" + i);
        }
        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            Page<RegisteredModel> page = registry.searchRegisteredModels("name LIKE 'page-%'", 3L, null, token);
            page.items().forEach(m -> seen.add(m.name()));
            pageSizes.add(page.items().size());
            token = page.nextPageToken();
        } while (token != null);
        assertThat(pageSizes).containsExactly(3, 3, 1);
        assertThat(seen).containsExactly("page-0", "page-1", "page-2", "page-3", "page-4", "page-5", "page-6");
    }

    @Test
    void limitsModelSearchesToAThousandResults() {
        for (int i = 0; i < 101; i++) {
            createModel(String.format("many-%03d", i));
        }
        Page<RegisteredModel> byDefault = registry.searchRegisteredModels(null, null, null, null);
        assertThat(byDefault.items()).hasSize(100);
        assertThat(byDefault.nextPageToken()).isNotNull();
        assertThat(registry.searchRegisteredModels(null, 1000L, null, null).items()).hasSize(101);
        assertThat(registry.searchRegisteredModels(null, 1L, null, null).items()).hasSize(1);
        assertError(() -> registry.searchRegisteredModels(null, 0L, null, null), ErrorCode.INVALID_PARAMETER_VALUE, "max_results");
        assertError(() -> registry.searchRegisteredModels(null, 1001L, null, null), ErrorCode.INVALID_PARAMETER_VALUE, "max_results");
    }

    @Test
    void rejectsBadModelSearches() {
        assertError(() -> registry.searchRegisteredModels("run_id = 'x'", null, null, null), ErrorCode.INVALID_PARAMETER_VALUE, "run_id");
        assertError(() -> registry.searchRegisteredModels("name = 'a' OR name = 'b'", null, null, null),
                ErrorCode.INVALID_PARAMETER_VALUE, "Invalid clause");
        assertError(() -> registry.searchRegisteredModels("name > 'a'", null, null, null), ErrorCode.INVALID_PARAMETER_VALUE, ">");
        assertError(() -> registry.searchRegisteredModels(null, null, List.of("tags.team"), null), ErrorCode.INVALID_PARAMETER_VALUE, "tag");
        assertError(() -> registry.searchRegisteredModels(null, null, List.of("name SIDEWAYS"), null),
                ErrorCode.INVALID_PARAMETER_VALUE, "SIDEWAYS");
        assertError(() -> registry.searchRegisteredModels(null, null, null, "not-a-token"), ErrorCode.INVALID_PARAMETER_VALUE, "page token");
    }

    // ---- searching model versions ----

    @Test
    void searchesVersionsByModelName() {
        createModel("a");
        createModel("b");
        createVersion("a");
        createVersion("b");
        createVersion("a");
        assertThat(versions(registry.searchModelVersions("name = 'a'", null, null, null))).containsExactly("a/2", "a/1");
        assertThat(versions(registry.searchModelVersions("name LIKE 'b%'", null, null, null))).containsExactly("b/1");
    }

    @Test
    void searchesVersionsByRunId() {
        createModel("m");
        Run first = createRun();
        Run second = createRun();
        Run third = createRun();
        for (Run run : List.of(first, second, third)) {
            registry.createModelVersion("m", "runs:/" + runId(run) + "/model", null, List.of(), null, null, null);
        }
        assertThat(versions(registry.searchModelVersions("run_id IN ('" + runId(first) + "', '" + runId(third) + "')", null, null, null)))
                .containsExactly("m/3", "m/1");
        assertThat(versions(registry.searchModelVersions("run_id = '" + runId(second) + "'", null, null, null))).containsExactly("m/2");
    }

    @Test
    void searchesVersionsByVersionNumber() {
        createModel("m");
        for (int i = 0; i < 3; i++) {
            createVersion("m");
        }
        assertThat(versions(registry.searchModelVersions("name = 'm' AND version_number > 1", null, null, null))).containsExactly("m/3", "m/2");
        assertThat(versions(registry.searchModelVersions("version_number = 2", null, null, null))).containsExactly("m/2");
    }

    @Test
    void searchesVersionsBySourcePath() {
        createModel("m");
        registry.createModelVersion("m", "s3://bucket/fraud/model", null, List.of(), null, null, null);
        registry.createModelVersion("m", "s3://bucket/churn/model", null, List.of(), null, null, null);
        assertThat(versions(registry.searchModelVersions("source_path LIKE '%fraud%'", null, null, null))).containsExactly("m/1");
        assertThat(versions(registry.searchModelVersions("source_path = 's3://bucket/churn/model'", null, null, null))).containsExactly("m/2");
    }

    @Test
    void searchesVersionsByTag() {
        createModel("m");
        registry.createModelVersion("m", "s3://models/m", null, List.of(new RegistryTag("validated", "yes")), null, null, null);
        createVersion("m");
        assertThat(versions(registry.searchModelVersions("tags.validated = 'yes'", null, null, null))).containsExactly("m/1");
        assertThat(versions(registry.searchModelVersions("tag.validated ILIKE 'Y%'", null, null, null))).containsExactly("m/1");
    }

    @Test
    void ordersVersionsByNameThenNewestFirstUnlessToldOtherwise() {
        createModel("b");
        createModel("a");
        createVersion("b");
        createVersion("a");
        createVersion("b");
        createVersion("a");
        assertThat(versions(registry.searchModelVersions(null, null, null, null))).containsExactly("a/2", "a/1", "b/2", "b/1");
        assertThat(versions(registry.searchModelVersions(null, null, List.of("version_number ASC"), null)))
                .containsExactly("a/1", "b/1", "a/2", "b/2");
        assertThat(versions(registry.searchModelVersions(null, null, List.of("creation_timestamp DESC"), null)))
                .containsExactly("a/2", "b/2", "a/1", "b/1");
    }

    @Test
    void pagesThroughVersions() {
        createModel("m");
        for (int i = 0; i < 5; i++) {
            createVersion("m");
        }
        Page<ModelVersion> first = registry.searchModelVersions("name = 'm'", 2L, List.of("version_number ASC"), null);
        Page<ModelVersion> second = registry.searchModelVersions("name = 'm'", 2L, List.of("version_number ASC"), first.nextPageToken());
        Page<ModelVersion> third = registry.searchModelVersions("name = 'm'", 2L, List.of("version_number ASC"), second.nextPageToken());
        assertThat(versions(first)).containsExactly("m/1", "m/2");
        assertThat(versions(second)).containsExactly("m/3", "m/4");
        assertThat(versions(third)).containsExactly("m/5");
        assertThat(third.nextPageToken()).isNull();
    }

    @Test
    void rejectsBadVersionSearches() {
        assertError(() -> registry.searchModelVersions("stage = 'x'", null, null, null), ErrorCode.INVALID_PARAMETER_VALUE, "stage");
        assertError(() -> registry.searchModelVersions("version_number > 'one'", null, null, null), ErrorCode.INVALID_PARAMETER_VALUE, "numeric");
        assertError(() -> registry.searchModelVersions("name IN ('a')", null, null, null), ErrorCode.INVALID_PARAMETER_VALUE, "IN");
        assertError(() -> registry.searchModelVersions(null, 0L, null, null), ErrorCode.INVALID_PARAMETER_VALUE, "max_results");
        assertError(() -> registry.searchModelVersions(null, 200_001L, null, null), ErrorCode.INVALID_PARAMETER_VALUE, "max_results");
        assertError(() -> registry.searchModelVersions(null, null, List.of("stage DESC"), null), ErrorCode.INVALID_PARAMETER_VALUE, "stage");
        assertError(() -> registry.searchModelVersions(null, null, null, "bogus"), ErrorCode.INVALID_PARAMETER_VALUE, "page token");
    }

    // ---- models:/ URIs ----

    @Test
    void resolvesAVersionUri() {
        createModel("m");
        createVersion("m");
        createVersion("m");
        assertThat(registry.resolve("models:/m/1").version()).isEqualTo("1");
        assertError(() -> registry.resolve("models:/m/3"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "version=3");
    }

    @Test
    void resolvesAnAliasUri() {
        createModel("m");
        createVersion("m");
        createVersion("m");
        registry.setAlias("m", "champion", "1", ACTOR);
        assertThat(registry.resolve("models:/m@champion").version()).isEqualTo("1");
        assertError(() -> registry.resolve("models:/m@missing"), ErrorCode.INVALID_PARAMETER_VALUE, "missing");
    }

    @Test
    void resolvesAStageUriToTheNewestVersionInThatStage() {
        createModelWithStages("m", "Production", "Production", "Staging");
        assertThat(registry.resolve("models:/m/Production").version()).isEqualTo("2");
        assertThat(registry.resolve("models:/m/staging").version()).isEqualTo("3");
        assertError(() -> registry.resolve("models:/m/Archived"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "Archived");
    }

    @Test
    void resolvesLatestToTheNewestVersion() {
        createModelWithStages("m", "Production", "None", "Archived", "Staging");
        registry.deleteModelVersion("m", "4");
        assertThat(registry.resolve("models:/m/latest").version()).isEqualTo("3");
        createModel("empty");
        assertError(() -> registry.resolve("models:/empty/latest"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "empty");
    }

    @Test
    void refusesMalformedModelUris() {
        createModel("m");
        createVersion("m");
        for (String bad : List.of("models:/", "models:/m", "models:/m/", "models:/m/1/2", "models:/m/Live", "models:/@champion",
                "models:/m@", "runs:/m/1", "m/1", "models:/m/-1", "models:/m/99999999999")) {
            assertError(() -> registry.resolve(bad), ErrorCode.INVALID_PARAMETER_VALUE, "");
        }
    }

    // ---- concurrency ----

    @Test
    void concurrentCreatesNumberVersionsWithoutGapsOrDuplicates() throws Exception {
        createModel("busy");
        int threads = 8;
        int perThread = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Integer> numbers = new ArrayList<>();
        try {
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    List<Integer> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(createVersion("busy").number());
                    }
                    return mine;
                }));
            }
            for (Future<List<Integer>> future : futures) {
                numbers.addAll(future.get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<Integer> expected = IntStream.rangeClosed(1, threads * perThread).boxed().toList();
        assertThat(numbers).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(registry.searchModelVersions("name = 'busy'", null, List.of("version_number ASC"), null).items())
                .extracting(ModelVersion::number).containsExactlyElementsOf(expected);
    }

    @Test
    void writesRacingTheDeletionOfTheirVersionFindItGoneRatherThanFail() throws Exception {
        createModel("racy");
        int versions = 40;
        for (int i = 0; i < versions; i++) {
            createVersion("racy");
        }
        List<Throwable> unexpected = raceAgainst(() -> {
            for (int v = 1; v <= versions; v++) {
                registry.deleteModelVersion("racy", Integer.toString(v));
            }
        }, thread -> {
            for (int v = 1; v <= versions; v++) {
                String version = Integer.toString(v);
                expectGoneAtWorst(() -> registry.setAlias("racy", "a" + thread, version, ACTOR));
                expectGoneAtWorst(() -> registry.setModelVersionTag("racy", version, "k", "v"));
                expectGoneAtWorst(() -> registry.transitionStage("racy", version, "Staging", true));
                expectGoneAtWorst(() -> registry.updateModelVersion("racy", version, "d"));
                expectGoneAtWorst(() -> registry.getModelVersion("racy", version));
            }
        });
        assertThat(unexpected).isEmpty();
        assertThat(registry.getRegisteredModel("racy").aliases()).isEmpty();
    }

    @Test
    void readsAndWritesRacingTheDeletionOfTheirModelFindItGoneRatherThanFail() throws Exception {
        int models = 30;
        for (int i = 0; i < models; i++) {
            createModel("gone-" + i);
            createVersion("gone-" + i);
        }
        List<Throwable> unexpected = raceAgainst(() -> {
            for (int i = 0; i < models; i++) {
                registry.deleteRegisteredModel("gone-" + i);
            }
        }, thread -> {
            for (int i = 0; i < models; i++) {
                String name = "gone-" + i;
                expectGoneAtWorst(() -> registry.getRegisteredModel(name));
                expectGoneAtWorst(() -> registry.searchRegisteredModels("name LIKE 'gone-%'", null, null, null));
                expectGoneAtWorst(() -> registry.searchModelVersions("name LIKE 'gone-%'", null, null, null));
                expectGoneAtWorst(() -> registry.setRegisteredModelTag(name, "t" + thread, "v"));
                expectGoneAtWorst(() -> registry.updateRegisteredModel(name, "d"));
                expectGoneAtWorst(() -> registry.setAlias(name, "a" + thread, "1", ACTOR));
                expectGoneAtWorst(() -> registry.createModelVersion(name, "s3://models/" + name, null, List.of(), null, null, null));
            }
        });
        assertThat(unexpected).isEmpty();
        assertThat(registry.searchRegisteredModels("name LIKE 'gone-%'", null, null, null).items()).isEmpty();
    }

    // ---- helpers ----

    /** Runs {@code deleter} beside a few threads of {@code others}; what any of them threw. */
    private static List<Throwable> raceAgainst(Runnable deleter, IntConsumer others) throws InterruptedException {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        List<Future<?>> futures = new ArrayList<>();
        futures.add(pool.submit(deleter));
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> others.accept(thread)));
        }
        List<Throwable> failures = new ArrayList<>();
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                failures.add(e.getCause());
            }
        }
        pool.shutdownNow();
        return failures;
    }

    /** The call succeeds, or finds what it names deleted: a 404, never a store failure. */
    private static void expectGoneAtWorst(Runnable call) {
        try {
            call.run();
        } catch (SlipwayException e) {
            boolean gone = e.errorCode() == ErrorCode.RESOURCE_DOES_NOT_EXIST;
            if (!gone) {
                throw e;
            }
        }
    }

    private RegisteredModel createModel(String name) {
        return registry.createRegisteredModel(name, null, List.of(), null);
    }

    private ModelVersion createVersion(String name) {
        return registry.createModelVersion(name, "s3://models/" + name, null, List.of(), null, null, null);
    }

    /** A model whose versions 1, 2, 3... are in the given stages. */
    private void createModelWithStages(String name, String... stages) {
        createModel(name);
        for (String stage : stages) {
            String version = createVersion(name).version();
            registry.transitionStage(name, version, stage, false);
        }
    }

    private List<ModelStage> stages(String name) {
        return registry.searchModelVersions("name = '" + name + "'", null, List.of("version_number ASC"), null).items().stream()
                .map(ModelVersion::currentStage).toList();
    }

    private Run createRun() {
        return tracking.createRun("0", null, null, null, List.of());
    }

    private static String runId(Run run) {
        return run.info().runId();
    }

    private List<String> modelNames(String filter, String... orderBy) {
        return registry.searchRegisteredModels(filter, null, List.of(orderBy), null).items().stream().map(RegisteredModel::name).toList();
    }

    private static List<String> versions(Page<ModelVersion> page) {
        return versionsOf(page.items());
    }

    private static List<String> versionsOf(List<ModelVersion> versions) {
        return versions.stream().map(v -> v.name() + "/" + v.version()).toList();
    }
}
