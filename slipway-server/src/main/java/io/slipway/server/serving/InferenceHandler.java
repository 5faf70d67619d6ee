package io.slipway.server.serving;

import static java.util.Objects.requireNonNull;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path of serving, as a Jetty handler inserted in front of Javalin's servlet (see
 * {@link ServingApi#fastPath}): it recognises the inference routes by their path, reads the body
 * into one array, lets {@link ServingApi} answer, and writes the answer with its length in one
 * write. Any other request goes on to Javalin unchanged.
 */
public final class InferenceHandler extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceHandler.class);
    private static final String MODELS = "/v2/models/";
    private static final String DEPLOYMENTS = "/deployments/";

    private final ServingApi api;
    private final ServingApi.Guard guard;
    private final String rootDeployment;
    private final long maxBodyBytes;

    InferenceHandler(ServingApi api, ServingApi.Guard guard, String rootDeployment, long maxBodyBytes) {
        this.api = requireNonNull(api, "api is null");
        this.guard = requireNonNull(guard, "guard is null");
        this.rootDeployment = rootDeployment;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** A recognised inference route: the deployment, the version asked for (or null), and which protocol. */
    private record Target(String deployment, String version, boolean oip) {}

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!"POST".equals(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        Target target = target(Request.getPathInContext(request));
        if (target == null) {
            return super.handle(request, response, callback);
        }
        ServingApi.Reply reply;
        boolean close = false;
        try {
            // the body is read first, even for a caller about to be refused: an unread body would make
            // Jetty close the connection after the answer, under a client that may already reuse it
            byte[] body;
            try {
                body = body(request);
            } catch (SlipwayException e) {
                close = true;
                throw e;
            }
            guard.check(request.getHeaders().get(HttpHeader.AUTHORIZATION), target.deployment());
            String requestId = request.getHeaders().get(ServingApi.REQUEST_ID_HEADER);
            reply = target.oip() ? api.infer(target.deployment(), target.version(), requestId, body)
                    : api.invocations(target.deployment(), request.getHeaders().get(HttpHeader.CONTENT_TYPE), requestId, body);
        } catch (SlipwayException e) {
            if (e.errorCode().httpStatus() >= 500) {
                LOG.error("POST {} failed: {}", request.getHttpURI().getPath(), e.getMessage(), e);
            }
            reply = ServingApi.Reply.error(e.errorCode(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("POST {}: unexpected failure (a bug)", request.getHttpURI().getPath(), e);
            reply = ServingApi.Reply.error(ErrorCode.INTERNAL_ERROR, "Internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        response.setStatus(reply.status());
        for (int i = 0; i < reply.headers().size(); i += 2) {
            response.getHeaders().put(reply.headers().get(i), reply.headers().get(i + 1));
        }
        if (close) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
        return true;
    }

    /** The route {@code path} names, or null for any other path (Javalin answers those, 404 included). */
    private Target target(String path) {
        if (path == null) {
            return null;
        }
        if (path.startsWith(MODELS) && path.endsWith("/infer")) {
            String[] parts = path.substring(MODELS.length(), path.length() - "/infer".length()).split("/", -1);
            if (parts.length == 1 && !parts[0].isEmpty()) {
                return new Target(parts[0], null, true);
            }
            if (parts.length == 3 && !parts[0].isEmpty() && parts[1].equals("versions") && !parts[2].isEmpty()) {
                return new Target(parts[0], parts[2], true);
            }
            return null;
        }
        if (path.startsWith(DEPLOYMENTS) && path.endsWith("/invocations")) {
            String name = path.substring(DEPLOYMENTS.length(), path.length() - "/invocations".length());
            return name.isEmpty() || name.contains("/") ? null : new Target(name, null, false);
        }
        if (rootDeployment != null && path.equals("/invocations")) {
            return new Target(rootDeployment, null, false);
        }
        return null;
    }

    private byte[] body(Request request) throws SlipwayException {
        long length = request.getLength();
        if (length > maxBodyBytes) {
            throw new SlipwayException(ErrorCode.REQUEST_TOO_LARGE, "The request body has " + length + " bytes; this server takes at most "
                    + maxBodyBytes + ".");
        }
        try {
            InputStream in = Content.Source.asInputStream(request);
            byte[] body = in.readNBytes(length >= 0 ? (int) length : (int) maxBodyBytes + 1);
            // read up to the end of the content, so that Jetty sees it consumed and keeps the connection
            if (body.length <= maxBodyBytes && in.read() != -1) {
                throw new SlipwayException(ErrorCode.INVALID_PARAMETER_VALUE, "The request body is longer than its Content-Length.");
            }
            if (body.length > maxBodyBytes) {
                throw new SlipwayException(ErrorCode.REQUEST_TOO_LARGE, "The request body has more than " + maxBodyBytes
                        + " bytes; this server takes at most " + maxBodyBytes + ".");
            }
            return body;
        } catch (IOException e) {
            throw new SlipwayException(ErrorCode.INVALID_PARAMETER_VALUE, "The request body could not be read: " + e.getMessage(), e);
        }
    }
}
