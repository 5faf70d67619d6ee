package io.slipway.store.jdbc;

import static io.slipway.store.jdbc.AbstractTrackingStoreContractTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.ErrorCode;
import io.slipway.core.identity.ApiToken;
import io.slipway.core.identity.IdentityService;
import io.slipway.core.identity.IdentityStore;
import io.slipway.core.identity.IdentityStore.TokenOwner;
import io.slipway.core.identity.IssuedToken;
import io.slipway.core.identity.Permission;
import io.slipway.core.identity.PermissionGrant;
import io.slipway.core.identity.Principal;
import io.slipway.core.identity.ResourceType;
import io.slipway.core.identity.User;
import io.slipway.store.testing.TickingClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Users, tokens and permission grants as every metadata backend must keep them, written once and
 * run against each (SQLite, PostgreSQL). It drives {@link IdentityStore} directly: the service
 * above it checks little that depends on stored state.
 */
public abstract class AbstractIdentityStoreContractTest {
    protected static final String ROOT = "mlflow-artifacts:/";
    private static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private Database database;
    private IdentityStore store;
    private final AtomicInteger tokenCounter = new AtomicInteger();

    /** A database with an up-to-date, empty schema. */
    protected abstract Database openDatabase();

    protected void closeDatabase(Database database) {
        database.close();
    }

    @BeforeEach
    void setUp() {
        database = openDatabase();
        store = new JdbcIdentityStore(database);
    }

    @AfterEach
    void tearDown() {
        closeDatabase(database);
    }

    // ---- users ----

    @Test
    void createsAndReadsAUser() {
        User ann = new User("ann", true, START);
        assertThat(store.createUser(ann)).isEqualTo(ann);
        assertThat(store.getUser("ann")).contains(ann);
        assertThat(store.getUser("bob")).isEmpty();
    }

    @Test
    void listsAndCountsUsersByName() {
        createUser("cat");
        createUser("ann");
        createUser("bob");
        assertThat(store.listUsers()).extracting(User::username).containsExactly("ann", "bob", "cat");
        assertThat(store.countUsers()).isEqualTo(3);
    }

    @Test
    void rejectsADuplicateUser() {
        createUser("ann");
        assertError(() -> store.createUser(new User("ann", true, START + 1)), ErrorCode.RESOURCE_ALREADY_EXISTS, "ann");
        assertThat(store.getUser("ann").orElseThrow().admin()).isFalse();
    }

    @Test
    void grantsAndRevokesAdmin() {
        createUser("ann");
        assertThat(store.setAdmin("ann", true)).isEqualTo(new User("ann", true, START));
        assertThat(store.getUser("ann").orElseThrow().admin()).isTrue();
        store.setAdmin("ann", false);
        assertThat(store.getUser("ann").orElseThrow().admin()).isFalse();
    }

    @Test
    void unknownUsersAreNotFound() {
        assertError(() -> store.setAdmin("ghost", true), ErrorCode.RESOURCE_DOES_NOT_EXIST, "ghost");
        assertError(() -> store.deleteUser("ghost"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "ghost");
        assertError(() -> store.createToken(token("ghost"), hash("secret")), ErrorCode.RESOURCE_DOES_NOT_EXIST, "ghost");
        assertError(() -> store.setPermission(grant("ghost", "1", Permission.READ)), ErrorCode.RESOURCE_DOES_NOT_EXIST, "ghost");
        assertThat(store.listTokens("ghost")).isEmpty();
    }

    @Test
    void deletingAUserDeletesTheirTokensAndGrants() {
        createUser("ann");
        createUser("bob");
        ApiToken annToken = store.createToken(token("ann"), hash("ann-secret"));
        ApiToken bobToken = store.createToken(token("bob"), hash("bob-secret"));
        store.setPermission(grant("ann", "1", Permission.MANAGE));
        store.setPermission(grant("bob", "1", Permission.READ));

        store.deleteUser("ann");

        assertThat(store.getUser("ann")).isEmpty();
        assertThat(store.getToken(annToken.id())).isEmpty();
        assertThat(store.findToken(hash("ann-secret"))).isEmpty();
        assertThat(store.listPermissions(null, null, null)).containsExactly(grant("bob", "1", Permission.READ));
        assertThat(store.getToken(bobToken.id())).contains(bobToken);
        createUser("ann"); // a new user of the same name inherits nothing
        assertThat(store.listTokens("ann")).isEmpty();
        assertThat(store.getPermission("ann", ResourceType.EXPERIMENT, "1")).isEmpty();
    }

    // ---- bootstrap ----

    @Test
    void bootstrapCreatesTheFirstAdminWithAToken() {
        ApiToken token = token("admin");
        assertThat(store.bootstrapAdmin(new User("admin", true, START), token, hash("first"))).isTrue();
        assertThat(store.listUsers()).containsExactly(new User("admin", true, START));
        assertThat(store.findToken(hash("first"))).contains(new TokenOwner(token, new User("admin", true, START)));
    }

    @Test
    void bootstrapDoesNothingOnceAnyUserExists() {
        createUser("ann");
        assertThat(store.bootstrapAdmin(new User("admin", true, START), token("admin"), hash("first"))).isFalse();
        assertThat(store.listUsers()).extracting(User::username).containsExactly("ann");
        assertThat(store.findToken(hash("first"))).isEmpty();
    }

    @Test
    void bootstrapSucceedsOnlyOnce() {
        assertThat(store.bootstrapAdmin(new User("admin", true, START), token("admin"), hash("first"))).isTrue();
        assertThat(store.bootstrapAdmin(new User("root", true, START), token("root"), hash("second"))).isFalse();
        assertThat(store.listUsers()).extracting(User::username).containsExactly("admin");
    }

    @Test
    void concurrentBootstrapsUnderDifferentNamesCreateExactlyOneAdmin() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 10; round++) {
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String name = "admin" + t;
                    String secret = "secret-" + round + "-" + t;
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.bootstrapAdmin(new User(name, true, START), token(name), hash(secret));
                    }));
                }
                int created = 0;
                for (Future<Boolean> result : results) {
                    created += result.get() ? 1 : 0;
                }
                assertThat(created).as("bootstraps that created an admin in round %d", round).isEqualTo(1);
                assertThat(store.countUsers()).isEqualTo(1);
                store.deleteUser(store.listUsers().get(0).username());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBootstrappedAdminAuthenticatesWithTheIssuedSecret() {
        IdentityService identity = new IdentityService(store, new TickingClock(START));
        IssuedToken issued = identity.bootstrapAdmin("admin", null, null).orElseThrow();
        assertThat(identity.findToken(issued.secret()).map(identity::principalOf)).contains(new Principal("admin", true, true));
        assertThat(identity.bootstrapAdmin("admin", null, null)).isEmpty();
    }

    // ---- tokens ----

    @Test
    void findsATokenAndItsOwnerByTheHashOfItsSecret() {
        createUser("ann");
        ApiToken token = new ApiToken(tokenId(), "ann", "laptop", START, START + 86_400_000L, null);
        assertThat(store.createToken(token, hash("s3cret"))).isEqualTo(token);
        assertThat(store.findToken(hash("s3cret"))).contains(new TokenOwner(token, new User("ann", false, START)));
        assertThat(store.findToken(hash("other"))).isEmpty();
        assertThat(store.getToken(token.id())).contains(token);
    }

    @Test
    void findsRevokedAndExpiredTokensToo() {
        createUser("ann");
        ApiToken expired = store.createToken(new ApiToken(tokenId(), "ann", "old", START, START + 1, null), hash("expired"));
        ApiToken revoked = store.createToken(token("ann"), hash("revoked"));
        store.revokeToken(revoked.id(), START + 5);
        assertThat(store.findToken(hash("expired")).orElseThrow().token()).isEqualTo(expired);
        assertThat(store.findToken(hash("revoked")).orElseThrow().token().revokedTimestamp()).isEqualTo(START + 5);
    }

    @Test
    void listsAUsersOwnTokensOldestFirst() {
        createUser("ann");
        createUser("bob");
        ApiToken second = store.createToken(new ApiToken(tokenId(), "ann", "second", START + 2, null, null), hash("2"));
        ApiToken first = store.createToken(new ApiToken(tokenId(), "ann", "first", START + 1, null, null), hash("1"));
        store.createToken(token("bob"), hash("bob"));
        assertThat(store.listTokens("ann")).containsExactly(first, second);
    }

    @Test
    void revokingKeepsTheFirstRevocationTime() {
        createUser("ann");
        ApiToken token = store.createToken(token("ann"), hash("s"));
        assertThat(store.revokeToken(token.id(), START + 10).revokedTimestamp()).isEqualTo(START + 10);
        assertThat(store.revokeToken(token.id(), START + 20).revokedTimestamp()).isEqualTo(START + 10);
        assertThat(store.getToken(token.id()).orElseThrow().revoked()).isTrue();
    }

    @Test
    void unknownTokensAreNotFound() {
        assertError(() -> store.revokeToken("tok_0000000000000000", START), ErrorCode.RESOURCE_DOES_NOT_EXIST, "tok_0000000000000000");
        assertThat(store.getToken("tok_0000000000000000")).isEmpty();
    }

    @Test
    void rejectsATokenWhoseIdIsTaken() {
        createUser("ann");
        ApiToken token = store.createToken(token("ann"), hash("one"));
        ApiToken twin = new ApiToken(token.id(), "ann", "twin", START, null, null);
        assertError(() -> store.createToken(twin, hash("two")), ErrorCode.RESOURCE_ALREADY_EXISTS, token.id());
        assertThat(store.findToken(hash("two"))).isEmpty();
    }

    // ---- permissions ----

    @Test
    void setsAndReplacesAGrant() {
        createUser("ann");
        assertThat(store.setPermission(grant("ann", "1", Permission.READ))).isEqualTo(grant("ann", "1", Permission.READ));
        store.setPermission(grant("ann", "1", Permission.MANAGE));
        assertThat(store.getPermission("ann", ResourceType.EXPERIMENT, "1")).contains(Permission.MANAGE);
        assertThat(store.listPermissions("ann", null, null)).containsExactly(grant("ann", "1", Permission.MANAGE));
    }

    @Test
    void grantsAreKeptPerResourceType() {
        createUser("ann");
        store.setPermission(grant("ann", "1", Permission.READ));
        store.setPermission(new PermissionGrant("ann", ResourceType.REGISTERED_MODEL, "1", Permission.EDIT));
        assertThat(store.getPermission("ann", ResourceType.EXPERIMENT, "1")).contains(Permission.READ);
        assertThat(store.getPermission("ann", ResourceType.REGISTERED_MODEL, "1")).contains(Permission.EDIT);
        assertThat(store.getPermission("ann", ResourceType.REGISTERED_MODEL, "2")).isEmpty();
    }

    @Test
    void deletesAGrant() {
        createUser("ann");
        store.setPermission(grant("ann", "1", Permission.READ));
        store.deletePermission("ann", ResourceType.EXPERIMENT, "1");
        assertThat(store.getPermission("ann", ResourceType.EXPERIMENT, "1")).isEmpty();
    }

    @Test
    void deletingAMissingGrantIsNotFound() {
        createUser("ann");
        assertError(() -> store.deletePermission("ann", ResourceType.EXPERIMENT, "1"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "ann");
        assertError(() -> store.deletePermission("ghost", ResourceType.EXPERIMENT, "1"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "ghost");
    }

    @Test
    void listsGrantsByUserAndOrResource() {
        createUser("ann");
        createUser("bob");
        PermissionGrant annOn1 = grant("ann", "1", Permission.READ);
        PermissionGrant annOn2 = grant("ann", "2", Permission.EDIT);
        PermissionGrant bobOn1 = grant("bob", "1", Permission.MANAGE);
        PermissionGrant bobOnModel = new PermissionGrant("bob", ResourceType.REGISTERED_MODEL, "fraud", Permission.MANAGE);
        List.of(bobOnModel, bobOn1, annOn2, annOn1).forEach(store::setPermission);

        assertThat(store.listPermissions(null, null, null)).containsExactly(annOn1, annOn2, bobOn1, bobOnModel);
        assertThat(store.listPermissions("ann", null, null)).containsExactly(annOn1, annOn2);
        assertThat(store.listPermissions(null, ResourceType.EXPERIMENT, "1")).containsExactly(annOn1, bobOn1);
        assertThat(store.listPermissions("bob", ResourceType.REGISTERED_MODEL, null)).containsExactly(bobOnModel);
        assertThat(store.listPermissions("bob", ResourceType.EXPERIMENT, "2")).isEmpty();
    }

    @Test
    void renamingAResourceMovesItsGrants() {
        createUser("ann");
        store.setPermission(new PermissionGrant("ann", ResourceType.REGISTERED_MODEL, "old", Permission.MANAGE));
        store.setPermission(new PermissionGrant("ann", ResourceType.EXPERIMENT, "old", Permission.READ));
        store.renameResource(ResourceType.REGISTERED_MODEL, "old", "new");
        assertThat(store.getPermission("ann", ResourceType.REGISTERED_MODEL, "new")).contains(Permission.MANAGE);
        assertThat(store.getPermission("ann", ResourceType.REGISTERED_MODEL, "old")).isEmpty();
        assertThat(store.getPermission("ann", ResourceType.EXPERIMENT, "old")).contains(Permission.READ);
    }

    @Test
    void renamingOntoANameWithLeftoverGrantsDropsTheLeftovers() {
        createUser("ann");
        createUser("bob");
        store.setPermission(new PermissionGrant("ann", ResourceType.REGISTERED_MODEL, "old", Permission.READ));
        store.setPermission(new PermissionGrant("ann", ResourceType.REGISTERED_MODEL, "new", Permission.MANAGE));
        store.setPermission(new PermissionGrant("bob", ResourceType.REGISTERED_MODEL, "new", Permission.MANAGE));
        store.renameResource(ResourceType.REGISTERED_MODEL, "old", "new");
        assertThat(store.listPermissions(null, ResourceType.REGISTERED_MODEL, null))
                .containsExactly(new PermissionGrant("ann", ResourceType.REGISTERED_MODEL, "new", Permission.READ));
    }

    @Test
    void renamingAResourceToItsOwnNameKeepsItsGrants() {
        createUser("ann");
        store.setPermission(new PermissionGrant("ann", ResourceType.REGISTERED_MODEL, "same", Permission.EDIT));
        store.renameResource(ResourceType.REGISTERED_MODEL, "same", "same");
        assertThat(store.getPermission("ann", ResourceType.REGISTERED_MODEL, "same")).contains(Permission.EDIT);
    }

    @Test
    void deletingAResourceDropsItsGrantsOnly() {
        createUser("ann");
        createUser("bob");
        store.setPermission(grant("ann", "1", Permission.READ));
        store.setPermission(grant("bob", "1", Permission.EDIT));
        store.setPermission(grant("bob", "2", Permission.EDIT));
        store.deleteResource(ResourceType.EXPERIMENT, "1");
        assertThat(store.listPermissions(null, null, null)).containsExactly(grant("bob", "2", Permission.EDIT));
    }

    // ---- helpers ----

    private void createUser(String username) {
        store.createUser(new User(username, false, START));
    }

    private ApiToken token(String username) {
        return new ApiToken(tokenId(), username, "", START, null, null);
    }

    private String tokenId() {
        return String.format("tok_%016x", tokenCounter.incrementAndGet());
    }

    private static PermissionGrant grant(String username, String experimentId, Permission permission) {
        return new PermissionGrant(username, ResourceType.EXPERIMENT, experimentId, permission);
    }

    private static String hash(String secret) {
        return IdentityService.hash(secret);
    }
}
