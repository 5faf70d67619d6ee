package io.slipway.store.jdbc;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import io.slipway.core.identity.ApiToken;
import io.slipway.core.identity.IdentityService;
import io.slipway.core.identity.IdentityStore;
import io.slipway.core.identity.Permission;
import io.slipway.core.identity.PermissionGrant;
import io.slipway.core.identity.ResourceType;
import io.slipway.core.identity.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * {@link IdentityStore} on SQLite or PostgreSQL. Users have a compact key ({@code user_pk}) that
 * their tokens and grants reference, so deleting a user takes both along (ON DELETE CASCADE).
 * Tokens are kept as the SHA-256 of their secret only; resource types as their wire names.
 */
public final class JdbcIdentityStore implements IdentityStore {
    private static final String SELECT_TOKENS = "SELECT t.token_id, u.username, t.name, t.creation_time, t.expiration_time,"
            + " t.revoked_time, u.is_admin, u.creation_time AS user_creation_time FROM api_tokens t JOIN users u ON u.user_pk = t.user_pk";

    private final SqlDialect dialect;
    private final Transactions tx;

    public JdbcIdentityStore(Database database) {
        requireNonNull(database, "database is null");
        this.dialect = database.dialect();
        this.tx = new Transactions(database);
    }

    // ---- users ----

    @Override
    public User createUser(User user) {
        return tx.write(h -> {
            if (findUserPk(h, user.username()).isPresent()) {
                throw userExists(user.username());
            }
            insertUser(h, user);
            return user;
        }, () -> userExists(user.username()));
    }

    @Override
    public Optional<User> getUser(String username) {
        return tx.read(h -> h.createQuery("SELECT username, is_admin, creation_time FROM users WHERE username = ?")
                .bind(0, username).map((rs, ctx) -> user(rs)).findOne());
    }

    @Override
    public List<User> listUsers() {
        return tx.read(h -> h.createQuery("SELECT username, is_admin, creation_time FROM users ORDER BY username")
                .map((rs, ctx) -> user(rs)).list());
    }

    @Override
    public long countUsers() {
        return tx.read(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one());
    }

    @Override
    public User setAdmin(String username, boolean admin) {
        return tx.write(h -> h.createQuery("UPDATE users SET is_admin = ? WHERE username = ? RETURNING username, is_admin, creation_time")
                .bind(0, admin).bind(1, username).map((rs, ctx) -> user(rs)).findOne()
                .orElseThrow(() -> IdentityService.userNotFound(username)));
    }

    @Override
    public void deleteUser(String username) {
        tx.write(h -> {
            if (h.execute("DELETE FROM users WHERE username = ?", username) == 0) {
                throw IdentityService.userNotFound(username);
            }
            return null;
        });
    }

    @Override
    public boolean bootstrapAdmin(User admin, ApiToken token, String tokenHash) {
        return tx.write(h -> {
            // two servers starting together: the second waits here, then finds the first one's admin
            dialect.lockTableAgainstWrites(h.getConnection(), "users");
            if (h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one() > 0) {
                return false;
            }
            insertToken(h, insertUser(h, admin), token, tokenHash);
            return true;
        });
    }

    // ---- tokens ----

    @Override
    public ApiToken createToken(ApiToken token, String tokenHash) {
        return tx.write(h -> {
            long userPk = findUserPk(h, token.username()).orElseThrow(() -> IdentityService.userNotFound(token.username()));
            insertToken(h, userPk, token, tokenHash);
            return token;
        }, () -> SlipwayException.alreadyExists("Token '%s' already exists.", token.id()));
    }

    @Override
    public Optional<TokenOwner> findToken(String tokenHash) {
        return tx.read(h -> h.createQuery(SELECT_TOKENS + " WHERE t.token_hash = ?")
                .bind(0, tokenHash)
                .map((rs, ctx) -> new TokenOwner(token(rs),
                        new User(rs.getString("username"), rs.getBoolean("is_admin"), rs.getLong("user_creation_time"))))
                .findOne());
    }

    @Override
    public Optional<ApiToken> getToken(String id) {
        return tx.read(h -> loadToken(h, id));
    }

    @Override
    public List<ApiToken> listTokens(String username) {
        return tx.read(h -> h.createQuery(SELECT_TOKENS + " WHERE u.username = ? ORDER BY t.creation_time, t.token_id")
                .bind(0, username).map((rs, ctx) -> token(rs)).list());
    }

    @Override
    public ApiToken revokeToken(String id, long now) {
        return tx.write(h -> {
            if (h.execute("UPDATE api_tokens SET revoked_time = COALESCE(revoked_time, ?) WHERE token_id = ?", now, id) == 0) {
                throw tokenNotFound(id);
            }
            return loadToken(h, id).orElseThrow();
        });
    }

    // ---- permissions ----

    @Override
    public PermissionGrant setPermission(PermissionGrant grant) {
        return tx.write(h -> {
            long userPk = findUserPk(h, grant.username()).orElseThrow(() -> IdentityService.userNotFound(grant.username()));
            h.execute("INSERT INTO permissions (user_pk, resource_type, resource_id, permission) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (user_pk, resource_type, resource_id) DO UPDATE SET permission = excluded.permission",
                    userPk, grant.resourceType().wireName(), grant.resourceId(), grant.permission().name());
            return grant;
        });
    }

    @Override
    public void deletePermission(String username, ResourceType type, String resourceId) {
        tx.write(h -> {
            int deleted = h.execute("DELETE FROM permissions WHERE user_pk = (SELECT user_pk FROM users WHERE username = ?)"
                    + " AND resource_type = ? AND resource_id = ?", username, type.wireName(), resourceId);
            if (deleted == 0) {
                throw SlipwayException.notFound("User '%s' has no permission on %s '%s'.", username, type.wireName(), resourceId);
            }
            return null;
        });
    }

    @Override
    public Optional<Permission> getPermission(String username, ResourceType type, String resourceId) {
        return tx.read(h -> h.createQuery("SELECT p.permission FROM permissions p JOIN users u ON u.user_pk = p.user_pk"
                        + " WHERE u.username = ? AND p.resource_type = ? AND p.resource_id = ?")
                .bind(0, username).bind(1, type.wireName()).bind(2, resourceId)
                .map((rs, ctx) -> Permission.valueOf(rs.getString(1))).findOne());
    }

    @Override
    public List<PermissionGrant> listPermissions(String username, ResourceType type, String resourceId) {
        SqlFragment sql = new SqlFragment().append("SELECT u.username, p.resource_type, p.resource_id, p.permission"
                + " FROM permissions p JOIN users u ON u.user_pk = p.user_pk WHERE 1 = 1");
        if (username != null) {
            sql.append(" AND u.username = ?", username);
        }
        if (type != null) {
            sql.append(" AND p.resource_type = ?", type.wireName());
        }
        if (resourceId != null) {
            sql.append(" AND p.resource_id = ?", resourceId);
        }
        sql.append(" ORDER BY u.username, p.resource_type, p.resource_id");
        return tx.read(h -> sql.bindTo(h.createQuery(sql.sql()))
                .map((rs, ctx) -> new PermissionGrant(rs.getString(1), ResourceType.parse(rs.getString(2), "resource_type"),
                        rs.getString(3), Permission.valueOf(rs.getString(4))))
                .list());
    }

    @Override
    public void renameResource(ResourceType type, String oldId, String newId) {
        if (oldId.equals(newId)) {
            return;
        }
        tx.write(h -> {
            // the new name was free, so grants still on it are leftovers of a deleted resource: they must not carry over
            h.execute("DELETE FROM permissions WHERE resource_type = ? AND resource_id = ?", type.wireName(), newId);
            h.execute("UPDATE permissions SET resource_id = ? WHERE resource_type = ? AND resource_id = ?", newId, type.wireName(), oldId);
            return null;
        });
    }

    @Override
    public void deleteResource(ResourceType type, String resourceId) {
        tx.write(h -> h.execute("DELETE FROM permissions WHERE resource_type = ? AND resource_id = ?", type.wireName(), resourceId));
    }

    // ---- helpers ----

    private static long insertUser(Handle h, User user) {
        return h.createQuery("INSERT INTO users (username, is_admin, creation_time) VALUES (?, ?, ?) RETURNING user_pk")
                .bind(0, user.username()).bind(1, user.admin()).bind(2, user.creationTimestamp())
                .mapTo(Long.class).one();
    }

    private static void insertToken(Handle h, long userPk, ApiToken token, String tokenHash) {
        h.execute("INSERT INTO api_tokens (token_id, user_pk, name, token_hash, creation_time, expiration_time, revoked_time)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                token.id(), userPk, token.name(), requireNonNull(tokenHash, "tokenHash is null"), token.creationTimestamp(),
                token.expirationTimestamp(), token.revokedTimestamp());
    }

    private static Optional<Long> findUserPk(Handle h, String username) {
        return h.createQuery("SELECT user_pk FROM users WHERE username = ?").bind(0, username).mapTo(Long.class).findOne();
    }

    private static Optional<ApiToken> loadToken(Handle h, String id) {
        return h.createQuery(SELECT_TOKENS + " WHERE t.token_id = ?")
                .bind(0, id).map((rs, ctx) -> token(rs)).findOne();
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getString("username"), rs.getBoolean("is_admin"), rs.getLong("creation_time"));
    }

    private static ApiToken token(ResultSet rs) throws SQLException {
        return new ApiToken(rs.getString("token_id"), rs.getString("username"), rs.getString("name"), rs.getLong("creation_time"),
                nullableLong(rs, "expiration_time"), nullableLong(rs, "revoked_time"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static SlipwayException userExists(String username) {
        return SlipwayException.alreadyExists("User '%s' already exists.", username);
    }

    private static SlipwayException tokenNotFound(String id) {
        return SlipwayException.notFound("Token '%s' does not exist.", id);
    }
}
