package io.slipway.server.slipway;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.slipway.api.mlflow.TrackingMessages.Empty;
import io.slipway.api.slipway.DatasetMessages.BlobSizes;
import io.slipway.api.slipway.DatasetMessages.CommitUpload;
import io.slipway.api.slipway.DatasetMessages.CreateUpload;
import io.slipway.api.slipway.DatasetMessages.DatasetName;
import io.slipway.api.slipway.DatasetMessages.DatasetVersionRef;
import io.slipway.api.slipway.DatasetMessages.DatasetVersionResponse;
import io.slipway.api.slipway.DatasetMessages.DatasetVersionsResponse;
import io.slipway.api.slipway.DatasetMessages.DatasetsResponse;
import io.slipway.api.slipway.DatasetMessages.DiffResponse;
import io.slipway.api.slipway.DatasetMessages.DiffVersions;
import io.slipway.api.slipway.DatasetMessages.KnownSizes;
import io.slipway.api.slipway.DatasetMessages.UploadCreated;
import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.core.data.BlobStore;
import io.slipway.core.data.DataService;
import io.slipway.core.data.DataService.UploadStarted;
import io.slipway.core.data.DatasetFile;
import io.slipway.core.data.DatasetUpload;
import io.slipway.core.data.DatasetVersion;
import io.slipway.core.data.StoredBlob;
import io.slipway.core.identity.Permission;
import io.slipway.core.identity.Principal;
import io.slipway.core.identity.ResourceType;
import io.slipway.server.audit.AuditTrail;
import io.slipway.server.auth.Access;
import io.slipway.server.http.ClientUploadStream;
import io.slipway.server.http.JsonIo;
import io.slipway.server.http.ReadAheadInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Versioned datasets under {@code /api/2.0/slipway/datasets/}. Adding a version: create an
 * upload (its manifest), PUT the blobs the answer lists as missing, commit. Before that, a
 * client may stream big files whose hash it has not computed (POST blobs/stream, the server
 * answers the hash), after asking which of their sizes are known (POST blobs/sizes): files of a
 * known size may be stored already, so they are hashed first instead.
 *
 * <p>Who may do what: reading a dataset, its versions, diffs and blobs needs READ on it; adding a
 * version needs EDIT, except the first, which any authenticated user may add (and then gets
 * MANAGE). Any authenticated user may PUT or stream a blob: blobs are content-addressed, verified
 * against (or stored at) the address their bytes hash to, and readable only through a version
 * that names them and that the reader may read, so storing one grants nothing and reveals
 * nothing. Any authenticated user may ask which file sizes are known: it tells less than
 * uploads/create's missing blobs already do.
 */
public final class DatasetsApi {
    private static final String PREFIX = IdentityApi.PREFIX + "datasets/";
    /** A refused or redundant blob's body is read and dropped up to this size, beyond it the connection closes. */
    private static final long DISCARD_LIMIT = 8L * 1024 * 1024;
    private static final int READ_AHEAD_BUFFERS = 4;
    private static final int READ_AHEAD_BUFFER_BYTES = 1024 * 1024;

    private final DataService data;
    private final Access access;
    private final JsonIo io;

    public DatasetsApi(DataService data, Access access, JsonIo io) {
        this.data = requireNonNull(data, "data is null");
        this.access = requireNonNull(access, "access is null");
        this.io = requireNonNull(io, "io is null");
    }

    public void register(RoutesConfig routes) {
        routes.post(PREFIX + "uploads/create", this::createUpload);
        routes.put(PREFIX + "blobs/{sha256}", this::putBlob);
        routes.post(PREFIX + "blobs/sizes", this::knownSizes);
        routes.post(PREFIX + "blobs/stream", this::streamBlob);
        routes.post(PREFIX + "uploads/commit", this::commitUpload);
        routes.get(PREFIX + "blobs/{sha256}", this::getBlob);
        routes.get(PREFIX + "list", this::list);
        routes.get(PREFIX + "versions", this::versions);
        routes.get(PREFIX + "get", this::get);
        routes.get(PREFIX + "diff", this::diff);
    }

    private void createUpload(Context ctx) {
        CreateUpload request = io.read(ctx, CreateUpload.class);
        DataService.validateName(request.name());
        requireMayAddVersion(ctx, request.name());
        if (request.schema() != null && !request.schema().isEmpty()) {
            io.requireJsonObject(request.schema(), "schema");
        }
        UploadStarted started = data.beginUpload(request.toNewVersion(access.principal(ctx).username()));
        io.write(ctx, new UploadCreated(started.upload().id(), started.digest(), started.missingBlobs()));
    }

    private void putBlob(Context ctx) {
        Access.target(ctx, "dataset-blob:" + ctx.pathParam("sha256"));
        access.principal(ctx);
        long length = ctx.req().getContentLengthLong();
        try (InputStream body = new ClientUploadStream(ctx.req().getInputStream())) {
            try {
                String sha256 = blobAddress(ctx);
                data.putBlob(sha256, body, length);
                ctx.attribute(AuditTrail.BODY_DIGEST, sha256);
            } finally {
                // a refused blob, or one already stored, leaves the body unread
                drain(ctx, body);
            }
        } catch (IOException e) {
            throw new SlipwayException(ErrorCode.BAD_REQUEST, "Could not read the upload: " + e.getMessage(), e);
        }
        io.write(ctx, Empty.INSTANCE);
    }

    private void knownSizes(Context ctx) {
        access.principal(ctx);
        io.write(ctx, new KnownSizes(data.knownFileSizes(io.read(ctx, BlobSizes.class).sizes())));
    }

    /** The body, exactly Content-Length bytes, becomes the blob its bytes hash to; answers that hash. */
    private void streamBlob(Context ctx) {
        Access.target(ctx, "dataset-blob:stream");
        access.principal(ctx);
        long length = ctx.req().getContentLengthLong();
        StoredBlob stored;
        // received on a thread of its own so the kernel's copies overlap with hashing
        try (InputStream body = new ReadAheadInputStream(new ClientUploadStream(ctx.req().getInputStream()), READ_AHEAD_BUFFERS,
                READ_AHEAD_BUFFER_BYTES)) {
            try {
                if (length < 0) {
                    throw new SlipwayException(ErrorCode.BAD_REQUEST,
                            "A streamed blob needs a Content-Length header: the server stores exactly that many bytes.");
                }
                stored = data.streamBlob(body, length);
                ctx.attribute(AuditTrail.BODY_DIGEST, stored.sha256());
            } finally {
                drain(ctx, body);
            }
        } catch (IOException e) {
            throw new SlipwayException(ErrorCode.BAD_REQUEST, "Could not read the upload: " + e.getMessage(), e);
        }
        Access.target(ctx, "dataset-blob:" + stored.sha256());
        io.write(ctx, stored);
    }

    private void commitUpload(Context ctx) {
        DatasetUpload upload = data.getUpload(io.read(ctx, CommitUpload.class).uploadId());
        String name = upload.version().name();
        Principal caller = access.principal(ctx);
        boolean first = requireMayAddVersion(ctx, name);
        if (access.enabled() && !caller.admin() && !caller.username().equals(upload.version().createdBy())) {
            throw new SlipwayException(ErrorCode.PERMISSION_DENIED, "Upload " + upload.id() + " was created by another user; only they commit it.");
        }
        DatasetVersion committed = data.commitUpload(upload.id());
        if (first && committed.version() == 1 && committed.createdBy().equals(caller.username())) {
            access.grantCreator(ctx, ResourceType.DATASET, name);
        }
        Access.target(ctx, "dataset:" + committed.reference());
        io.write(ctx, new DatasetVersionResponse(committed));
    }

    private void getBlob(Context ctx) {
        String sha256 = blobAddress(ctx);
        DatasetVersion version = readableVersion(ctx, io.read(ctx, DatasetVersionRef.class));
        DatasetFile file = version.files().stream().filter(f -> f.sha256().equals(sha256)).findFirst()
                .orElseThrow(() -> SlipwayException.notFound("Dataset %s has no file with SHA-256 %s.", version.reference(), sha256));
        InputStream content = data.openBlob(sha256);
        ctx.status(200).contentType("application/octet-stream").header("Content-Length", Long.toString(file.size()));
        try (InputStream in = content; OutputStream out = ctx.outputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // the client went away mid-download; nothing to answer
            ctx.status(499);
        }
    }

    private void list(Context ctx) {
        io.write(ctx, new DatasetsResponse(data.listDatasets().stream()
                .filter(dataset -> access.canRead(ctx, ResourceType.DATASET, dataset.name())).toList()));
    }

    private void versions(Context ctx) {
        String name = io.read(ctx, DatasetName.class).name();
        DataService.validateName(name);
        access.requireDataset(ctx, name, Permission.READ);
        io.write(ctx, new DatasetVersionsResponse(data.listVersions(name)));
    }

    private void get(Context ctx) {
        io.write(ctx, new DatasetVersionResponse(readableVersion(ctx, io.read(ctx, DatasetVersionRef.class))));
    }

    private void diff(Context ctx) {
        DiffVersions request = io.read(ctx, DiffVersions.class);
        DataService.validateName(request.name());
        access.requireDataset(ctx, request.name(), Permission.READ);
        io.write(ctx, new DiffResponse(data.diff(request.name(), request.requireFrom(), request.requireTo())));
    }

    private DatasetVersion readableVersion(Context ctx, DatasetVersionRef ref) {
        DataService.validateName(ref.name());
        access.requireDataset(ctx, ref.name(), Permission.READ);
        DatasetVersion version = data.getVersion(ref.name(), ref.version());
        Access.target(ctx, "dataset:" + version.reference());
        return version;
    }

    /**
     * Checks the caller may add a version to {@code name}: EDIT once it has versions, anyone
     * authenticated before. Answers whether it has none yet.
     */
    private boolean requireMayAddVersion(Context ctx, String name) {
        if (data.exists(name)) {
            access.requireDataset(ctx, name, Permission.EDIT);
            return false;
        }
        access.principal(ctx);
        Access.target(ctx, "dataset:" + name);
        return true;
    }

    private static void drain(Context ctx, InputStream body) {
        try {
            JsonIo.discardBody(ctx, body, DISCARD_LIMIT);
        } catch (SlipwayException e) {
            // the client went away: nothing left to drain
            ctx.header("Connection", "close");
        }
    }

    private static String blobAddress(Context ctx) {
        String sha256 = ctx.pathParam("sha256");
        BlobStore.pathOf(sha256); // refuses anything but 64 lower-case hex digits
        return sha256;
    }
}
