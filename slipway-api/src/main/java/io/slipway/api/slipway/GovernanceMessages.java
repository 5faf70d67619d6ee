package io.slipway.api.slipway;

import io.slipway.core.audit.AuditEvent;
import io.slipway.core.audit.AuditVerification;
import io.slipway.core.governance.PromotionCheck;
import io.slipway.core.governance.PromotionRequest;
import io.slipway.core.identity.ApiToken;
import io.slipway.core.identity.PermissionGrant;
import io.slipway.core.identity.User;
import java.util.List;

/**
 * Requests and responses of Slipway's governance routes under {@code /api/2.0/slipway/}: users,
 * tokens, permission grants, promotions and the audit trail (see docs/governance-api.md). Server
 * and client both use these records, so the wire format is written down once.
 */
public final class GovernanceMessages {
    private GovernanceMessages() {}

    // ---- users ----

    public record UserResponse(User user) {}

    public record MeResponse(User user, boolean authEnabled) {}

    public record UsersResponse(List<User> users) {}

    public record CreateUser(String username, Boolean admin) {}

    public record UpdateUser(String username, Boolean admin) {}

    public record Username(String username) {}

    // ---- tokens ----

    public record CreateToken(String username, String name, Long expirationTimestamp, Integer expiresInDays) {}

    public record TokenCreated(ApiToken token, String secret) {}

    public record TokenResponse(ApiToken token) {}

    public record TokensResponse(List<ApiToken> tokens) {}

    public record TokenRef(String id) {}

    // ---- permissions ----

    public record SetPermission(String username, String resourceType, String resourceId, String permission) {}

    public record PermissionRef(String username, String resourceType, String resourceId) {}

    public record PermissionResponse(PermissionGrant permission) {}

    public record PermissionsResponse(List<PermissionGrant> permissions) {}

    // ---- promotions ----

    public record CreatePromotion(String name, String version, String alias, String comment, List<PromotionCheck> checks) {}

    public record PromotionRef(String id) {}

    public record DecidePromotion(String id, String comment) {}

    public record ListPromotions(String name, String status, Integer maxResults) {}

    public record PromotionResponse(PromotionRequest promotionRequest) {}

    public record PromotionsResponse(List<PromotionRequest> promotionRequests) {}

    // ---- audit ----

    public record AuditEventsQuery(String actor, String target, String action, Long fromTimestamp, Long toTimestamp, Long afterSeq,
            Integer maxResults) {}

    /** An audit event as it travels: the record's fields flattened next to the chain's. */
    public record AuditEventView(long seq, long timestamp, String actor, String sourceIp, String action, String target, String requestId,
            int status, String digest, String prevHash, String hash) {
        public static AuditEventView of(AuditEvent e) {
            var r = e.record();
            return new AuditEventView(e.seq(), r.timestamp(), r.actor(), r.sourceIp(), r.action(), r.target(), r.requestId(), r.status(),
                    r.digest(), e.prevHash(), e.hash());
        }
    }

    public record AuditEventsResponse(List<AuditEventView> events, Long nextAfterSeq) {}

    public record AuditVerifyResponse(boolean intact, long eventsChecked, long lastSeq, Long firstBrokenSeq, String problem) {
        public static AuditVerifyResponse of(AuditVerification v) {
            return new AuditVerifyResponse(v.intact(), v.eventsChecked(), v.lastSeq(), v.firstBrokenSeq(), v.problem());
        }
    }
}
