package io.slipway.server.mlflow;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.slipway.api.mlflow.TrackingMessages.Empty;
import io.slipway.api.mlflow.TrackingMessages.ProxyListResponse;
import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactService;
import io.slipway.core.artifacts.FileInfo;
import io.slipway.core.identity.Permission;
import io.slipway.server.audit.AuditTrail;
import io.slipway.server.auth.Access;
import io.slipway.server.http.ClientUploadStream;
import io.slipway.server.http.JsonIo;
import io.slipway.server.http.RequestPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * MLflow's artifact proxy, {@code /api/2.0/mlflow-artifacts/artifacts/<path>}: raw bytes in
 * (PUT, streamed to the store) and out (GET), listings by base name, deletes. MLflow clients
 * resolve {@code mlflow-artifacts:/} URIs to these routes.
 */
public final class MlflowArtifactsApi {
    public static final String PREFIX = "/api/2.0/mlflow-artifacts";
    /** A refused upload's body is read and dropped up to this size, beyond it the connection closes. */
    private static final long DISCARD_LIMIT = 8L * 1024 * 1024;

    private final ArtifactService artifacts;
    private final Access access;
    private final JsonIo io;

    public MlflowArtifactsApi(ArtifactService artifacts, Access access, JsonIo io) {
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.access = requireNonNull(access, "access is null");
        this.io = requireNonNull(io, "io is null");
    }

    public void register(RoutesConfig routes) {
        routes.get(PREFIX + "/artifacts", this::list);
        routes.get(PREFIX + "/artifacts/<path>", this::download);
        routes.put(PREFIX + "/artifacts/<path>", this::upload);
        routes.delete(PREFIX + "/artifacts/<path>", this::delete);
        for (String step : new String[] {"create", "complete", "abort"}) {
            routes.post(PREFIX + "/mpu/" + step + "/<path>", ctx -> {
                throw new SlipwayException(ErrorCode.NOT_IMPLEMENTED,
                        "Multipart upload through the proxy is not implemented: upload with a single PUT, which is streamed to the store.");
            });
        }
    }

    private void list(Context ctx) {
        String path = ctx.queryParam("path");
        access.requireArtifactPath(ctx, path, Permission.READ);
        io.write(ctx, new ProxyListResponse(artifacts.list(path)));
    }

    private void download(Context ctx) {
        String path = RequestPaths.path(ctx);
        access.requireArtifactPath(ctx, path, Permission.READ);
        InputStream content = artifacts.download(path);
        Optional<Long> size = artifacts.stat(path).map(FileInfo::fileSize);
        String name = path.substring(path.lastIndexOf('/') + 1);
        ctx.status(200)
                .contentType("application/octet-stream")
                .header("Content-Disposition", "attachment; filename*=UTF-8''" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
        size.ifPresent(bytes -> ctx.header("Content-Length", Long.toString(bytes)));
        try (InputStream in = content; OutputStream out = ctx.outputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // the client went away mid-download; nothing to answer
            ctx.status(499);
        }
    }

    private void upload(Context ctx) {
        String path = RequestPaths.path(ctx);
        access.requireArtifactPath(ctx, path, Permission.EDIT);
        long length = ctx.req().getContentLengthLong();
        MessageDigest digest = sha256();
        try (InputStream body = new ClientUploadStream(new DigestInputStream(ctx.req().getInputStream(), digest))) {
            try {
                artifacts.upload(path, body, length);
                ctx.attribute(AuditTrail.BODY_DIGEST, HexFormat.of().formatHex(digest.digest()));
            } catch (SlipwayException e) {
                JsonIo.discardBody(ctx, body, DISCARD_LIMIT);
                throw e;
            }
        } catch (IOException e) {
            throw new SlipwayException(ErrorCode.BAD_REQUEST, "Could not read the upload: " + e.getMessage(), e);
        }
        io.write(ctx, Empty.INSTANCE);
    }

    private void delete(Context ctx) {
        String path = RequestPaths.path(ctx);
        access.requireArtifactPath(ctx, path, Permission.EDIT);
        artifacts.delete(path);
        io.write(ctx, Empty.INSTANCE);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
