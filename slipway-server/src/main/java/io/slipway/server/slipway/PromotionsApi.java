package io.slipway.server.slipway;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.slipway.api.slipway.GovernanceMessages.CreatePromotion;
import io.slipway.api.slipway.GovernanceMessages.DecidePromotion;
import io.slipway.api.slipway.GovernanceMessages.ListPromotions;
import io.slipway.api.slipway.GovernanceMessages.PromotionRef;
import io.slipway.api.slipway.GovernanceMessages.PromotionResponse;
import io.slipway.api.slipway.GovernanceMessages.PromotionsResponse;
import io.slipway.core.governance.PromotionRequest;
import io.slipway.core.governance.PromotionService;
import io.slipway.core.identity.Permission;
import io.slipway.core.identity.Principal;
import io.slipway.core.identity.ResourceType;
import io.slipway.server.auth.Access;
import io.slipway.server.http.JsonIo;
import java.util.List;

/** Four-eyes promotion requests under {@code /api/2.0/slipway/promotions/}. */
public final class PromotionsApi {
    private static final String PREFIX = IdentityApi.PREFIX + "promotions/";

    private final PromotionService promotions;
    private final Access access;
    private final JsonIo io;

    public PromotionsApi(PromotionService promotions, Access access, JsonIo io) {
        this.promotions = requireNonNull(promotions, "promotions is null");
        this.access = requireNonNull(access, "access is null");
        this.io = requireNonNull(io, "io is null");
    }

    public void register(RoutesConfig routes) {
        routes.post(PREFIX + "create", this::create);
        routes.get(PREFIX + "get", this::get);
        routes.get(PREFIX + "list", this::list);
        routes.post(PREFIX + "approve", this::approve);
        routes.post(PREFIX + "reject", this::reject);
        routes.post(PREFIX + "cancel", this::cancel);
    }

    private void create(Context ctx) {
        CreatePromotion request = io.read(ctx, CreatePromotion.class);
        access.requireModelVersion(ctx, request.name(), request.version(), Permission.EDIT);
        PromotionRequest created = promotions.request(access.principal(ctx).username(), request.name(), request.version(),
                request.alias(), request.comment(), request.checks());
        Access.target(ctx, "promotion:" + created.id());
        io.write(ctx, new PromotionResponse(created));
    }

    private void get(Context ctx) {
        PromotionRequest request = promotions.get(io.read(ctx, PromotionRef.class).id());
        access.requireModel(ctx, request.name(), Permission.READ);
        io.write(ctx, new PromotionResponse(request));
    }

    private void list(Context ctx) {
        ListPromotions request = io.read(ctx, ListPromotions.class);
        if (request.name() != null && !request.name().isEmpty()) {
            access.requireModel(ctx, request.name(), Permission.READ);
        }
        List<PromotionRequest> readable = promotions.list(request.name(), request.status(), request.maxResults()).stream()
                .filter(p -> access.canRead(ctx, ResourceType.REGISTERED_MODEL, p.name())).toList();
        io.write(ctx, new PromotionsResponse(readable));
    }

    private void approve(Context ctx) {
        DecidePromotion request = io.read(ctx, DecidePromotion.class);
        PromotionRequest pending = decidable(ctx, request.id(), Permission.MANAGE);
        io.write(ctx, new PromotionResponse(promotions.approve(access.principal(ctx).username(), pending.id(), request.comment())));
    }

    private void reject(Context ctx) {
        DecidePromotion request = io.read(ctx, DecidePromotion.class);
        PromotionRequest pending = decidable(ctx, request.id(), Permission.MANAGE);
        io.write(ctx, new PromotionResponse(promotions.reject(access.principal(ctx).username(), pending.id(), request.comment())));
    }

    private void cancel(Context ctx) {
        DecidePromotion request = io.read(ctx, DecidePromotion.class);
        PromotionRequest pending = decidable(ctx, request.id(), Permission.READ);
        Principal principal = access.principal(ctx);
        io.write(ctx, new PromotionResponse(promotions.cancel(principal.username(), principal.admin() && access.enabled(), pending.id(),
                request.comment())));
    }

    private PromotionRequest decidable(Context ctx, String id, Permission needed) {
        Access.target(ctx, "promotion:" + id);
        PromotionRequest request = promotions.get(id);
        access.requireModel(ctx, request.name(), needed);
        Access.target(ctx, "promotion:" + id);
        return request;
    }
}
